#pragma once
// CheckpointModel: the size of a training checkpoint, how long it takes to
// write, and the share of each checkpoint interval the job stalls for
// (Eisenman et al. 2022, Check-N-Run). See docs/solvers/checkpoint.md.
#include <string>
#include <vector>

#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"

namespace mlsysim {

enum class CheckpointOptimizer { Adam, AdamW, Sgd };

struct CheckpointInputs {
  const Workload* model = nullptr;         // needs a parameter count
  const HardwareNode* hardware = nullptr;  // its storage bandwidth, per writer
  CheckpointOptimizer optimizer = CheckpointOptimizer::Adam;
  double checkpoint_interval_s = 4 * 3600.0;  // a bare number is hours (>= 0)
  long long n_writers = 1;                    // sharded writers (>= 1)
  double filesystem_limit_bytes_per_s = 500e9;  // the shared filesystem's aggregate ceiling (> 0)
};

struct CheckpointResult {
  double checkpoint_size_bytes = 0;  // parameters x (14 B with Adam/AdamW state, 4 B with SGD)
  double write_time_s = 0;
  double max_bandwidth_required_bytes_per_s = 0;  // 0.3.0's name: the per-writer storage rate it used
  bool storage_bottleneck = false;  // a write longer than a minute
  double mfu_penalty = 0;           // write time / interval, a fraction (0.3.0: mfu_penalty_pct)
  bool fallback_storage = false;    // the hardware lists no storage bandwidth: 1 GB/s assumed
  double effective_write_bytes_per_s = 0;

  std::vector<std::string> constraint_trace() const;
};

CheckpointResult solve_checkpoint(const CheckpointInputs& in);

}  // namespace mlsysim
