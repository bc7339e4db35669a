#include "solvers/efficiency.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "hardware/precision_support.hpp"

namespace mlsysim {

namespace {
// 0.3.0's calibration: Literature.Training's MFU range and per-kernel caps.
constexpr double kMfuLow = 0.30, kMfuHigh = 0.50;
constexpr double kFlashAttentionMfu = 0.75, kFlashAttentionCap = 0.85;
constexpr double kFfnCap = 0.60, kConvCap = 0.55;
constexpr double kOccupancyHeadroom = 1.1;  // the occupancy ceiling is about 1.1 x the base efficiency
}  // namespace

const char* kernel_type_name(KernelType k) {
  switch (k) {
    case KernelType::Attention: return "attention";
    case KernelType::Ffn: return "ffn";
    case KernelType::Conv: return "conv";
  }
  return "ffn";
}

EfficiencyResult solve_efficiency(const EfficiencyInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.hardware) throw InputError("hardware is required");
  require_in_range(in.efficiency, 1e-9, 1.0, "efficiency");
  require_precision_supported(*in.hardware, in.precision);
  EfficiencyResult r;
  r.workload_type = in.workload_type;
  r.use_flash_attention = in.use_flash_attention;
  r.peak_flops_flop_per_s = in.hardware->compute.peak_for(in.precision);
  const double scale = in.efficiency / 0.5;
  double eta = 0;
  switch (in.workload_type) {
    case KernelType::Attention:  // without FlashAttention, O(S^2) reads keep it memory-bound
      eta = in.use_flash_attention ? std::min(kFlashAttentionMfu * scale, kFlashAttentionCap) : kMfuLow * scale;
      break;
    case KernelType::Ffn: eta = std::min(kMfuHigh * scale, kFfnCap); break;  // dense GEMMs
    case KernelType::Conv: eta = std::min((kMfuLow + kMfuHigh) / 2.0 * scale, kConvCap); break;  // im2col + GEMM
  }
  r.mfu = std::clamp(eta, 0.0, 1.0);
  r.achievable_flops_flop_per_s = r.peak_flops_flop_per_s * r.mfu;
  r.occupancy_loss = 1.0 - std::min(in.efficiency * kOccupancyHeadroom, 1.0);
  r.memory_stall = std::max(0.0, (1.0 - r.mfu) - r.occupancy_loss);
  return r;
}

}  // namespace mlsysim
