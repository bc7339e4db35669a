#include "solvers/serving_capacity.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <optional>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "solvers/continuous_batching.hpp"
#include "solvers/serving.hpp"
#include "solvers/tail_latency.hpp"

namespace mlsysim {

ServingCapacityResult solve_serving_capacity(const ServingCapacityInputs& in) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  require_positive(in.qps, "qps");
  require_positive(in.target_p99_latency_s, "target_p99_latency_ms", kMilliseconds);
  require_count_at_least(in.max_seq_len, 1, "max_seq_len");
  require_count_at_least(in.output_tokens, 1, "output_tokens");
  require_count_at_least(in.max_batch_size, 1, "max_batch_size");
  require_count_at_least(in.max_replicas, 1, "max_replicas");
  require_in_range(in.efficiency, 1e-9, 1.0, "efficiency");
  require_nonnegative(in.service_time_cv, "service_time_cv");

  ContinuousBatchingInputs cb;
  cb.model = in.model;
  cb.hardware = in.hardware;
  cb.max_seq_len = in.max_seq_len;
  cb.mean_request_tokens = in.mean_request_tokens;
  cb.max_batch_size = in.max_batch_size;
  cb.precision = in.precision;
  cb.efficiency = in.efficiency;
  const ContinuousBatchingResult batching = solve_continuous_batching(cb);
  const int active = std::max(1, batching.max_active_requests);

  // Latency at the mean request length (floored, so the memory check stays
  // inside the paged allocation that admitted the batch).
  ServingInputs sv;
  sv.model = in.model;
  sv.hardware = in.hardware;
  sv.seq_len = std::max(1, static_cast<int>(batching.mean_request_tokens));
  sv.batch_size = active;
  sv.precision = in.precision;
  sv.efficiency = in.efficiency;
  const ServingResult serving = solve_serving(sv);

  ServingCapacityResult r;
  r.qps_target_per_s = in.qps;
  r.target_p99_latency_s = in.target_p99_latency_s;
  r.active_batch_size = active;
  r.ttft_s = serving.ttft_s;
  r.itl_s = serving.itl_s;
  // A request costs output_tokens decode steps of the replica's token throughput.
  const double per_replica = batching.throughput_tokens_per_s / in.output_tokens;
  r.base_request_latency_s = serving.ttft_s + serving.itl_s * in.output_tokens;
  const double base_ms = r.base_request_latency_s * 1e3;
  const double target_ms = in.target_p99_latency_s * 1e3;

  if (!serving.feasible || !batching.feasible || per_replica <= 0) {
    r.bottleneck = !serving.feasible || !batching.feasible ? "Memory" : "Capacity";
    r.utilization = inf;
    r.estimated_p99_latency_s = inf;
    r.queue_wait_p99_s = inf;
    r.trace.push_back(
        "Serving Capacity: infeasible before queueing because the model does not fit or has no token capacity.");
    return r;
  }
  r.per_replica_qps_capacity_per_s = per_replica;

  // The queue's "service time" is a replica's capacity interval per request;
  // its P99 minus that interval is the wait, added to the request's latency.
  const double interval_ms = 1000.0 / per_replica;
  auto at = [&](int replicas) {
    TailLatencyInputs t;
    t.arrival_rate_qps = in.qps;
    t.service_latency_s = interval_ms * 1e-3;
    t.num_replicas = replicas;
    t.service_time_cv = in.service_time_cv;
    return solve_tail_latency(t);
  };
  // The fewest replicas whose queue is stable and whose P99 meets the target.
  // That test only turns true as replicas are added (the wait never grows with
  // more servers), so a galloping search from the offered load (every count
  // below it is unstable) finds the count a scan from 1 would, in O(log) queue
  // solves: a few for the usual answer just above the load.
  auto meets = [&](const TailLatencyResult& tail) {
    return tail.is_stable && base_ms + std::max(0.0, tail.p99_latency_s * 1e3 - interval_ms) <= target_ms;
  };
  const double offered = in.qps * interval_ms * 1e-3;  // Erlangs: arrivals x service time
  int probe = static_cast<int>(std::clamp(std::floor(offered) - 1, 1.0, static_cast<double>(in.max_replicas)));
  int failed = 0;  // the largest count known to miss (0: none yet)
  std::optional<TailLatencyResult> at_failed;
  TailLatencyResult at_probe = at(probe);
  for (long long step = 1; !meets(at_probe) && probe < in.max_replicas; step *= 2) {
    failed = probe;
    at_failed = at_probe;
    probe = static_cast<int>(std::min<long long>(in.max_replicas, probe + step));
    at_probe = at(probe);
  }
  if (meets(at_probe)) {
    while (failed + 1 < probe) {  // the first count that meets lies in (failed, probe]
      const int mid = failed + (probe - failed) / 2;
      TailLatencyResult t = at(mid);
      if (meets(t)) probe = mid, at_probe = t;
      else failed = mid, at_failed = t;
    }
    r.required_replicas = probe;
    r.feasible = true;
  }
  const int counted = probe;  // max_replicas when none meets the target
  const TailLatencyResult& tail = at_probe;
  const bool best_stable = tail.is_stable;
  const double best_wait_ms = std::max(0.0, tail.p99_latency_s * 1e3 - interval_ms);
  const double best_p99_ms = base_ms + best_wait_ms;
  // Why the count before the answer was not enough (for the bottleneck).
  std::string short_by = "none";
  if (counted > 1) {
    const TailLatencyResult before = failed == counted - 1 && at_failed ? *at_failed : at(counted - 1);
    short_by = before.is_stable ? "Tail Latency" : "Capacity";
  }
  r.qps_capacity_per_s = counted * per_replica;
  r.utilization = in.qps / r.qps_capacity_per_s;
  r.queue_wait_p99_s = best_wait_ms * 1e-3;
  r.estimated_p99_latency_s = best_p99_ms * 1e-3;
  if (!r.feasible) r.bottleneck = base_ms > target_ms ? "Base Latency" : best_stable ? "Tail Latency" : "Capacity";
  else r.bottleneck = short_by;

  r.trace.push_back(fmt::format("Serving Capacity: {} replicas provide {:.2f} QPS for target {:.2f} QPS at utilization {:.2f}%.",
                                counted, r.qps_capacity_per_s, in.qps, r.utilization * 100));
  r.trace.push_back("Tail Latency: base request latency " + pint_pretty(base_ms) + " ms; estimated P99 " +
                    pint_pretty(best_p99_ms) + " ms vs target " + pint_pretty(target_ms) + " ms.");
  return r;
}

}  // namespace mlsysim
