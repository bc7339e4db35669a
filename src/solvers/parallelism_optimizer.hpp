#pragma once
// ParallelismOptimizer: the best way to split a cluster for training.
// The reference search (0.3.0's) tries power-of-two TP and PP degrees with a
// weights + gradients + Adam prescreen and ranks by scaling efficiency ×
// efficiency. The full search tries every divisor split of TP, PP and EP
// (for MoE), every virtual-stage count and microbatch count, ZeRO 0-3 and
// activation recomputation, keeps what TrainingMemoryModel says fits, and
// ranks by the cluster's real MFU (equivalently, step time). Both price each
// configuration with DistributedModel. See docs/solvers/parallelism_optimizer.md.
#include <optional>
#include <vector>

#include "core/precision.hpp"
#include "models/workload.hpp"
#include "systems/fleet.hpp"

namespace mlsysim {

enum class ParallelismSearch { Reference, Full };

struct ParallelismInputs {
  const Workload* model = nullptr;
  const Fleet* fleet = nullptr;
  long long batch_size = 0;  // global batch, required (>= 1)
  Precision precision = Precision::fp16;
  double efficiency = 0.5;
  std::optional<long long> max_tp;  // default: accelerators per node (TP wants NVLink)
  std::optional<long long> max_pp;  // default: the cluster (reference), the layer count (full)
  bool overlap_comm = true;
  long long seq_len = 2048;
  bool activation_recomputation = false;  // reference search only; the full search tries both
  ParallelismSearch search = ParallelismSearch::Reference;
  int top_n = 5;  // candidates reported
};

struct ParallelismConfig {
  long long tp = 1, pp = 1, dp = 1, ep = 1, v_stages = 1, microbatch_count = 1;
  int zero_stage = 0;
  bool activation_recomputation = false;
  bool full = false;  // found by the full search: every degree above is a choice, not only tp and pp
};

struct ParallelismCandidate {
  ParallelismConfig config;
  double mfu = 0;                 // reference: scaling efficiency x efficiency; full: the cluster's MFU
  double throughput_per_s = 0;    // samples/s
  double step_time_s = 0;
  double memory_per_gpu_bytes = 0;
};

struct ParallelismResult {
  ParallelismSearch search = ParallelismSearch::Reference;
  ParallelismCandidate best;
  long long total_searched = 0;     // configurations that passed the prescreen and were priced
  long long search_space_size = 0;  // reference: as 0.3.0, the feasible count; full: every configuration
  long long feasible_configurations = 0;  // priced configurations whose training state fits
  std::vector<ParallelismCandidate> top_candidates;
  std::vector<ParallelismCandidate> pareto_front;  // full search: step time vs memory per GPU, by memory
};

// Throws InputError on bad input, or when no configuration fits.
ParallelismResult solve_parallelism(const ParallelismInputs& in);

}  // namespace mlsysim
