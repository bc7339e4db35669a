#pragma once
// ReliabilityModel: how often a synchronous training job on a cluster fails,
// and how often it should checkpoint (Young 1974, Daly 2006). Every GPU, NIC
// and non-redundant PSU is a series component, so the fleet MTBF falls as 1/N.
// See docs/solvers/reliability.md.
#include <string>
#include <vector>

#include "systems/fleet.hpp"

namespace mlsysim {

// Component MTTFs (hours) the reference's Reliability registry gives: fleet-observed figures.
inline constexpr double kGpuMttfHours = 50'000, kNicMttfHours = 150'000, kPsuMttfHours = 100'000;

struct ReliabilityInputs {
  const Fleet* fleet = nullptr;
  double job_duration_s = 0;          // required (>= 0); a bare number is hours
  double checkpoint_time_s = 60;      // one checkpoint write (> 0)
  double avg_recovery_time_s = 300;   // reload, restart, re-warm after a failure (>= 0)
};

struct ReliabilityResult {
  double node_mtbf_s = 0;
  double fleet_mtbf_s = 0;
  double failure_probability = 0;            // P(a failure during the job)
  double optimal_checkpoint_interval_s = 0;  // Young: sqrt(2 delta MTBF)
  double expected_failures = 0;              // job / MTBF
  double goodput_ratio = 1;                  // 1 - delta/tau - recovery/MTBF, at least 0
  bool out_of_regime = false;                // delta >= 2 MTBF: the first-order form does not hold

  std::vector<std::string> warnings() const;
};

ReliabilityResult solve_reliability(const ReliabilityInputs& in);

}  // namespace mlsysim
