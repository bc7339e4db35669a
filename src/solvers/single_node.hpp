#pragma once
// SingleNodeModel (Engine.solve): the roofline on one accelerator — Walls 1
// (compute) and 2 (memory). Latency = max(compute, memory) + dispatch tax +
// per-layer framework tax; see docs/solvers/single_node.md.
#include <optional>
#include <string>
#include <vector>

#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"
#include "physics/roofline.hpp"

namespace mlsysim {


struct SingleNodeInputs {
  const Workload* model = nullptr;
  const HardwareNode* hardware = nullptr;
  int batch_size = 1;
  Precision precision = Precision::fp16;
  double efficiency = 0.5;       // achieved fraction of peak compute, (0, 1]
  bool raise_errors = false;     // throw OutOfMemoryError instead of taking the spill path
  bool is_training = false;
  int seq_len = 2048;            // training activation memory
  int zero_stage = 0;            // 0..3
  int dp_size = 1;               // ZeRO sharding degree
  bool is_lora = false;
  bool activation_recomputation = false;
};

struct PerformanceProfile {
  double latency_s = 0;
  double latency_compute_s = 0;
  double latency_memory_s = 0;
  double latency_overhead_s = 0;  // dispatch + framework layer tax
  double throughput_per_s = 0;    // samples per second
  Bottleneck bottleneck = Bottleneck::Compute;
  double arithmetic_intensity_flop_per_byte = 0;
  double energy_j = 0;
  double memory_footprint_bytes = 0;
  double peak_flops_actual_flop_per_s = 0;  // peak · efficiency
  double peak_bw_actual_bytes_per_s = 0;    // bandwidth actually used
  double mfu = 0;
  double hfu = 0;
  bool feasible = true;
  bool overhead_dominated = false;
  std::optional<double> offload_spill_bytes;
  std::optional<double> offload_effective_bw_bytes_per_s;
  // What the trace lines are built from (kept as numbers so a solve never allocates).
  double memory_capacity_bytes = 0;
  const HardwareNode* hardware = nullptr;  // the solved hardware; valid while it lives
  // The datasheet lists no rate for the requested precision; the headline peak was used.
  bool precision_rate_missing = false;
  Precision precision = Precision::fp16;

  // "Memory Wall: Passed. Required 0.0512 GB <= Available 85.89934592 GB on NVIDIA A100."
  std::vector<std::string> constraint_trace() const;
  // Non-fatal notes (e.g. the precision fell back to the headline peak).
  std::vector<std::string> warnings() const;
};

// Throws InputError on bad input, OutOfMemoryError when raise_errors is set and
// the footprint exceeds device memory.
PerformanceProfile solve_single_node(const SingleNodeInputs& in);

// A solve split in two: everything that does not depend on the batch size
// (validation, lowering, the precision's peak, the memory tier) is done once
// by the constructor; at(batch) finishes it. solve_single_node and the
// columnar grid (single_node_grid.hpp) both run through it, so the physics is
// written once. The plan points into the inputs' model and hardware.
class SingleNodePlan {
 public:
  // Validates every input but batch_size; throws InputError.
  explicit SingleNodePlan(const SingleNodeInputs& in);
  // Throws InputError for batch_size < 1, OutOfMemoryError as solve_single_node.
  PerformanceProfile at(int batch_size) const;

 private:
  SingleNodeInputs in_;
  ComputationGraph graph_;
  double bytes_per_element_ = 0;
  double peak_ = 0;             // FLOP/s at the precision
  double effective_flops_ = 0;  // peak · efficiency
  double fixed_footprint_ = 0;  // bytes, when it does not depend on the batch
  bool footprint_per_batch_ = false;  // transformer training: activations grow with the batch
  bool precision_rate_missing_ = false;
  double ops_per_sample_ = 0;
  double layer_tax_s_ = 0;
};

}  // namespace mlsysim
