#pragma once
// TailLatencyModel: P50/P99 latency of a pool of replicas under Poisson
// arrivals (Wall 7), M/M/c with a Kingman correction (cv^2 + 1)/2 for service
// times that are not exponential. See docs/solvers/tail_latency.md.
namespace mlsysim {

struct TailLatencyInputs {
  double arrival_rate_qps = 0;     // required, >= 0
  double service_latency_s = 0;    // required, > 0: mean service time per request
  int num_replicas = 1;            // >= 1 (c)
  double service_time_cv = 1.0;    // >= 0; 1 = exponential service
};

struct TailLatencyResult {
  double p50_latency_s = 0;     // median wait + mean service time (infinite when unstable)
  double p99_latency_s = 0;
  double queue_utilization = 0; // offered load rho = arrivals / (replicas x service rate); >= 1 is unstable
  bool is_stable = true;
  double slo_headroom_ratio = 0;  // P99 wait / (5 x service time); above 1 violates; 1 when unstable
};

TailLatencyResult solve_tail_latency(const TailLatencyInputs& in);

}  // namespace mlsysim
