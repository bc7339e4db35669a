#include "solvers/network_roofline.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "hardware/precision_support.hpp"

namespace mlsysim {

NetworkRooflineResult solve_network_roofline(const NetworkRooflineInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.fleet) throw InputError("fleet is required");
  require_in_range(in.efficiency, 1e-9, 1.0, "efficiency");
  if (!in.model->parameters)
    throw InputError("NetworkRooflineModel needs a model with a parameter count; " + in.model->key + " has none");
  const Fleet& fleet = *in.fleet;
  const HardwareNode& acc = *fleet.node->accelerator;
  require_precision_supported(acc, in.precision);

  const double params = *in.model->parameters;
  const double total_flops = acc.compute.peak_for(in.precision) * static_cast<double>(fleet.total_accelerators());
  const double bisection = fleet.fabric->bandwidth_bytes_per_s / fleet.fabric->oversubscription_ratio;
  const double sync_bytes = 2 * params * bytes_per_element(in.precision);  // a ring moves ~2x the gradients
  const double training_ops = 6 * params;                                  // forward + backward, one sample

  NetworkRooflineResult r;
  r.ridge_flop_per_byte = total_flops / bisection;
  PerformanceProfile& p = r.profile;
  p.hardware = &acc;
  p.precision = in.precision;
  p.memory_capacity_bytes = acc.memory.capacity_bytes;
  p.arithmetic_intensity_flop_per_byte = training_ops / sync_bytes;
  p.peak_flops_actual_flop_per_s = total_flops * in.efficiency;
  p.peak_bw_actual_bytes_per_s = bisection;
  p.latency_compute_s = training_ops / p.peak_flops_actual_flop_per_s;
  p.latency_memory_s = sync_bytes / bisection;
  p.bottleneck = p.latency_memory_s > p.latency_compute_s ? Bottleneck::Network : Bottleneck::Compute;
  p.latency_s = std::max(p.latency_compute_s, p.latency_memory_s);
  p.mfu = std::min(training_ops / p.latency_s / total_flops, 1.0);
  p.hfu = p.mfu;  // model FLOPs only: no recomputation here
  p.throughput_per_s = 1 / p.latency_s;
  p.memory_footprint_bytes = sync_bytes;
  return r;
}

std::vector<std::string> NetworkRooflineResult::constraint_trace() const {
  return {"Network Roofline: CI " + pint_pretty(profile.arithmetic_intensity_flop_per_byte) + " flop/B vs ridge " +
          pint_pretty(ridge_flop_per_byte) + " flop/B; binding ceiling is " +
          (profile.bottleneck == Bottleneck::Network ? "network" : "compute") + "."};
}

}  // namespace mlsysim
