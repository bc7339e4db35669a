#pragma once
// DecodeBoundModel: the weight-streaming bound of one decode step on one
// device (a tensor-parallel shard of 1/tp_size): 2P FLOPs per request against
// P x bytes of weights, placed on the roofline. KV-cache reads and launch
// overhead are left out (ServingModel has them). See docs/solvers/decode_bound.md.
#include <optional>
#include <string>

#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"

namespace mlsysim {

struct DecodeBoundInputs {
  const Workload* model = nullptr;
  const HardwareNode* hardware = nullptr;
  Precision precision = Precision::fp16;
  int batch_size = 1;
  std::optional<double> peak_flops_per_s;  // none: the hardware's headline peak
  int tp_size = 1;
};

struct DecodeBoundResult {
  double weight_bytes = 0;            // the shard one device streams
  double flops_per_step_flop = 0;     // 2 P batch / tp
  double compute_time_s = 0;
  double memory_time_s = 0;
  double memory_share = 0;            // memory / (memory + compute), a fraction
  double bound_ratio = 0;             // memory / compute (infinite when compute vanishes)
  double intensity_flop_per_byte = 0; // FLOPs per weight byte
  double attainable_flops_flop_per_s = 0;  // min(peak, bandwidth x intensity)
  double peak_fraction = 0;           // attainable / peak, a fraction
  std::string bottleneck;             // "Compute" or "Memory"
};

DecodeBoundResult solve_decode_bound(const DecodeBoundInputs& in);

}  // namespace mlsysim
