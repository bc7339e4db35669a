#pragma once
// ResponsibleEngineeringModel (the Safety Wall): the compute and data a
// privacy or fairness guarantee costs. DP-SGD slows training by
// 1 + 2 / epsilon (a teaching calibration of Abadi et al. 2016's per-sample
// clipping and noise); representing a subgroup of prevalence p takes 1 / p
// times the data. See docs/solvers/responsible.md.
namespace mlsysim {

struct ResponsibleInputs {
  double base_training_time_s = 0;  // required (>= 0)
  double epsilon = 1.0;             // privacy budget (> 0); smaller is stricter
  double delta = 1e-5;              // DP failure probability, in (0, 1); reported only
  double min_subgroup_prevalence = 0.01;  // in (0, 1]
};

struct ResponsibleResult {
  double dp_slowdown_factor = 1;
  double effective_training_time_s = 0;
  double additional_data_requirement = 1;
  double epsilon = 1, delta = 0, min_subgroup_prevalence = 0;
};

ResponsibleResult solve_responsible(const ResponsibleInputs& in);

}  // namespace mlsysim
