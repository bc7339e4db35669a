#pragma once
// WeightStreamingModel: wafer-scale inference (Cerebras) that keeps the
// batch's KV cache in on-wafer SRAM and streams each layer's weights in from
// external memory (Wall 6). A layer takes max(injection, compute); the batch
// that balances them is the optimum. See docs/solvers/weight_streaming.md.
#include <string>
#include <vector>

#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"

namespace mlsysim {

enum class InferencePhase { Prefill, Decode };

struct WeightStreamingInputs {
  const Workload* model = nullptr;  // a transformer
  const HardwareNode* hardware = nullptr;
  int seq_len = 0;  // required (>= 1)
  int batch_size = 1;
  Precision precision = Precision::fp16;
  double efficiency = 0.5;
  InferencePhase phase = InferencePhase::Decode;
};

struct WeightStreamingResult {
  bool feasible = false;
  double throughput_tokens_per_s = 0;  // 0 when the KV cache does not fit in SRAM
  std::string bottleneck;              // "Compute-Bound" or "Interconnect-Bandwidth-Bound"
  double layer_compute_time_s = 0;
  double layer_injection_time_s = 0;
  int optimal_batch_size = 1;          // the batch whose compute hides the injection
  double wafer_memory_utilization = 0; // KV x 1.1 / SRAM, a fraction (capped at 1 when it fits)
  std::vector<std::string> trace;
};

WeightStreamingResult solve_weight_streaming(const WeightStreamingInputs& in);

}  // namespace mlsysim
