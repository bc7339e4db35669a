#include "models/workload.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace mlsysim {

namespace {
// Korthikanti et al. (2023), Table 2: bytes a layer keeps per token per unit
// width (34), per attention score entry (softmax 2 + dropout mask 1 + dropped 2),
// and per layer input under full recomputation (2). All in 16-bit storage.
constexpr double kPerTokenBytes = 34;
constexpr double kScoreBytes = 5;
constexpr double kLayerInputBytes = 2;
constexpr double kAdamBytesPerParam = 12;  // FP32 master + two moments
constexpr double kSgdBytesPerParam = 4;    // FP32 master
constexpr int kDefaultHidden = 4096;       // reference fallback when hidden_dim is unknown

// Python's `x or default`: a missing or zero value falls back.
double or_default(const std::optional<double>& v, double fallback) {
  return v && *v != 0 ? *v : fallback;
}
}  // namespace

const char* workload_kind_name(WorkloadKind kind) {
  switch (kind) {
    case WorkloadKind::Workload: return "workload";
    case WorkloadKind::Transformer: return "transformer";
    case WorkloadKind::SparseTransformer: return "sparse_transformer";
    case WorkloadKind::Cnn: return "cnn";
    case WorkloadKind::Ssm: return "ssm";
    case WorkloadKind::Diffusion: return "diffusion";
    case WorkloadKind::Embodied: return "embodied";
  }
  return "workload";
}

const char* workload_class_name(WorkloadKind kind) {
  switch (kind) {
    case WorkloadKind::Workload: return "Workload";
    case WorkloadKind::Transformer: return "TransformerWorkload";
    case WorkloadKind::SparseTransformer: return "SparseTransformerWorkload";
    case WorkloadKind::Cnn: return "CNNWorkload";
    case WorkloadKind::Ssm: return "SSMWorkload";
    case WorkloadKind::Diffusion: return "DiffusionWorkload";
    case WorkloadKind::Embodied: return "EmbodiedWorkload";
  }
  return "Workload";
}

double size_in_bytes(const Workload& w, double bytes_per_param) {
  if (w.model_size_bytes && bytes_per_param == 2.0) return *w.model_size_bytes;
  if (w.parameters) return *w.parameters * bytes_per_param;
  if (w.model_size_bytes) return *w.model_size_bytes;
  throw InputError("model '" + w.key + "' defines neither parameters nor model_size");
}

ComputationGraph lower(const Workload& w, double bpp) {
  ComputationGraph g;
  // The framework tax counts layers where the class has them; CNNs without a
  // count, diffusion and plain workloads pay for one.
  bool has_layers = w.kind != WorkloadKind::Workload && w.kind != WorkloadKind::Diffusion;
  g.layers = has_layers && w.layers && *w.layers != 0 ? *w.layers : 1;

  switch (w.kind) {
    case WorkloadKind::Workload:
      if (!w.parameters && w.model_size_bytes) {
        g.weight_bytes = *w.model_size_bytes;
        g.total_ops = or_default(w.inference_flops, 0);
        return g;
      }
      if (!w.parameters)
        throw InputError("model '" + w.key + "' defines neither parameters nor model_size");
      g.parameter_count = *w.parameters;
      g.weight_bytes = *w.parameters * bpp;
      g.total_ops = or_default(w.inference_flops, 2 * *w.parameters);
      return g;
    case WorkloadKind::SparseTransformer:
      g.parameter_count = w.parameters.value_or(0);
      g.weight_bytes = size_in_bytes(w, bpp);
      g.total_ops = or_default(w.inference_flops, 2 * w.active_parameters.value_or(0));
      return g;
    case WorkloadKind::Cnn:
      g.parameter_count = w.parameters.value_or(0);
      g.weight_bytes = size_in_bytes(w, bpp);
      g.total_ops = w.inference_flops.value_or(0);
      return g;
    case WorkloadKind::Diffusion:
      g.parameter_count = w.parameters.value_or(0);
      g.weight_bytes = size_in_bytes(w, bpp);
      g.total_ops = or_default(w.inference_flops, 2 * w.parameters.value_or(0)) * w.denoising_steps.value_or(1);
      return g;
    case WorkloadKind::Transformer:
    case WorkloadKind::Ssm:
    case WorkloadKind::Embodied:
      g.parameter_count = w.parameters.value_or(0);
      g.weight_bytes = size_in_bytes(w, bpp);
      g.total_ops = or_default(w.inference_flops, 2 * w.parameters.value_or(0));
      return g;
  }
  return g;
}

double activation_memory_bytes(int layers, double s, double b, double h, std::optional<int> heads,
                               double precision_bytes, ActivationStrategy strategy) {
  require_count_at_least(layers, 1, "n_layers");
  const double scale = precision_bytes / 2;  // the constants are 16-bit bytes
  double per_layer = 0;
  switch (strategy) {
    case ActivationStrategy::Full: per_layer = kLayerInputBytes * s * b * h * scale; break;
    case ActivationStrategy::Selective: per_layer = kPerTokenBytes * s * b * h * scale; break;
    case ActivationStrategy::None:
      if (!heads)
        throw InputError("activation strategy 'none' needs the model's attention head count (heads)");
      per_layer = (kPerTokenBytes * s * b * h + kScoreBytes * *heads * s * s * b) * scale;
      break;
  }
  return layers * per_layer;
}

double transformer_training_memory_bytes(const Workload& w, const TrainingFootprintInputs& in) {
  const double bpp = bytes_per_element(in.precision);
  const double params = w.parameters.value_or(0);
  double weights = params * bpp;
  double grads = params * bpp;
  double optimizer = params * (in.adam ? kAdamBytesPerParam : kSgdBytesPerParam);

  const int layers = w.layers.value_or(0);
  const int hidden = w.hidden_dim && *w.hidden_dim ? *w.hidden_dim : kDefaultHidden;
  if (in.is_lora) {
    // Adapters on Q, K, V, O of every layer: 2·r·d parameters each.
    double lora_params = 2.0 * in.lora_rank * hidden * (4.0 * layers);
    double fraction = std::min(lora_params / params, 1.0);
    grads *= fraction;
    optimizer *= fraction;
  }
  if (in.zero_stage >= 1) optimizer /= in.dp_size;
  if (in.zero_stage >= 2) grads /= in.dp_size;
  if (in.zero_stage >= 3) weights /= in.dp_size;

  double activations = activation_memory_bytes(layers, in.seq_len, in.batch_size, hidden, w.heads,
                                               bpp, in.strategy);
  return weights + grads + optimizer + activations;
}

}  // namespace mlsysim
