// SingleNodeModel (Engine.solve): the roofline on one accelerator.
#include "api/specs/single_node.hpp"

#include "api/spec_builder.hpp"
#include "api/specs/profile_fields.hpp"
#include "core/suggest.hpp"
#include "solvers/single_node.hpp"

namespace mlsysim::api {

const ResultSpec& performance_profile_result() {
  static const ResultSpec spec = [] {
    using P = PerformanceProfile;
    ResultBuilder<P> r("PerformanceProfile", "Latency, throughput, bottleneck, memory fit, MFU and energy of one solve");
    add_profile_fields(r, [](const P& p) -> const P& { return p; });
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
