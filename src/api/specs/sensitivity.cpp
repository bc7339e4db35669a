// SensitivitySolver: which hardware lever (FLOP/s, bandwidth, capacity) moves latency most.
#include "api/spec_builder.hpp"
#include "solvers/sensitivity.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& sensitivity_result() {
  static const ResultSpec spec = [] {
    using R = SensitivityResult;
    ResultBuilder<R> r("SensitivityResult", "Relative latency change per hardware upgrade, and the binding lever");
    r.field("feasible", &R::feasible, "feasible", "the baseline fits in device memory");
    r.computed("sensitivities", [](const R& x) { return x.sensitivities(); }, "sensitivities",
               "(T_k - T_0) / T_0 for peak_flops, memory_bandwidth, memory_capacity (< 0: the upgrade helps)");
    r.field("binding_constraint", &R::binding_constraint, "binding_constraint",
            "the lever with the largest |sensitivity|; memory_capacity when the baseline does not fit");
    r.field("baseline_latency_s", &R::baseline_latency_s, "baseline_latency", "SingleNodeModel latency, batch 1")
        .unit("ms");
    r.field("perturbation_pct", &R::perturbation_pct, "perturbation_pct", "the step, in percent (10.0: x1.1)")
        .dimensionless();
    r.field("peak_flops_latency_s", &R::peak_flops_latency_s, "peak_flops_latency",
            "latency with peak FLOP/s (every precision's rate) scaled")
        .unit("ms")
        .extra();
    r.field("memory_bandwidth_latency_s", &R::memory_bandwidth_latency_s, "memory_bandwidth_latency",
            "latency with memory bandwidth scaled")
        .unit("ms")
        .extra();
    r.field("memory_capacity_latency_s", &R::memory_capacity_latency_s, "memory_capacity_latency",
            "latency with memory capacity scaled")
        .unit("ms")
        .extra();
    r.field("constraint_trace", &R::constraint_trace, "constraint_trace",
            "the binding lever, or the failed memory wall of an infeasible baseline");
    r.field("warnings", &R::warnings, "warnings",
            "non-fatal notes of the baseline solve (a precision without a listed rate)")
        .extra();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_SensitivitySolver() {
  static const SolverSpec spec = [] {
    using In = SensitivityInputs;
    SolverBuilder<In, SensitivityResult> s("SensitivitySolver", solve_sensitivity, sensitivity_result(),
                                           "Latency sensitivity to peak FLOP/s, memory bandwidth and capacity");
    s.walls({21});
    s.input("model", &In::model, "workload to analyse").required("Llama3_8B");
    s.input("hardware", &In::hardware, "baseline accelerator").required("H100");
    s.input("precision", &In::precision, "numeric precision of every solve");
    s.input("perturbation_pct", &In::perturbation_pct,
            "step in percent applied to each lever (> -100, not 0; 10 is a 1.1x upgrade)");
    s.input("efficiency", &In::efficiency, "achieved fraction of peak compute, in [1e-9, 1]");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
