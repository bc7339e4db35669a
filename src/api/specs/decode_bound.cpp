// DecodeBoundModel: the weight-streaming bound of one decode step.
#include "api/spec_builder.hpp"
#include "solvers/decode_bound.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& decode_bound_result() {
  static const ResultSpec spec = [] {
    using R = DecodeBoundResult;
    ResultBuilder<R> r("DecodeBoundResult", "Compute vs weight-streaming time of one decode step on one device");
    r.field("weight_bytes", &R::weight_bytes, "weight_bytes", "weights one device streams (its 1/tp shard)").unit("GB");
    r.field("flops_per_step_flop", &R::flops_per_step_flop, "flops_per_step", "2 P x batch / tp").unit("GFLOP");
    r.field("compute_time_s", &R::compute_time_s, "compute_time", "FLOPs / peak").unit("ms");
    r.field("memory_time_s", &R::memory_time_s, "memory_time", "weight bytes / bandwidth").unit("ms");
    r.field("memory_share", &R::memory_share, "memory_share", "memory / (memory + compute), a fraction")
        .dimensionless();
    r.field("bound_ratio", &R::bound_ratio, "bound_ratio", "memory / compute time")
        .dimensionless()
        .infinite_allowed();
    r.field("intensity_flop_per_byte", &R::intensity_flop_per_byte, "intensity", "FLOPs per weight byte")
        .unit("flop/byte");
    r.field("attainable_flops_flop_per_s", &R::attainable_flops_flop_per_s, "attainable_flops",
            "min(peak, bandwidth x intensity)")
        .unit("TFLOPs/s");
    r.field("peak_fraction", &R::peak_fraction, "peak_fraction", "attainable / peak, a fraction").dimensionless();
    r.field("bottleneck", &R::bottleneck, "bottleneck", "Compute or Memory");
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_DecodeBoundModel() {
  static const SolverSpec spec = [] {
    using In = DecodeBoundInputs;
    SolverBuilder<In, DecodeBoundResult> s("DecodeBoundModel", solve_decode_bound, decode_bound_result(),
                                           "The weight-streaming bound of one decode step (2P FLOPs vs P x bytes)");
    s.walls({4});
    s.input("model", &In::model, "model to decode").required("Llama3_70B");
    s.input("hardware", &In::hardware, "accelerator").required("H100");
    s.input("precision", &In::precision, "numeric precision of the weights");
    s.input("batch_size", &In::batch_size, "requests sharing the step (>= 1)");
    s.input("peak_flops", &In::peak_flops_per_s, "compute rate to use (none: the headline peak)")
        .quantity(Dimension::FlopPerSecond, "TFLOP/s");
    s.input("tp_size", &In::tp_size, "tensor-parallel shards; each device streams 1/tp of the weights (>= 1)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
