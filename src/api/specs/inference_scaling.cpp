// InferenceScalingModel: the cost of chain-of-thought reasoning.
#include "api/spec_builder.hpp"
#include "api/specs/serving.hpp"
#include "solvers/inference_scaling.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& inference_scaling_result() {
  static const ResultSpec spec = [] {
    using R = InferenceScalingResult;
    ResultBuilder<R> r("InferenceScalingResult", "Time and energy of a reasoning query");
    r.field("total_reasoning_time_s", &R::total_reasoning_time_s, "total_reasoning_time",
            "TTFT + steps x tokens per step x ITL")
        .unit("ms");
    r.field("ttft_s", &R::ttft_s, "ttft", "prefill of the context").unit("ms");
    r.field("itl_s", &R::itl_s, "itl", "inter-token latency").unit("ms");
    r.field("tokens_generated", &R::tokens_generated, "tokens_generated", "steps x 50 tokens");
    r.field("reasoning_steps", &R::reasoning_steps, "reasoning_steps", "reasoning steps K");
    r.field("time_per_step_s", &R::time_per_step_s, "time_per_step", "50 tokens x ITL").unit("ms");
    r.field("energy_per_query_j", &R::energy_per_query_j, "energy_per_query", "TDP x total time (0 without a TDP)")
        .unit("J");
    r.field("feasible", &R::feasible, "feasible", "the model and KV cache fit");
    r.nested("serving_detail", &R::serving_detail, serving_result(), "serving_detail", "the ServingModel result");
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_InferenceScalingModel() {
  static const SolverSpec spec = [] {
    using In = InferenceScalingInputs;
    SolverBuilder<In, InferenceScalingResult> s("InferenceScalingModel", solve_inference_scaling,
                                                inference_scaling_result(),
                                                "Inference-time reasoning: time and energy of K chain-of-thought steps");
    s.walls({12});
    s.input("model", &In::model, "transformer that reasons").required("Llama3_8B");
    s.input("hardware", &In::hardware, "accelerator").required("H100");
    s.input("reasoning_steps", &In::reasoning_steps, "reasoning steps K, 50 tokens each (>= 0)");
    s.input("context_length", &In::context_length, "prompt tokens (>= 1)");
    s.input("precision", &In::precision, "numeric precision");
    s.input("efficiency", &In::efficiency, "achieved fraction of peak compute, in (0, 1]");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
