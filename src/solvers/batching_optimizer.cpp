#include "solvers/batching_optimizer.hpp"

#include "core/errors.hpp"
#include "solvers/serving.hpp"
#include "solvers/tail_latency.hpp"

namespace mlsysim {

BatchingOptimizerResult solve_batching_optimizer(const BatchingOptimizerInputs& in) {
  require_positive(in.sla_latency_s, "sla_latency_ms", kMilliseconds);
  require_nonnegative(in.arrival_rate_qps, "arrival_rate_qps");
  require_count_at_least(in.num_replicas, 1, "num_replicas");
  // The search is exhaustive (as 0.3.0's): a million candidates take about 0.1 s.
  require_count_in_range(in.max_search_batch, 1, 1'000'000, "max_search_batch");
  require_count_at_least(in.seq_len, 1, "seq_len");

  ServingInputs sv;
  sv.model = in.model;
  sv.hardware = in.hardware;
  sv.seq_len = in.seq_len;
  sv.precision = in.precision;
  sv.efficiency = in.efficiency;
  // One batch b: its service time and the queue it sees (batches arrive at qps / b).
  auto queue_at = [&](int b, bool* fits) {
    sv.batch_size = b;
    const ServingResult s = solve_serving(sv);
    *fits = s.feasible;
    TailLatencyInputs t;
    t.arrival_rate_qps = in.arrival_rate_qps / b;
    t.service_latency_s = s.ttft_s + s.itl_s * in.seq_len;
    t.num_replicas = in.num_replicas;
    return solve_tail_latency(t);
  };

  BatchingOptimizerResult r;
  r.total_searched = in.max_search_batch;
  int best = 0;
  for (int b = 1; b <= in.max_search_batch; ++b) {
    bool fits = false;
    const TailLatencyResult tail = queue_at(b, &fits);
    if (fits && tail.is_stable && tail.p99_latency_s * 1e3 <= in.sla_latency_s * 1e3) best = b;
  }
  if (best == 0) return r;
  bool fits = false;
  const TailLatencyResult tail = queue_at(best, &fits);
  r.best_batch_size = best;
  r.max_throughput_tokens_per_s = in.arrival_rate_qps * in.seq_len;
  r.objective_value = r.max_throughput_tokens_per_s;
  r.p99_latency_s = tail.p99_latency_s;
  r.slo_headroom_ratio = tail.slo_headroom_ratio;
  r.is_feasible = true;
  return r;
}

}  // namespace mlsysim
