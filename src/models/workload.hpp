#pragma once
// Layer A: a workload (model) as its paper or model card describes it, and
// the lowering of it into the two numbers the roofline needs.
#include <optional>
#include <string>

#include "core/precision.hpp"
#include "core/source.hpp"

namespace mlsysim {

enum class WorkloadKind { Workload, Transformer, SparseTransformer, Cnn, Ssm, Diffusion, Embodied };

// "transformer", "sparse_transformer", ... as written in data files.
const char* workload_kind_name(WorkloadKind kind);
// The reference's class name ("TransformerWorkload").
const char* workload_class_name(WorkloadKind kind);

struct Workload {
  std::string key;       // "Llama3_8B"
  std::string path;      // "Models.Language.Llama3_8B"
  std::string category;  // "Language"
  std::string name;      // "Llama-3.1-8B"
  std::string architecture;
  WorkloadKind kind = WorkloadKind::Workload;
  std::optional<int> release_year;

  std::optional<double> parameters;        // count
  std::optional<double> model_size_bytes;  // for entries known only by size (DLRM)
  std::optional<double> inference_flops;   // per token (LMs) / per input / per denoising step
  std::optional<int> layers, hidden_dim, heads, kv_heads, head_dim;
  std::optional<int> kv_lora_rank, qk_rope_head_dim;  // multi-head latent attention
  std::optional<double> active_parameters;            // MoE
  std::optional<int> experts, active_experts_per_token;
  std::optional<int> state_size;                       // SSM
  std::optional<int> denoising_steps, resolution;      // diffusion
  std::optional<double> training_ops, training_tokens;
  std::optional<int> context_length, vocab_size;
  Source source;

  bool is_transformer() const {
    return kind == WorkloadKind::Transformer || kind == WorkloadKind::SparseTransformer;
  }
};

// The hardware-agnostic view the roofline consumes.
struct ComputationGraph {
  double total_ops = 0;       // FLOP per sample
  double weight_bytes = 0;    // bytes of weights at the chosen precision
  double parameter_count = 0;
  int layers = 1;             // framework-tax layer count (1 when unknown)
};

// Lowers `workload` at `bytes_per_param`. Throws InputError when the entry has
// neither parameters nor a model size.
ComputationGraph lower(const Workload& workload, double bytes_per_param);

// Weight bytes at a precision: a stated model_size wins at 16-bit widths.
double size_in_bytes(const Workload& workload, double bytes_per_param);

enum class ActivationStrategy { None, Selective, Full };

struct TrainingFootprintInputs {
  int batch_size = 1;
  int seq_len = 2048;
  Precision precision = Precision::fp16;
  bool adam = true;  // else SGD
  ActivationStrategy strategy = ActivationStrategy::Selective;
  int zero_stage = 0;
  int dp_size = 1;
  bool is_lora = false;
  int lora_rank = 16;
};

// Per-device training memory of a Transformer (weights, grads, optimizer,
// activations after ZeRO/LoRA), in bytes.
double transformer_training_memory_bytes(const Workload& workload, const TrainingFootprintInputs& in);

// Activation bytes (Korthikanti et al. 2023, Sec. 4.1; constants are 16-bit bytes).
double activation_memory_bytes(int layers, double seq_len, double batch, double hidden,
                               std::optional<int> heads, double precision_bytes,
                               ActivationStrategy strategy);

}  // namespace mlsysim
