#pragma once
// TrainingMemoryModel: what one accelerator holds during a training step
// (weights, gradients, optimizer state, activations, communication buffers),
// with model state sharded by TP·PP·EP, then by ZeRO across data parallelism.
// Megatron-LM (Shoeybi et al. 2019), ZeRO (Rajbhandari et al. 2020),
// Korthikanti et al. (2023) for activations. See docs/solvers/training_memory.md.
#include <string>
#include <vector>

#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"

namespace mlsysim {

enum class TrainingOptimizer { Adam, AdamW, Sgd, None };
const char* optimizer_name(TrainingOptimizer o);
double optimizer_bytes_per_param(TrainingOptimizer o);  // 12 (Adam: FP32 master + 2 moments), 4 (SGD), 0
const char* checkpointing_name(ActivationStrategy s);     // none, selective, full

struct TrainingMemoryInputs {
  const Workload* model = nullptr;         // a transformer
  const HardwareNode* hardware = nullptr;
  long long batch_size = 0;                // global batch, required (>= 1)
  long long seq_len = 2048;
  Precision precision = Precision::fp16;
  TrainingOptimizer optimizer = TrainingOptimizer::Adam;
  ActivationStrategy activation_checkpointing = ActivationStrategy::Selective;
  long long tp_size = 1, pp_size = 1, dp_size = 1, ep_size = 1;
  int zero_stage = 0;
  long long gradient_accumulation_steps = 1;
  double trainable_fraction = 1.0;             // [0, 1] (LoRA trains a sliver)
  double communication_buffer_fraction = 0.05;  // gradient bucket, a share of the gradients
  bool sequence_parallel = true;               // with TP, activations split across the TP group
};

struct TrainingMemoryResult {
  bool feasible = true;
  double total_memory_bytes = 0;
  double available_memory_bytes = 0;
  double memory_utilization = 0;
  double weights_bytes = 0, gradients_bytes = 0, optimizer_state_bytes = 0, activations_bytes = 0;
  double communication_buffers_bytes = 0;
  Precision precision = Precision::fp16;
  TrainingOptimizer optimizer = TrainingOptimizer::Adam;
  ActivationStrategy activation_checkpointing = ActivationStrategy::Selective;
  long long dp = 1, tp = 1, pp = 1, ep = 1;
  int zero_stage = 0;
  bool sharded_experts = false;  // a mixture-of-experts model with ep > 1 (adds a trace line)

  std::vector<std::string> constraint_trace() const;
};

// Throws InputError on bad input. Not fitting is a result (feasible = false).
TrainingMemoryResult solve_training_memory(const TrainingMemoryInputs& in);

}  // namespace mlsysim
