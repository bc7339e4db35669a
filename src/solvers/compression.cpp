#include "solvers/compression.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"

namespace mlsysim {

namespace {
// Survey medians (Gholami et al. 2021; Blalock et al. 2020), as the reference calibrates them.
constexpr double kFp8Delta = -0.002;       // 8-bit targets: near-lossless
constexpr double kInt4Delta = -0.025;      // 4- to 7-bit
constexpr double kSubInt4Delta = -0.050;   // below 4 bits
constexpr double kPruningThreshold = 0.5;  // degradation turns exponential past it
constexpr double kPruningMildDelta = -0.001;
constexpr double kPruningSteepCoefficient = 0.01;
constexpr double kPruningSteepExponent = 2.0;
constexpr double kFullSparsityRatio = 100.0;  // the ratio reported at sparsity 1
constexpr double kVanishingMs = 1e-15;

// The roofline regime of the uncompressed model (headline peak, HBM bandwidth).
bool memory_bound(double ops, double bytes, const HardwareNode& hw) {
  const double compute_ms = ops / hw.compute.peak_flops_per_s * 1e3;
  const double memory_ms = bytes / hw.memory.bandwidth_bytes_per_s * 1e3;
  if (compute_ms < kVanishingMs && memory_ms < kVanishingMs) return false;
  if (compute_ms < kVanishingMs) return true;
  if (memory_ms < kVanishingMs) return false;
  return memory_ms > compute_ms;
}
}  // namespace

CompressionResult solve_compression(const CompressionInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.hardware) throw InputError("hardware is required");
  require_count_at_least(in.target_bitwidth, 1, "target_bitwidth");
  require_in_range(in.sparsity, 0.0, 1.0, "sparsity");
  const Workload& model = *in.model;
  const HardwareNode& hw = *in.hardware;

  CompressionResult r;
  r.baseline_precision = precision_name(in.baseline_precision);
  const double baseline_bytes = bytes_per_element(in.baseline_precision);
  const double baseline_bits = baseline_bytes * 8;
  r.original_size_bytes = size_in_bytes(model, baseline_bytes);

  if (in.method == CompressionMethod::Quantization) {
    r.compression_ratio = baseline_bits / in.target_bitwidth;
    if (in.target_bitwidth >= 16) r.estimated_accuracy_delta = 0.0;  // float formats: no quantisation error
    else if (in.target_bitwidth == 8) r.estimated_accuracy_delta = kFp8Delta;
    else if (in.target_bitwidth >= 4) r.estimated_accuracy_delta = kInt4Delta;
    else r.estimated_accuracy_delta = kSubInt4Delta;
    // Memory-bound: the speedup is the compression ratio (fewer bytes to move).
    // Compute-bound: only what a faster low-precision path gives, if the hardware lists one.
    const ComputationGraph g = lower(model, baseline_bytes);
    if (memory_bound(g.total_ops, g.weight_bytes, hw)) {
      r.inference_speedup = r.compression_ratio;
    } else {
      const std::string key =
          (in.target_bitwidth <= 8 ? "int" : "fp") + std::to_string(in.target_bitwidth);
      r.inference_speedup = 1.0;
      for (const auto& [name, rate] : hw.compute.precision_flops_per_s)
        if (name == key) r.inference_speedup = std::min(rate / hw.compute.peak_flops_per_s, r.compression_ratio);
    }
  } else {
    r.compression_ratio = in.sparsity < 1.0 ? 1.0 / (1.0 - in.sparsity) : kFullSparsityRatio;
    r.estimated_accuracy_delta = in.sparsity <= kPruningThreshold
                                     ? kPruningMildDelta
                                     : -kPruningSteepCoefficient * std::exp(in.sparsity * kPruningSteepExponent);
    switch (in.sparsity_type) {
      case SparsityType::Structured: r.inference_speedup = r.compression_ratio; break;  // whole rows go
      case SparsityType::NM: r.inference_speedup = std::fabs(in.sparsity - 0.5) < 0.05 ? 2.0 : 1.0; break;  // 2:4
      case SparsityType::Unstructured: r.inference_speedup = 1.0; break;  // storage only
    }
  }
  r.compressed_size_bytes = r.original_size_bytes / r.compression_ratio;
  r.memory_savings_pct = (1.0 - 1.0 / r.compression_ratio) * 100;
  return r;
}

}  // namespace mlsysim
