#pragma once
// BatchingOptimizer: the largest batch in 1..max_search_batch whose requests
// fit, keep the M/M/c queue stable and meet a P99 SLA (Wall 5). A batch's
// service time is TTFT + ITL x seq_len (ServingModel); batches arrive at
// qps / b. See docs/solvers/batching_optimizer.md.
#include <string>
#include <vector>

#include "api/value.hpp"
#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"

namespace mlsysim {

struct BatchingOptimizerInputs {
  const Workload* model = nullptr;
  const HardwareNode* hardware = nullptr;
  int seq_len = 0;                // required: tokens generated per request
  double sla_latency_s = 0;       // required, > 0: the P99 target
  double arrival_rate_qps = 0;    // required, >= 0
  int num_replicas = 1;
  Precision precision = Precision::fp16;
  double efficiency = 0.5;
  int max_search_batch = 256;
};

struct BatchingOptimizerResult {
  double objective_value = 0;     // the offered token rate (0 when nothing is feasible)
  int best_batch_size = 0;        // 0 when no batch meets the SLA
  int total_searched = 0;
  double max_throughput_tokens_per_s = 0;  // arrival rate x seq_len: the demand, not a capacity
  double p99_latency_s = 0;
  double slo_headroom_ratio = 0;
  bool is_feasible = false;

  Record best_config() const { return {{"max_batch_size", Value(best_batch_size)}}; }
};

BatchingOptimizerResult solve_batching_optimizer(const BatchingOptimizerInputs& in);

}  // namespace mlsysim
