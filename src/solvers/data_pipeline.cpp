#include "solvers/data_pipeline.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace mlsysim {

DataResult solve_data(const DataInputs& in) {
  if (!in.hardware) throw InputError("hardware is required");
  require_nonnegative(in.workload_data_rate_bytes_per_s, "workload_data_rate", {1e-9, "GB/s"});
  const HardwareNode& hw = *in.hardware;
  const double storage = hw.storage ? hw.storage->bandwidth_bytes_per_s : 0;
  const double link = hw.interconnect ? hw.interconnect->bandwidth_bytes_per_s : 0;
  if (storage <= 0 && link <= 0)
    throw InputError("hardware: " + hw.key + " lists neither a storage bandwidth nor a host link, so DataModel has "
                     "no supply to compare with (use hardware that lists either)");
  DataResult r;
  // The slower of the paths the spec describes (an absent one is not a 0 GB/s link).
  if (storage > 0 && (link <= 0 || storage <= link)) r.bottleneck = "Storage", r.supply_bw_bytes_per_s = storage;
  else r.bottleneck = "Interconnect", r.supply_bw_bytes_per_s = link;
  r.demand_bw_bytes_per_s = in.workload_data_rate_bytes_per_s;
  r.utilization = r.demand_bw_bytes_per_s / r.supply_bw_bytes_per_s;
  r.is_stalled = r.utilization > 1.0;
  r.margin_bytes_per_s = r.supply_bw_bytes_per_s - r.demand_bw_bytes_per_s;
  return r;
}

TransformationResult solve_transformation(const TransformationInputs& in) {
  require_count_at_least(in.batch_size, 1, "batch_size");
  require_positive(in.sample_size_bytes, "sample_size_bytes", {1, "B"});
  require_positive(in.cpu_throughput_bytes_per_s, "cpu_throughput", {1e-9, "GB/s"});
  require_positive(in.accelerator_step_time_s, "accelerator_step_time", kMilliseconds);
  TransformationResult r;
  r.transform_time_s = static_cast<double>(in.batch_size) * in.sample_size_bytes / in.cpu_throughput_bytes_per_s;
  r.accelerator_step_time_s = in.accelerator_step_time_s;
  r.is_bottleneck = r.transform_time_s > r.accelerator_step_time_s;
  // Prefetch overlaps the CPU with the accelerator: the step is the slower stage.
  const double step = std::max(r.transform_time_s, r.accelerator_step_time_s);
  r.accelerator_utilization = r.accelerator_step_time_s / step;
  r.slowdown_factor = step / r.accelerator_step_time_s;
  return r;
}

}  // namespace mlsysim
