#pragma once
// DataModel (the Data Wall): can storage and the host link feed the
// accelerator? The slowest path the hardware describes is the supply; demand
// above it stalls the accelerator. TransformationModel (the Transformation
// Wall): does CPU preprocessing keep up with the accelerator step, with
// perfect prefetch overlap? See docs/solvers/data.md.
#include <string>

#include "hardware/hardware_node.hpp"

namespace mlsysim {

struct DataInputs {
  double workload_data_rate_bytes_per_s = 0;  // required (>= 0)
  const HardwareNode* hardware = nullptr;
};

struct DataResult {
  bool is_stalled = false;        // utilization > 1
  double utilization = 0;         // demand / supply
  double demand_bw_bytes_per_s = 0;
  double supply_bw_bytes_per_s = 0;
  std::string bottleneck;         // "Storage" or "Interconnect", the slower path
  double margin_bytes_per_s = 0;  // supply - demand (negative when stalled)
};

// Throws InputError when the hardware describes neither storage nor a host link.
DataResult solve_data(const DataInputs& in);

struct TransformationInputs {
  long long batch_size = 0;                 // required (>= 1)
  double sample_size_bytes = 0;             // required (> 0)
  double cpu_throughput_bytes_per_s = 0;    // required (> 0)
  double accelerator_step_time_s = 0;       // required (> 0)
};

struct TransformationResult {
  double transform_time_s = 0;  // batch x sample / CPU throughput
  double accelerator_step_time_s = 0;
  bool is_bottleneck = false;   // the CPU is the slower stage
  double accelerator_utilization = 0;  // step / max(step, transform)
  double slowdown_factor = 1;          // max(step, transform) / step
};

TransformationResult solve_transformation(const TransformationInputs& in);

}  // namespace mlsysim
