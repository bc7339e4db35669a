#include "solvers/single_node.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "hardware/precision_support.hpp"
#include "core/format.hpp"

namespace mlsysim {

namespace {
constexpr double kLayerTaxS = 0.01e-3;          // framework tax per layer per launch
constexpr double kPcieFallbackBytesPerS = 64e9;  // host link when the datasheet lists none
constexpr double kActivationTrafficPerSample = 0.1;  // activations ≈ 10 % of weights per sample
constexpr double kIdlePowerFraction = 0.30;      // energy-proportional power model
constexpr double kDynamicPowerFraction = 0.70;
constexpr double kAdamBytesPerParam = 12;
constexpr double kLoraFootprintFactor = 1.1;

// Bytes to decimal GB the way pint converts (multiplying by 1e-9) and prints ("~P"), so trace
// lines read exactly like the reference's.
std::string gb(double bytes) { return pint_pretty(bytes * 1e-9) + " GB"; }
}  // namespace

std::vector<std::string> PerformanceProfile::constraint_trace() const {
  const std::string name = hardware ? hardware->name : "hardware";
  if (feasible)
    return {"Memory Wall: Passed. Required " + gb(memory_footprint_bytes) + " <= Available " +
            gb(memory_capacity_bytes) + " on " + name + "."};
  return {"Memory Wall: FAILED. Required " + gb(memory_footprint_bytes) + " > Available " +
          gb(memory_capacity_bytes) + " on " + name + "."};
}

std::vector<std::string> PerformanceProfile::warnings() const {
  if (!precision_rate_missing) return {};
  std::string listed;
  if (hardware)
    for (const auto& [key, rate] : hardware->compute.precision_flops_per_s)
      listed += (listed.empty() ? "'" : ", '") + key + "'";
  return {std::string("Precision '") + precision_name(precision) + "' not in " +
          (hardware ? hardware->name : "hardware") + " precision_flops (available: [" + listed +
          "]); using default peak_flops (FP16). Results may be inaccurate."};
}

namespace {
const Workload& required_model(const SingleNodeInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.hardware) throw InputError("hardware is required");
  return *in.model;
}
}  // namespace

// The graph is built in place (not assigned from a temporary): copying a returned
// struct costs a store-forwarding stall that doubled the cost of one solve.
SingleNodePlan::SingleNodePlan(const SingleNodeInputs& in)
    : in_(in), graph_(lower(required_model(in), bytes_per_element(in.precision))) {
  require_in_range(in.efficiency, 1e-9, 1.0, "efficiency");
  const Workload& model = *in.model;
  const HardwareNode& hw = *in.hardware;
  if (in.is_training) {
    require_count_at_least(in.seq_len, 1, "seq_len");
    require_count_in_range(in.zero_stage, 0, 3, "zero_stage");
    require_count_at_least(in.dp_size, 1, "dp_size");
  }
  require_precision_supported(hw, in.precision);

  bytes_per_element_ = bytes_per_element(in.precision);
  peak_ = hw.compute.peak_for(in.precision);
  precision_rate_missing_ = !hw.compute.lists_rate(in.precision) && in.precision != Precision::fp16 &&
                            in.precision != Precision::bf16 && !hw.compute.precision_flops_per_s.empty();
  effective_flops_ = peak_ * in.efficiency;

  // Footprint and FLOPs: training is 1 forward + 2 backward (+1 forward when recomputing).
  ops_per_sample_ = graph_.total_ops;
  if (in.is_training) {
    ops_per_sample_ = graph_.total_ops * (in.activation_recomputation ? 4 : 3);
    if (model.is_transformer()) {
      footprint_per_batch_ = true;
    } else if (in.is_lora) {
      fixed_footprint_ = graph_.weight_bytes * kLoraFootprintFactor;
    } else {
      // Weights + gradients at the same width + Adam state per parameter.
      fixed_footprint_ = graph_.weight_bytes * 2 + (graph_.weight_bytes / bytes_per_element_) * kAdamBytesPerParam;
    }
  } else {
    fixed_footprint_ = graph_.weight_bytes;
  }
  layer_tax_s_ = graph_.layers * kLayerTaxS * (in.is_training ? 3 : 1);
}

PerformanceProfile SingleNodePlan::at(int batch_size) const {
  require_count_at_least(batch_size, 1, "batch_size");
  const Workload& model = *in_.model;
  const HardwareNode& hw = *in_.hardware;

  PerformanceProfile p;
  p.hardware = &hw;
  p.precision = in_.precision;
  p.memory_capacity_bytes = hw.memory.capacity_bytes;
  p.precision_rate_missing = precision_rate_missing_;

  const double B = batch_size;
  if (footprint_per_batch_) {
    TrainingFootprintInputs tm;
    tm.batch_size = batch_size;
    tm.seq_len = in_.seq_len;
    tm.precision = in_.precision;
    tm.strategy = in_.activation_recomputation ? ActivationStrategy::Full : ActivationStrategy::None;
    tm.zero_stage = in_.zero_stage;
    tm.dp_size = in_.dp_size;
    tm.is_lora = in_.is_lora;
    p.memory_footprint_bytes = transformer_training_memory_bytes(model, tm);
  } else {
    p.memory_footprint_bytes = fixed_footprint_;
  }

  p.feasible = p.memory_footprint_bytes <= hw.memory.capacity_bytes;
  if (!p.feasible && in_.raise_errors)
    throw OutOfMemoryError("Model '" + model.name + "' requires " + gb(p.memory_footprint_bytes) +
                               " but hardware '" + hw.name + "' has only " + gb(hw.memory.capacity_bytes) + ".",
                           p.memory_footprint_bytes, hw.memory.capacity_bytes);

  double bw;
  if (!p.feasible) {
    // Spill: all traffic is charged at the host-link rate (pessimistic paging).
    const double link = hw.interconnect ? hw.interconnect->bandwidth_per_direction_bytes_per_s()
                                        : kPcieFallbackBytesPerS;
    bw = std::min(hw.memory.bandwidth_bytes_per_s, link);
    p.offload_spill_bytes = p.memory_footprint_bytes - hw.memory.capacity_bytes;
    p.offload_effective_bw_bytes_per_s = bw;
  } else if (hw.memory.sram_capacity_bytes && hw.memory.sram_bandwidth_bytes_per_s &&
             graph_.weight_bytes <= *hw.memory.sram_capacity_bytes) {
    bw = *hw.memory.sram_bandwidth_bytes_per_s;  // weights resident in on-chip SRAM
  } else if (hw.memory.flash_bandwidth_bytes_per_s) {
    bw = *hw.memory.flash_bandwidth_bytes_per_s;  // microcontroller: weights stream from flash
  } else {
    bw = hw.memory.bandwidth_bytes_per_s;
  }

  const double batch_ops = ops_per_sample_ * B;
  const double traffic = graph_.weight_bytes + graph_.weight_bytes * kActivationTrafficPerSample * B;
  p.latency_compute_s = batch_ops == 0 ? 0 : batch_ops / effective_flops_;
  p.latency_memory_s = bw == 0 ? 0 : traffic / bw;

  const RooflineRegime regime = roofline_regime(batch_ops, traffic, p.latency_compute_s, p.latency_memory_s);
  p.bottleneck = regime.bottleneck;
  p.arithmetic_intensity_flop_per_byte = regime.intensity_flop_per_byte;

  p.latency_overhead_s = hw.dispatch_tax_s + layer_tax_s_;
  const double roofline_s = std::max(p.latency_compute_s, p.latency_memory_s);
  p.latency_s = roofline_s + hw.dispatch_tax_s + layer_tax_s_;
  p.overhead_dominated = p.latency_overhead_s > roofline_s;
  p.throughput_per_s = p.latency_s > 0 ? B / p.latency_s : 0;

  // MFU counts the model's FLOPs; HFU what the silicon ran (incl. recompute).
  if (p.latency_s > 0 && peak_ > 0) {
    const double model_ops = graph_.total_ops * (in_.is_training ? 3 : 1) * B;
    p.mfu = std::clamp(model_ops / p.latency_s / peak_, 0.0, 1.0);
    // The same FLOPs unless recomputing: skip two divisions (the grid's hot loop).
    p.hfu = batch_ops == model_ops ? p.mfu : std::clamp(batch_ops / p.latency_s / peak_, 0.0, 1.0);
  }
  if (hw.tdp_w) p.energy_j = *hw.tdp_w * (kIdlePowerFraction + kDynamicPowerFraction * p.hfu) * p.latency_s;

  p.peak_flops_actual_flop_per_s = effective_flops_;
  p.peak_bw_actual_bytes_per_s = bw;
  return p;
}

PerformanceProfile solve_single_node(const SingleNodeInputs& in) {
  // Efficiency, then batch size, then the rest: the order of the checks users see.
  require_in_range(in.efficiency, 1e-9, 1.0, "efficiency");
  require_count_at_least(in.batch_size, 1, "batch_size");
  return SingleNodePlan(in).at(in.batch_size);
}

}  // namespace mlsysim
