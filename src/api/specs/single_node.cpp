// SingleNodeModel (Engine.solve): the roofline on one accelerator.
#include "api/specs/single_node.hpp"

#include "api/spec_builder.hpp"
#include "core/suggest.hpp"
#include "solvers/single_node.hpp"

namespace mlsysim::api {

const ResultSpec& performance_profile_result() {
  static const ResultSpec spec = [] {
    using P = PerformanceProfile;
    ResultBuilder<P> r("PerformanceProfile", "Latency, throughput, bottleneck, memory fit, MFU and energy of one solve");
    r.field("feasible", &P::feasible, "feasible", "the footprint fits in device memory");
    r.computed("bottleneck", [](const P& p) { return to_lower(bottleneck_name(p.bottleneck)); }, "bottleneck",
               "the binding roofline term: compute or memory");
    r.field("latency_s", &P::latency_s, "latency", "max(compute, memory) + overhead").unit("ms");
    r.field("latency_compute_s", &P::latency_compute_s, "latency_compute", "FLOPs / (peak x efficiency)").unit("ms");
    r.field("latency_memory_s", &P::latency_memory_s, "latency_memory", "bytes moved / bandwidth").unit("ms");
    r.field("latency_overhead_s", &P::latency_overhead_s, "latency_overhead", "dispatch tax + per-layer framework tax")
        .unit("ms");
    r.field("throughput_per_s", &P::throughput_per_s, "throughput", "samples per second").unit("1/s");
    r.field("arithmetic_intensity_flop_per_byte", &P::arithmetic_intensity_flop_per_byte, "arithmetic_intensity",
            "FLOPs per byte moved")
        .unit("flop/byte");
    r.field("energy_j", &P::energy_j, "energy", "energy of the batch window").unit("J");
    r.field("memory_footprint_bytes", &P::memory_footprint_bytes, "memory_footprint", "bytes that must fit in memory")
        .unit("byte");
    r.field("peak_flops_actual_flop_per_s", &P::peak_flops_actual_flop_per_s, "peak_flops_actual",
            "peak FLOP/s x efficiency")
        .unit("TFLOPs/s");
    r.field("peak_bw_actual_bytes_per_s", &P::peak_bw_actual_bytes_per_s, "peak_bw_actual", "bandwidth actually used")
        .unit("GB/s");
    r.field("mfu", &P::mfu, "mfu", "model FLOPs utilisation").dimensionless();
    r.field("hfu", &P::hfu, "hfu", "hardware FLOPs utilisation (counts recomputation)").dimensionless();
    r.field("overhead_dominated", &P::overhead_dominated, "overhead_dominated", "overhead exceeds the roofline time");
    r.field("offload_spill_bytes", &P::offload_spill_bytes, "offload_spill_bytes",
            "bytes beyond device memory (infeasible only)")
        .unit("byte");
    r.field("offload_effective_bw_bytes_per_s", &P::offload_effective_bw_bytes_per_s, "offload_effective_bw",
            "host-link rate charged when spilling")
        .unit("GB/s");
    r.computed("constraint_trace", [](const P& p) { return p.constraint_trace(); }, "constraint_trace",
               "the constraints checked, with their numbers");
    r.computed("warnings", [](const P& p) { return p.warnings(); }, "warnings",
               "non-fatal notes (a precision without a listed rate); Python also emits them as warnings")
        .extra();
    return r.build();
  }();
  return spec;
}

const SolverSpec& spec_SingleNodeModel() {
  static const SolverSpec spec = [] {
    using In = SingleNodeInputs;
    SolverBuilder<In, PerformanceProfile> s(
        "SingleNodeModel", solve_single_node, performance_profile_result(),
        "Roofline on one accelerator: latency, throughput, bottleneck, memory fit, MFU, energy");
    s.aliases({"Engine.solve", "Engine", "roofline"}).walls({1, 2});
    s.input("model", &In::model, "workload to run").required("Llama3_8B");
    s.input("hardware", &In::hardware, "accelerator").required("H100");
    s.input("batch_size", &In::batch_size, "samples per step (>= 1)");
    s.input("precision", &In::precision, "numeric precision");
    s.input("efficiency", &In::efficiency, "achieved fraction of peak compute, in (0, 1]");
    s.input("raise_errors", &In::raise_errors, "fail with exit 2 when the model does not fit");
    s.input("is_training", &In::is_training, "model a training step (3x FLOPs, training memory)");
    s.input("seq_len", &In::seq_len, "sequence length for training activation memory");
    s.input("zero_stage", &In::zero_stage, "ZeRO stage 0-3 (training)");
    s.input("dp_size", &In::dp_size, "data-parallel degree for ZeRO sharding (training)");
    s.input("is_lora", &In::is_lora, "LoRA fine-tuning (training)");
    s.input("activation_recomputation", &In::activation_recomputation, "full activation recomputation (training)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
