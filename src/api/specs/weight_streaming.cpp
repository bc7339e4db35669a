// WeightStreamingModel: wafer-scale inference with streamed weights.
#include "api/spec_builder.hpp"
#include "solvers/weight_streaming.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& weight_streaming_result() {
  static const ResultSpec spec = [] {
    using R = WeightStreamingResult;
    ResultBuilder<R> r("WeightStreamingResult", "Throughput of weight streaming onto a wafer-scale engine");
    r.field("feasible", &R::feasible, "feasible", "the batch's KV cache (+10%) fits in SRAM");
    r.field("throughput_tokens_per_s", &R::throughput_tokens_per_s, "throughput_tokens_per_sec",
            "tokens per second (0 when it does not fit)")
        .unit("1/s");
    r.field("bottleneck", &R::bottleneck, "bottleneck", "Compute-Bound or Interconnect-Bandwidth-Bound");
    r.field("layer_compute_time_s", &R::layer_compute_time_s, "layer_compute_time", "one layer's compute + dispatch")
        .unit("ms");
    r.field("layer_injection_time_s", &R::layer_injection_time_s, "layer_injection_time",
            "one layer's weights over the injection link")
        .unit("ms");
    r.field("optimal_batch_size", &R::optimal_batch_size, "optimal_batch_size",
            "the batch whose compute hides the injection");
    r.field("wafer_memory_utilization", &R::wafer_memory_utilization, "wafer_memory_utilization",
            "required / SRAM, a fraction (above 1 does not fit)")
        .dimensionless();
    r.field("constraint_trace", &R::trace, "constraint_trace", "the SRAM wall, with its numbers");
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_WeightStreamingModel() {
  static const SolverSpec spec = [] {
    using In = WeightStreamingInputs;
    SolverBuilder<In, WeightStreamingResult> s("WeightStreamingModel", solve_weight_streaming,
                                               weight_streaming_result(),
                                               "Wafer-scale weight streaming: injection- vs compute-bound, optimal batch");
    s.walls({6});
    s.input("model", &In::model, "transformer to serve").required("GPT3");
    s.input("hardware", &In::hardware, "wafer-scale engine (its memory is the on-wafer SRAM)").required("Cerebras_CS3");
    s.input("seq_len", &In::seq_len, "context tokens (>= 1)").required("2048");
    s.input("batch_size", &In::batch_size, "requests (>= 1)");
    s.input("precision", &In::precision, "numeric precision");
    s.input("efficiency", &In::efficiency, "achieved fraction of peak compute, in (0, 1]");
    s.choice("phase", &In::phase, {{"prefill", InferencePhase::Prefill}, {"decode", InferencePhase::Decode}},
             "prefill (all tokens at once) or decode (one token per request)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
