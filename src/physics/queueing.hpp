#pragma once
// Queueing formulas for serving tail latency (Erlang C, M/M/c).
namespace mlsysim {

struct QueueWaits {
  double offered_load;  // rho = lambda / (c * mu); >= 1 is an unstable queue
  double p50_wait_s;    // median wait in the queue (infinite when unstable)
  double p99_wait_s;    // 99th-percentile wait
};

// M/M/c with arrivals `arrival_per_s` (>= 0), per-server service rate
// `service_per_s` (> 0) and `servers` (>= 1). The waiting probability is
// Erlang C in the log domain (no overflow at thousands of servers); given a
// wait, it is exponential with rate c·mu·(1 - rho), so the q-quantile is
// -ln((1 - q) / P_wait) / rate, or 0 when P_wait is below the tail mass.
QueueWaits mmc_queue_waits(double arrival_per_s, double service_per_s, long long servers);

}  // namespace mlsysim
