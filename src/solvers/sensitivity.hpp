#pragma once
// SensitivitySolver (Wall 21): which hardware lever moves a single-node solve
// the most. Three copies of the hardware, each with one parameter scaled by
// f = 1 + perturbation_pct / 100, are solved by SingleNodeModel beside the
// baseline (batch 1, inference):
//
//   T_0       = latency(hardware)
//   T_flops   = latency(peak FLOP/s x f, every per-precision rate x f)
//   T_bw      = latency(HBM bandwidth x f)
//   T_cap     = latency(HBM capacity x f)
//   s_k       = (T_k - T_0) / T_0        (dimensionless; < 0: the upgrade helps)
//   binding   = argmax_k |s_k|, ties to the first of peak_flops,
//               memory_bandwidth, memory_capacity
//
// An infeasible baseline (the weights do not fit) is priced at the host-link
// rate, which none of the three levers moves by a small step, so there the
// binding constraint is memory_capacity whatever the s_k. See
// docs/solvers/sensitivity.md.
#include <string>
#include <vector>

#include "api/value.hpp"
#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"

namespace mlsysim {

struct SensitivityInputs {
  const Workload* model = nullptr;
  const HardwareNode* hardware = nullptr;
  Precision precision = Precision::fp16;
  double perturbation_pct = 10.0;  // percent: 10.0 is a 1.1x upgrade; > -100, not 0
  double efficiency = 0.5;         // achieved fraction of peak compute, [1e-9, 1]
};

struct SensitivityResult {
  bool feasible = true;  // the baseline fits in device memory
  double peak_flops = 0;        // s_k of each lever, a fraction
  double memory_bandwidth = 0;
  double memory_capacity = 0;
  std::string binding_constraint;
  double baseline_latency_s = 0;
  double perturbation_pct = 0;  // as given, percent
  // Latencies of the perturbed solves (ours: what the s_k are made of).
  double peak_flops_latency_s = 0;
  double memory_bandwidth_latency_s = 0;
  double memory_capacity_latency_s = 0;
  std::vector<std::string> constraint_trace;
  std::vector<std::string> warnings;  // the baseline's (the perturbed solves repeat them)

  // {peak_flops, memory_bandwidth, memory_capacity} in that order.
  Record sensitivities() const;
};

SensitivityResult solve_sensitivity(const SensitivityInputs& in);

}  // namespace mlsysim
