#pragma once
// OrchestrationModel (the Wait Wall): researchers' jobs queueing for a shared
// cluster, each taking the whole cluster for a fixed time. An M/D/1 queue:
// rho = lambda x duration, mean wait rho / (2 mu (1 - rho)), mean queue
// rho^2 / (2 (1 - rho)); Little (1961). See docs/solvers/orchestration.md.
#include "systems/fleet.hpp"

namespace mlsysim {

struct OrchestrationInputs {
  const Fleet* fleet = nullptr;
  double arrival_rate_jobs_per_day = 0;  // required (>= 0)
  double avg_job_duration_s = 0;         // required (> 0); a bare number is days
};

struct OrchestrationResult {
  double cluster_utilization = 0;  // rho; 1 or more is unstable
  double avg_wait_time_s = 0;      // infinite when unstable
  double avg_queue_length = 0;     // infinite when unstable
  bool is_stable = true;
};

OrchestrationResult solve_orchestration(const OrchestrationInputs& in);

}  // namespace mlsysim
