#include "solvers/checkpoint.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/format.hpp"

namespace mlsysim {

namespace {
constexpr double kAdamBytesPerParam = 14;  // FP16 weights + FP32 master + two FP32 moments (gradients are not saved)
constexpr double kSgdBytesPerParam = 4;    // FP32 master weights
constexpr double kFallbackStorageBytesPerS = 1e9;
constexpr double kStallThresholdS = 60;
}  // namespace

CheckpointResult solve_checkpoint(const CheckpointInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.hardware) throw InputError("hardware is required");
  if (!in.model->parameters)
    throw InputError("CheckpointModel needs a model with a parameter count; " + in.model->key + " has none");
  require_nonnegative(in.checkpoint_interval_s, "checkpoint_interval_hours", {1.0 / 3600, "h"});
  require_count_at_least(in.n_writers, 1, "n_writers");
  require_positive(in.filesystem_limit_bytes_per_s, "filesystem_limit_gbs", {1e-9, "GB/s"});

  CheckpointResult r;
  const double bytes_per_param = in.optimizer == CheckpointOptimizer::Sgd ? kSgdBytesPerParam : kAdamBytesPerParam;
  r.checkpoint_size_bytes = *in.model->parameters * bytes_per_param;
  const auto& storage = in.hardware->storage;
  r.fallback_storage = !storage || storage->bandwidth_bytes_per_s <= 0;
  r.max_bandwidth_required_bytes_per_s = r.fallback_storage ? kFallbackStorageBytesPerS : storage->bandwidth_bytes_per_s;
  // Writers scale until the filesystem's aggregate ingest binds.
  r.effective_write_bytes_per_s = std::min(r.max_bandwidth_required_bytes_per_s * static_cast<double>(in.n_writers),
                                           in.filesystem_limit_bytes_per_s);
  r.write_time_s = r.checkpoint_size_bytes / r.effective_write_bytes_per_s;
  r.mfu_penalty = in.checkpoint_interval_s > 0 ? r.write_time_s / in.checkpoint_interval_s : 1.0;
  r.storage_bottleneck = r.write_time_s > kStallThresholdS;
  return r;
}

std::vector<std::string> CheckpointResult::constraint_trace() const {
  std::vector<std::string> lines;
  if (fallback_storage)
    lines.push_back("Storage: the hardware lists no storage bandwidth; 1 GB/s per writer assumed.");
  lines.push_back("Checkpoint: " + pint_pretty(checkpoint_size_bytes / 1e9) + " GB at " +
                  pint_pretty(effective_write_bytes_per_s / 1e9) + " GB/s takes " + pint_pretty(write_time_s) +
                  " s" + (storage_bottleneck ? ", over a minute: the job stalls on storage." : "."));
  return lines;
}

}  // namespace mlsysim
