#pragma once
// DistributedModel: one training step of a cluster under data, tensor,
// pipeline and expert parallelism (Walls 14). A replica (TP·PP·EP
// accelerators) trains its share of the global batch (a roofline of the
// sharded step, with TrainingMemoryModel deciding whether it fits); the DP
// gradient all-reduce, the TP activation all-reduces and the EP all-to-all
// are priced on the links they cross; the pipeline adds its bubble.
// Shoeybi et al. (2019), Narayanan et al. (2019, 2021), Patarasuk & Mueller
// (2009). See docs/solvers/distributed.md.
#include <optional>
#include <string>
#include <vector>

#include "core/precision.hpp"
#include "models/workload.hpp"
#include "solvers/single_node.hpp"
#include "solvers/training_memory.hpp"
#include "solvers/topology.hpp"
#include "systems/fleet.hpp"

namespace mlsysim {

struct DistributedInputs {
  const Workload* model = nullptr;
  const Fleet* fleet = nullptr;
  // Global batch, samples: a multiple of the data-parallel degree. None: one
  // sample per microbatch per replica (dp x microbatch_count).
  std::optional<long long> batch_size;
  Precision precision = Precision::fp16;
  double efficiency = 0.5;
  long long tp_size = 1, pp_size = 1, ep_size = 1;
  long long v_stages = 1;          // interleaved pipeline: virtual stages per device
  long long microbatch_count = 1;  // pipeline microbatches per step (divides the batch)
  std::optional<Topology> topology_override;  // prices inter-node links through TopologyModel
  int zero_stage = 0;
  bool is_lora = false;
  bool activation_recomputation = false;
  bool overlap_comm = false;
  double overlap_efficiency = 0.85;  // share of DP communication hidden behind backward compute
  double congestion_factor = 1.0;    // >= 1, multiplies every collective
  double straggler_factor = 1.0;     // >= 1, multiplies the step (the slowest rank gates it)
  double moe_routing_imbalance_factor = 1.0;  // >= 1, inflates EP traffic for hot experts
  long long gradient_accumulation_steps = 1;
  long long seq_len = 2048;
};

// One model-parallel replica's training step, and what its trace says.
struct ReplicaProfile {
  PerformanceProfile profile;
  bool single_device = false;  // a non-transformer on one accelerator: SingleNodeModel's training profile
  long long tp = 1, pp = 1, ep = 1, local_batch = 1, tokens_per_sample = 1;
  std::optional<TrainingMemoryResult> memory;  // transformers
  const HardwareNode* accelerator = nullptr;

  std::vector<std::string> constraint_trace() const;
};

struct DistributedResult {
  ReplicaProfile node_profile;
  double dp_communication_latency_s = 0;
  double tp_communication_latency_s = 0;
  double ep_communication_latency_s = 0;
  double communication_latency_s = 0;  // dp + tp + ep (dp amortised over accumulation steps)
  double pipeline_bubble_latency_s = 0;
  double bubble_fraction = 0;
  double step_latency_total_s = 0;
  double scaling_efficiency = 0;        // replica step / total step
  double effective_throughput_per_s = 0;  // samples/s of the whole cluster
  long long dp = 1, tp = 1, pp = 1, ep = 1;
  double moe_routing_imbalance_factor = 1;
  std::optional<Topology> topology;  // the override applied, if any

  std::vector<std::string> constraint_trace() const;
};

// Throws InputError on bad input (degrees that do not divide the cluster, a
// batch smaller than the data-parallel degree, ...). A replica that does not
// fit is a result (node_profile.feasible = false).
DistributedResult solve_distributed(const DistributedInputs& in);

// The same step for inputs already checked (ParallelismOptimizer's inner loop):
// tp·pp·ep divides the cluster and the batch is at least the data-parallel
// degree; an uneven split floors the per-replica batch, as 0.3.0 does.
DistributedResult evaluate_distributed(const DistributedInputs& in);

}  // namespace mlsysim
