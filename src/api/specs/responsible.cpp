// ResponsibleEngineeringModel: the compute and data a privacy or fairness guarantee costs.
#include "api/spec_builder.hpp"
#include "solvers/responsible.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& responsible_result() {
  static const ResultSpec spec = [] {
    using R = ResponsibleResult;
    ResultBuilder<R> r("ResponsibleEngineeringResult", "The safety tax: DP-SGD slowdown and subgroup data");
    r.field("dp_slowdown_factor", &R::dp_slowdown_factor, "dp_slowdown_factor", "1 + 2 / max(epsilon, 0.01)")
        .dimensionless();
    r.field("effective_training_time_s", &R::effective_training_time_s, "effective_training_time",
            "base time x slowdown")
        .unit("hour");
    r.field("additional_data_requirement", &R::additional_data_requirement, "additional_data_requirement",
            "1 / prevalence: data collected per subgroup sample")
        .dimensionless();
    r.field("epsilon", &R::epsilon, "epsilon", "as given").dimensionless();
    r.field("delta", &R::delta, "delta", "as given").dimensionless();
    r.field("min_subgroup_prevalence", &R::min_subgroup_prevalence, "min_subgroup_prevalence", "as given")
        .dimensionless();
    r.field("privacy_cost_ratio", &R::dp_slowdown_factor, "privacy_cost_ratio", "the slowdown again").dimensionless();
    r.field("fairness_data_ratio", &R::additional_data_requirement, "fairness_data_ratio", "the data factor again")
        .dimensionless();
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_ResponsibleEngineeringModel() {
  static const SolverSpec spec = [] {
    using In = ResponsibleInputs;
    SolverBuilder<In, ResponsibleResult> s("ResponsibleEngineeringModel", solve_responsible, responsible_result(),
                                           "Responsible engineering: differential-privacy slowdown, subgroup data");
    s.walls({20});
    s.input("base_training_time", &In::base_training_time_s, "training time without privacy (>= 0)")
        .quantity(Dimension::Seconds, "h")
        .required("100");
    s.input("epsilon", &In::epsilon, "differential-privacy budget (> 0); smaller is stricter");
    s.input("delta", &In::delta, "DP failure probability, in (0, 1)");
    s.input("min_subgroup_prevalence", &In::min_subgroup_prevalence, "rarest subgroup's share of the data, in (0, 1]");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
