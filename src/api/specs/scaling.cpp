// ScalingModel: Chinchilla compute-optimal model and data size.
#include "api/spec_builder.hpp"
#include "solvers/scaling.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& scaling_result() {
  static const ResultSpec spec = [] {
    using R = ScalingResult;
    ResultBuilder<R> r("ScalingResult", "Compute-optimal parameters and tokens for a training budget");
    r.field("optimal_parameters", &R::optimal_parameters, "optimal_parameters", "sqrt(C / 120), or the target size")
        .count();
    r.field("optimal_tokens", &R::optimal_tokens, "optimal_tokens", "20 N, or C / (6 N) for a target size").count();
    r.field("compute_budget_flop", &R::compute_budget_flop, "compute_budget_flops",
            "the budget in FLOPs (accelerator time x 989 TFLOP/s x 0.40)")
        .unit("flop");
    r.field("tokens_per_parameter", &R::tokens_per_parameter, "tokens_per_parameter", "D / N (20 at the optimum)")
        .dimensionless();
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_ScalingModel() {
  static const SolverSpec spec = [] {
    using In = ScalingInputs;
    SolverBuilder<In, ScalingResult> s("ScalingModel", solve_scaling, scaling_result(),
                                       "Scaling laws: compute-optimal model and dataset size (Chinchilla)");
    s.walls({11});
    s.input("compute_budget", &In::compute_budget,
            "training compute (> 0): FLOPs ('5 ZFLOP'), or H100-time ('1000 days' of one H100 at 40 % MFU)")
        .quantity(Dimension::Flop, "flop")
        .or_dimension(Dimension::Seconds)
        .required("1e23");
    s.input("target_model_size", &In::target_model_size, "parameters to train (> 0); none: the optimum");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
