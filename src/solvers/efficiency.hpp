#pragma once
// EfficiencyModel (the Software Wall): what fraction of peak FLOP/s a
// workload's dominant kernels reach. Calibrated MFU by kernel type (PaLM's
// 30-50 % training range; FlashAttention lifts attention), scaled by the given
// efficiency relative to 0.5, with the loss split into SM-occupancy and memory
// stalls. Heuristic, as 0.3.0's is. See docs/solvers/efficiency.md.
#include <string>

#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"

namespace mlsysim {

enum class KernelType { Attention, Ffn, Conv };
const char* kernel_type_name(KernelType k);  // attention, ffn, conv

struct EfficiencyInputs {
  const Workload* model = nullptr;
  const HardwareNode* hardware = nullptr;
  KernelType workload_type = KernelType::Ffn;
  bool use_flash_attention = false;  // attention only
  Precision precision = Precision::fp16;
  double efficiency = 0.5;
};

struct EfficiencyResult {
  double mfu = 0;
  double achievable_flops_flop_per_s = 0;
  double peak_flops_flop_per_s = 0;
  KernelType workload_type = KernelType::Ffn;
  bool use_flash_attention = false;
  double occupancy_loss = 0;  // 1 - min(1.1 x efficiency, 1)
  double memory_stall = 0;    // the rest of 1 - MFU
};

EfficiencyResult solve_efficiency(const EfficiencyInputs& in);

}  // namespace mlsysim
