#include "solvers/inference_scaling.hpp"

#include "core/errors.hpp"

namespace mlsysim {

namespace {
constexpr int kTokensPerReasoningStep = 50;  // the reference's calibration heuristic
}  // namespace

InferenceScalingResult solve_inference_scaling(const InferenceScalingInputs& in) {
  require_count_at_least(in.reasoning_steps, 0, "reasoning_steps");
  ServingInputs sv;
  sv.model = in.model;
  sv.hardware = in.hardware;
  sv.seq_len = in.context_length;
  sv.batch_size = 1;
  sv.precision = in.precision;
  sv.efficiency = in.efficiency;
  InferenceScalingResult r;
  r.serving_detail = solve_serving(sv);
  r.ttft_s = r.serving_detail.ttft_s;
  r.itl_s = r.serving_detail.itl_s;
  r.reasoning_steps = in.reasoning_steps;
  r.tokens_generated = static_cast<long long>(in.reasoning_steps) * kTokensPerReasoningStep;
  r.time_per_step_s = kTokensPerReasoningStep * r.itl_s;
  r.total_reasoning_time_s = r.ttft_s + in.reasoning_steps * r.time_per_step_s;
  r.energy_per_query_j = in.hardware->tdp_w ? *in.hardware->tdp_w * r.total_reasoning_time_s : 0.0;
  r.feasible = r.serving_detail.feasible;
  return r;
}

}  // namespace mlsysim
