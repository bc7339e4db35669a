// EfficiencyModel: achievable MFU by kernel type.
#include "api/spec_builder.hpp"
#include "solvers/efficiency.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& efficiency_result() {
  static const ResultSpec spec = [] {
    using R = EfficiencyResult;
    ResultBuilder<R> r("EfficiencyResult", "Achievable MFU of a workload's dominant kernels, and where the rest goes");
    r.field("mfu", &R::mfu, "mfu", "calibrated MFU for the kernel type, scaled by efficiency / 0.5").dimensionless();
    r.field("achievable_flops_flop_per_s", &R::achievable_flops_flop_per_s, "achievable_flops", "peak x MFU")
        .unit("TFLOPs/s");
    r.field("peak_flops_flop_per_s", &R::peak_flops_flop_per_s, "peak_flops", "the precision's rate")
        .unit("TFLOPs/s");
    r.computed("workload_type", [](const R& e) { return std::string(kernel_type_name(e.workload_type)); },
               "workload_type", "attention, ffn or conv");
    r.field("use_flash_attention", &R::use_flash_attention, "use_flash_attention", "as given");
    r.computed("overhead_breakdown",
               [](const R& e) {
                 return Record{{"occupancy_loss", Value(e.occupancy_loss)}, {"memory_stall", Value(e.memory_stall)}};
               },
               "overhead_breakdown", "1 - MFU split into SM-occupancy loss and memory stall");
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_EfficiencyModel() {
  static const SolverSpec spec = [] {
    using In = EfficiencyInputs;
    SolverBuilder<In, EfficiencyResult> s("EfficiencyModel", solve_efficiency, efficiency_result(),
                                          "Software efficiency: achievable MFU by kernel type");
    s.walls({3});
    s.input("model", &In::model, "workload").required("Llama3_8B");
    s.input("hardware", &In::hardware, "accelerator").required("H100");
    s.choice("workload_type", &In::workload_type,
             {{"attention", KernelType::Attention}, {"ffn", KernelType::Ffn}, {"conv", KernelType::Conv}},
             "dominant kernel type");
    s.input("use_flash_attention", &In::use_flash_attention, "FlashAttention (attention kernels only)");
    s.input("precision", &In::precision, "numeric precision");
    s.input("efficiency", &In::efficiency, "base software efficiency, in [1e-9, 1]");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
