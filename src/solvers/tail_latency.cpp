#include "solvers/tail_latency.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "physics/queueing.hpp"

namespace mlsysim {

namespace {
constexpr double kSloMultiple = 5;  // a P99 wait past 5x the service time is an SLA risk
}  // namespace

TailLatencyResult solve_tail_latency(const TailLatencyInputs& in) {
  require_nonnegative(in.arrival_rate_qps, "arrival_rate_qps");
  require_positive(in.service_latency_s, "service_latency_ms", kMilliseconds);
  require_count_at_least(in.num_replicas, 1, "num_replicas");
  require_nonnegative(in.service_time_cv, "service_time_cv");

  const double service_ms = in.service_latency_s * 1e3;
  QueueWaits q = mmc_queue_waits(in.arrival_rate_qps, 1000.0 / service_ms, in.num_replicas);
  if (in.service_time_cv != 1.0) {  // Kingman: W(M/G/c) ~ W(M/M/c) (cv^2 + 1) / 2
    const double kingman = (in.service_time_cv * in.service_time_cv + 1) / 2;
    q.p50_wait_s *= kingman;
    q.p99_wait_s *= kingman;
  }
  TailLatencyResult r;
  r.queue_utilization = q.offered_load;
  r.is_stable = q.offered_load < 1.0;
  const double p99_wait_ms = q.p99_wait_s * 1e3;
  const double p50_wait_ms = q.p50_wait_s * 1e3;
  const double slo_ms = service_ms * kSloMultiple;
  r.slo_headroom_ratio = std::max(0.0, r.is_stable ? p99_wait_ms / slo_ms : 1.0);
  r.p50_latency_s = (p50_wait_ms + service_ms) * 1e-3;
  r.p99_latency_s = (p99_wait_ms + service_ms) * 1e-3;
  return r;
}

}  // namespace mlsysim
