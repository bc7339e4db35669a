#include "solvers/training_memory.hpp"

#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "hardware/precision_support.hpp"
#include "models/transformer.hpp"

namespace mlsysim {

namespace {
constexpr double kDefaultHidden = 4096;  // the reference's fallback when hidden_dim is unknown
std::string gb(double bytes) { return pint_pretty(bytes * 1e-9) + " GB"; }
// Python's math.ceil(a / b) on floats, which the reference uses for its splits.
double ceil_div(double a, double b) { return std::ceil(a / b); }
}  // namespace

const char* optimizer_name(TrainingOptimizer o) {
  switch (o) {
    case TrainingOptimizer::Adam: return "adam";
    case TrainingOptimizer::AdamW: return "adamw";
    case TrainingOptimizer::Sgd: return "sgd";
    case TrainingOptimizer::None: return "none";
  }
  return "adam";
}

double optimizer_bytes_per_param(TrainingOptimizer o) {
  switch (o) {
    case TrainingOptimizer::Adam:
    case TrainingOptimizer::AdamW: return 12.0;  // FP32 master weights + first and second moments
    case TrainingOptimizer::Sgd: return 4.0;     // FP32 master weights
    case TrainingOptimizer::None: return 0.0;
  }
  return 12.0;
}

const char* checkpointing_name(ActivationStrategy s) {
  switch (s) {
    case ActivationStrategy::None: return "none";
    case ActivationStrategy::Selective: return "selective";
    case ActivationStrategy::Full: return "full";
  }
  return "selective";
}

TrainingMemoryResult solve_training_memory(const TrainingMemoryInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.hardware) throw InputError("hardware is required");
  require_transformer(*in.model, "TrainingMemoryModel");
  require_count_at_least(in.batch_size, 1, "batch_size");
  require_count_at_least(in.seq_len, 1, "seq_len");
  require_count_at_least(in.tp_size, 1, "tp_size");
  require_count_at_least(in.pp_size, 1, "pp_size");
  require_count_at_least(in.dp_size, 1, "dp_size");
  require_count_at_least(in.ep_size, 1, "ep_size");
  require_count_at_least(in.gradient_accumulation_steps, 1, "gradient_accumulation_steps");
  require_in_range(in.trainable_fraction, 0.0, 1.0, "trainable_fraction");
  require_in_range(in.communication_buffer_fraction, 0.0, 1.0, "communication_buffer_fraction");
  require_count_in_range(in.zero_stage, 0, 3, "zero_stage");
  require_precision_supported(*in.hardware, in.precision);
  const Workload& model = *in.model;
  if (in.activation_checkpointing == ActivationStrategy::None && !model.heads)
    throw InputError("activation_checkpointing 'none' needs the model's attention head count; " + model.key +
                     " has none (use 'selective' or 'full')");

  TrainingMemoryResult r;
  r.precision = in.precision;
  r.optimizer = in.optimizer;
  r.activation_checkpointing = in.activation_checkpointing;
  r.dp = in.dp_size, r.tp = in.tp_size, r.pp = in.pp_size, r.ep = in.ep_size;
  r.zero_stage = in.zero_stage;
  r.sharded_experts = model.kind == WorkloadKind::SparseTransformer && in.ep_size > 1;

  // 1. Model state, sharded by the model-parallel dimensions, then by ZeRO across DP.
  const double bpp = bytes_per_element(in.precision);
  const double params_per_rank = *model.parameters / static_cast<double>(in.tp_size * in.pp_size * in.ep_size);
  const double trainable = params_per_rank * in.trainable_fraction;
  const double dp = static_cast<double>(in.dp_size);
  r.weights_bytes = params_per_rank * bpp;
  r.gradients_bytes = trainable * bpp;
  r.optimizer_state_bytes = trainable * optimizer_bytes_per_param(in.optimizer);
  if (in.zero_stage >= 1) r.optimizer_state_bytes /= dp;
  if (in.zero_stage >= 2) r.gradients_bytes /= dp;
  if (in.zero_stage >= 3) r.weights_bytes /= dp;

  // 2. Activations of one local microbatch on this stage's layers.
  const double microbatch = std::max(
      1.0, ceil_div(static_cast<double>(in.batch_size), static_cast<double>(in.dp_size * in.gradient_accumulation_steps)));
  const double stage_layers = std::max(1.0, ceil_div(*model.layers, static_cast<double>(in.pp_size)));
  const double hidden = model.hidden_dim && *model.hidden_dim ? *model.hidden_dim : kDefaultHidden;
  const double seq = static_cast<double>(in.seq_len);
  r.activations_bytes = activation_memory_bytes(static_cast<int>(stage_layers), seq, microbatch, hidden, model.heads,
                                                bpp, in.activation_checkpointing);
  if (in.tp_size > 1 && in.sequence_parallel) r.activations_bytes /= static_cast<double>(in.tp_size);

  // 3. The DP gradient bucket, and the send + receive buffers at a pipeline boundary.
  r.communication_buffers_bytes = r.gradients_bytes * in.communication_buffer_fraction;
  if (in.pp_size > 1) r.communication_buffers_bytes += 2 * microbatch * seq * hidden * bpp;

  r.total_memory_bytes =
      r.weights_bytes + r.gradients_bytes + r.optimizer_state_bytes + r.activations_bytes + r.communication_buffers_bytes;
  r.available_memory_bytes = in.hardware->memory.capacity_bytes;
  r.memory_utilization = r.available_memory_bytes > 0 ? r.total_memory_bytes / r.available_memory_bytes
                                                      : std::numeric_limits<double>::infinity();
  r.feasible = r.total_memory_bytes <= r.available_memory_bytes;
  return r;
}

std::vector<std::string> TrainingMemoryResult::constraint_trace() const {
  std::vector<std::string> lines = {"Training Memory: weights=" + gb(weights_bytes) + ", gradients=" +
                                    gb(gradients_bytes) + ", optimizer=" + gb(optimizer_state_bytes) +
                                    ", activations=" + gb(activations_bytes) + ", buffers=" +
                                    gb(communication_buffers_bytes) + "."};
  if (zero_stage > 0)
    lines.push_back("ZeRO-" + std::to_string(zero_stage) + ": data-parallel state sharding applied across " +
                    std::to_string(dp) + " ranks.");
  if (sharded_experts)
    lines.push_back(
        "MoE memory approximation: total expert parameters are evenly sharded by expert parallelism; routing "
        "imbalance is modeled separately by MoERoutingModel.");
  return lines;
}

}  // namespace mlsysim
