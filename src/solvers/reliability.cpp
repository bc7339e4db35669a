#include "solvers/reliability.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "physics/reliability.hpp"

namespace mlsysim {

ReliabilityResult solve_reliability(const ReliabilityInputs& in) {
  if (!in.fleet) throw InputError("fleet is required");
  require_nonnegative(in.job_duration_s, "job_duration_hours", {1.0 / 3600, "h"});
  require_positive(in.checkpoint_time_s, "checkpoint_time_s", {1, "s"});
  require_nonnegative(in.avg_recovery_time_s, "avg_recovery_time_s", {1, "s"});
  const Node& node = *in.fleet->node;

  ReliabilityResult r;
  const double node_h = node_mtbf_hours(kGpuMttfHours, node.accelerators_per_node, kNicMttfHours, node.nics_per_node,
                                        kPsuMttfHours, node.series_psus());
  r.node_mtbf_s = node_h * 3600;
  r.fleet_mtbf_s = cluster_mtbf_hours(node_h, in.fleet->count) * 3600;
  r.failure_probability = failure_probability(r.fleet_mtbf_s, in.job_duration_s);
  r.optimal_checkpoint_interval_s = young_daly_interval_s(in.checkpoint_time_s, r.fleet_mtbf_s);
  r.out_of_regime = in.checkpoint_time_s >= 2 * r.fleet_mtbf_s;
  r.expected_failures = in.job_duration_s / r.fleet_mtbf_s;
  r.goodput_ratio = std::max(0.0, 1.0 - in.checkpoint_time_s / r.optimal_checkpoint_interval_s -
                                      in.avg_recovery_time_s / r.fleet_mtbf_s);
  return r;
}

std::vector<std::string> ReliabilityResult::warnings() const {
  if (!out_of_regime) return {};
  return {"calc_young_daly_interval: checkpoint cost delta >= 2*MTBF — the Young first-order form is out of "
          "regime here (it returns tau < delta, which is physically impossible). Daly (2006) Sec. 5 prescribes "
          "tau = MTBF in this regime."};
}

}  // namespace mlsysim
