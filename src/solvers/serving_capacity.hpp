#pragma once
// ServingCapacityModel: how many replicas a QPS needs at a P99 target.
// ContinuousBatchingModel sizes a replica's batch and token capacity,
// ServingModel its request latency (TTFT + ITL x output tokens), and the M/M/c
// queue of TailLatencyModel the wait; replica counts are scanned upward until
// the P99 meets the target. See docs/solvers/serving_capacity.md.
#include <optional>
#include <string>
#include <vector>

#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"

namespace mlsysim {

struct ServingCapacityInputs {
  const Workload* model = nullptr;
  const HardwareNode* hardware = nullptr;
  double qps = 0;                       // required, > 0
  double target_p99_latency_s = 0;      // required, > 0
  int max_seq_len = 2048;
  std::optional<double> mean_request_tokens;
  int output_tokens = 128;
  int max_batch_size = 32;
  Precision precision = Precision::fp16;
  double efficiency = 0.5;
  int max_replicas = 1024;
  double service_time_cv = 1.0;
};

struct ServingCapacityResult {
  bool feasible = false;
  std::optional<int> required_replicas;  // none when no count up to max_replicas meets the target
  double qps_target_per_s = 0;
  double qps_capacity_per_s = 0;          // of the replicas found (max_replicas when none suffices)
  double per_replica_qps_capacity_per_s = 0;
  double utilization = 0;                 // target / capacity; infinite with no capacity
  double target_p99_latency_s = 0;
  double estimated_p99_latency_s = 0;     // infinite when it does not fit
  double base_request_latency_s = 0;      // TTFT + ITL x output tokens, no queue
  double queue_wait_p99_s = 0;
  int active_batch_size = 1;
  double ttft_s = 0;
  double itl_s = 0;
  std::string bottleneck;  // "Memory", "Capacity", "Tail Latency", "Base Latency", or "none"
  std::vector<std::string> trace;
};

ServingCapacityResult solve_serving_capacity(const ServingCapacityInputs& in);

}  // namespace mlsysim
