#include "solvers/orchestration.hpp"

#include <limits>

#include "core/errors.hpp"

namespace mlsysim {

OrchestrationResult solve_orchestration(const OrchestrationInputs& in) {
  if (!in.fleet) throw InputError("fleet is required");
  require_nonnegative(in.arrival_rate_jobs_per_day, "arrival_rate_jobs_per_day");
  require_positive(in.avg_job_duration_s, "avg_job_duration_days", {1.0 / 86400, "days"});
  constexpr double inf = std::numeric_limits<double>::infinity();
  const double duration_days = in.avg_job_duration_s / 86400;
  const double mu = 1.0 / duration_days;  // jobs per day
  OrchestrationResult r;
  r.cluster_utilization = in.arrival_rate_jobs_per_day / mu;
  const double rho = r.cluster_utilization;
  r.is_stable = rho < 1.0;
  // Deterministic service halves the M/M/1 wait (no service-time variance).
  r.avg_wait_time_s = r.is_stable ? rho / (2 * mu * (1 - rho)) * 86400 : inf;
  r.avg_queue_length = r.is_stable ? rho * rho / (2 * (1 - rho)) : inf;
  return r;
}

}  // namespace mlsysim
