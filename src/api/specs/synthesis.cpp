// SynthesisSolver: the bandwidth, FLOP/s and memory a latency target needs.
#include "api/spec_builder.hpp"
#include "solvers/synthesis.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& synthesis_result() {
  static const ResultSpec spec = [] {
    using R = SynthesisResult;
    ResultBuilder<R> r("SynthesisResult", "Minimum hardware for one pass of the model within a latency target");
    r.field("required_bw_bytes_per_s", &R::required_bw_bytes_per_s, "required_bw", "weight bytes / target")
        .unit("GB/s");
    r.field("required_flops_flop_per_s", &R::required_flops_flop_per_s, "required_flops",
            "FLOPs of one pass / (target x efficiency)")
        .unit("TFLOP/s");
    r.field("required_memory_bytes", &R::required_memory_bytes, "required_memory", "the weights").unit("GB");
    r.field("compute_memory_ratio_flop_per_byte", &R::compute_memory_ratio_flop_per_byte, "compute_memory_ratio",
            "required FLOP/s / required bandwidth: the balance point")
        .unit("flop/byte");
    r.field("target_latency_s", &R::target_latency_s, "target_latency", "as given").unit("ms");
    r.field("model_size_bytes", &R::model_size_bytes, "model_size", "weight bytes at the precision").unit("GB");
    r.field("total_ops_flop", &R::total_ops_flop, "total_ops", "FLOPs of one pass").unit("flop");
    r.field("constraint_trace", &R::constraint_trace, "constraint_trace", "none: nothing is checked");
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_SynthesisSolver() {
  static const SolverSpec spec = [] {
    using In = SynthesisInputs;
    SolverBuilder<In, SynthesisResult> s("SynthesisSolver", solve_synthesis, synthesis_result(),
                                         "Inverse roofline: bandwidth, FLOP/s and memory a latency target needs");
    s.walls({22});
    s.input("model", &In::model, "workload to serve").required("Llama3_70B");
    s.input("target_latency", &In::target_latency_s, "latency target of one pass (> 0)")
        .quantity(Dimension::Seconds, "ms")
        .required("50");
    s.input("precision", &In::precision, "numeric precision of the weights");
    s.input("efficiency", &In::efficiency, "expected fraction of peak compute, in [1e-9, 1]");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
