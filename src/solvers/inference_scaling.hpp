#pragma once
// InferenceScalingModel: the cost of chain-of-thought reasoning (Wall 12):
// one prefill, then K reasoning steps of 50 tokens each at the ServingModel's
// inter-token latency; energy at the hardware's TDP. See
// docs/solvers/inference_scaling.md.
#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"
#include "solvers/serving.hpp"

namespace mlsysim {

struct InferenceScalingInputs {
  const Workload* model = nullptr;
  const HardwareNode* hardware = nullptr;
  int reasoning_steps = 8;     // >= 0
  int context_length = 2048;   // prompt tokens (>= 1)
  Precision precision = Precision::fp16;
  double efficiency = 0.5;
};

struct InferenceScalingResult {
  double total_reasoning_time_s = 0;  // TTFT + K x tokens per step x ITL
  double ttft_s = 0;
  double itl_s = 0;
  long long tokens_generated = 0;
  int reasoning_steps = 0;
  double time_per_step_s = 0;
  double energy_per_query_j = 0;      // TDP x time (0 without a TDP)
  bool feasible = true;
  ServingResult serving_detail;
};

InferenceScalingResult solve_inference_scaling(const InferenceScalingInputs& in);

}  // namespace mlsysim
