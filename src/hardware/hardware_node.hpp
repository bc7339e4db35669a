#pragma once
// Layer B: one accelerator (GPU, TPU, phone SoC, microcontroller) as its
// datasheet describes it. All numbers SI: bytes, bytes/s, FLOP/s, W, s.
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/precision.hpp"
#include "core/source.hpp"

namespace mlsysim {

struct ComputeCore {
  double peak_flops_per_s = 0;  // headline rate (dense FP16/BF16 tensor for GPUs)
  // Every per-precision rate the datasheet lists, including keys that are not
  // precisions we compute with (fp16_sparse, int8_sparse, ...).
  std::vector<std::pair<std::string, double>> precision_flops_per_s;
  // Fast lookup by Precision; NaN where the datasheet lists no rate.
  std::array<double, kPrecisionCount> rate_by_precision{
      std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
      std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
      std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
      std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};

  bool lists_rate(Precision p) const { return !std::isnan(rate_by_precision[static_cast<size_t>(p)]); }
  // The listed rate for `p`, else the headline peak (the reference's rule).
  double peak_for(Precision p) const {
    double rate = rate_by_precision[static_cast<size_t>(p)];
    return std::isnan(rate) ? peak_flops_per_s : rate;
  }
};

struct MemoryHierarchy {
  double capacity_bytes = 0;
  double bandwidth_bytes_per_s = 0;
  std::optional<double> sram_capacity_bytes, sram_bandwidth_bytes_per_s;
  std::optional<double> flash_capacity_bytes, flash_bandwidth_bytes_per_s;
  std::optional<double> l2_cache_bytes;
};

struct StorageHierarchy {
  double capacity_bytes = 0;
  double bandwidth_bytes_per_s = 0;
  std::optional<double> latency_s;
};

// A point-to-point link (PCIe host link, NVLink). Vendors quote NVLink as
// send+receive summed; transfer-time math needs the one-way rate.
struct Link {
  std::string name;
  double bandwidth_bytes_per_s = 0;  // as the datasheet quotes it
  std::optional<double> latency_s;
  bool bidirectional_total = false;
  double bandwidth_per_direction_bytes_per_s() const {
    return bidirectional_total ? bandwidth_bytes_per_s / 2 : bandwidth_bytes_per_s;
  }
};

struct HardwareNode {
  std::string key;       // "H100"
  std::string path;      // "Hardware.Cloud.H100"
  std::string category;  // "Cloud"
  std::string name;      // "NVIDIA H100"
  int release_year = 0;
  ComputeCore compute;
  MemoryHierarchy memory;
  std::optional<StorageHierarchy> storage;
  std::optional<Link> interconnect;  // host link (PCIe)
  std::optional<Link> nvlink;        // scale-up link
  std::optional<double> tdp_w;
  std::optional<double> battery_capacity_j;
  std::optional<double> unit_cost_usd;
  std::optional<double> embodied_carbon_kg;
  std::optional<int> accelerator_count;
  double dispatch_tax_s = 1e-5;  // per-call launch overhead; reference default 0.01 ms
  Source source;

  // Ridge point of the roofline in FLOP/byte.
  double ridge_point(Precision p = Precision::fp16) const {
    return compute.peak_for(p) / memory.bandwidth_bytes_per_s;
  }
};

}  // namespace mlsysim
