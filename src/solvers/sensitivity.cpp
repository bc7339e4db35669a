#include "solvers/sensitivity.hpp"

#include <cmath>
#include <cstdio>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "solvers/single_node.hpp"

namespace mlsysim {

namespace {
constexpr const char* kLevers[] = {"peak_flops", "memory_bandwidth", "memory_capacity"};

// Python's f"{x:+.4f}" and f"{x:g}": glibc's printf rounds the binary value exactly, as CPython does.
std::string signed_4f(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.4f", x);
  return buf;
}
std::string general(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

// One hardware number times the factor; a product that overflows (or a downgrade that leaves
// nothing) is a perturbation the hardware cannot take.
double scaled(double value, double factor, double pct) {
  const double v = value * factor;
  if (!std::isfinite(v))
    throw InputError("perturbation_pct is too large: " + python_repr(pct) + " % overflows the hardware's numbers");
  return v;
}

double latency_on(const SensitivityInputs& in, const HardwareNode& hw) {
  SingleNodeInputs s;
  s.model = in.model;
  s.hardware = &hw;
  s.precision = in.precision;
  s.efficiency = in.efficiency;
  return solve_single_node(s).latency_s;
}

double relative_change(double t, double t0) { return t0 > 0 ? (t - t0) / t0 : 0.0; }
}  // namespace

Record SensitivityResult::sensitivities() const {
  return {{kLevers[0], Value(peak_flops)}, {kLevers[1], Value(memory_bandwidth)}, {kLevers[2], Value(memory_capacity)}};
}

SensitivityResult solve_sensitivity(const SensitivityInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.hardware) throw InputError("hardware is required");
  const double pct = in.perturbation_pct;
  require_finite(pct, "perturbation_pct");
  const double factor = 1.0 + pct / 100.0;
  // A factor of 0 or less would zero (or negate) peak FLOP/s, bandwidth and capacity.
  if (!(factor > 0))
    throw InputError("perturbation_pct must be > -100 (percent; -100 would leave no hardware), got " +
                     python_repr(pct));
  // A factor of exactly 1 (0 %, or a step below double precision) measures nothing.
  if (factor == 1.0)
    throw InputError("perturbation_pct must not be 0 (percent, e.g. 10 for a 1.1x upgrade), got " + python_repr(pct));
  const HardwareNode& hw = *in.hardware;

  SingleNodeInputs base_in;
  base_in.model = in.model;
  base_in.hardware = &hw;
  base_in.precision = in.precision;
  base_in.efficiency = in.efficiency;
  const PerformanceProfile base = solve_single_node(base_in);

  SensitivityResult r;
  r.feasible = base.feasible;
  r.baseline_latency_s = base.latency_s;
  r.perturbation_pct = pct;
  r.warnings = base.warnings();

  HardwareNode flops = hw;  // each copy changes one parameter; SRAM, flash and links stay
  flops.compute.peak_flops_per_s = scaled(hw.compute.peak_flops_per_s, factor, pct);
  for (auto& [key, rate] : flops.compute.precision_flops_per_s) rate = scaled(rate, factor, pct);
  for (double& rate : flops.compute.rate_by_precision)
    if (!std::isnan(rate)) rate = scaled(rate, factor, pct);
  HardwareNode bw = hw;
  bw.memory.bandwidth_bytes_per_s = scaled(hw.memory.bandwidth_bytes_per_s, factor, pct);
  HardwareNode cap = hw;
  cap.memory.capacity_bytes = scaled(hw.memory.capacity_bytes, factor, pct);

  r.peak_flops_latency_s = latency_on(in, flops);
  r.memory_bandwidth_latency_s = latency_on(in, bw);
  r.memory_capacity_latency_s = latency_on(in, cap);
  r.peak_flops = relative_change(r.peak_flops_latency_s, base.latency_s);
  r.memory_bandwidth = relative_change(r.memory_bandwidth_latency_s, base.latency_s);
  r.memory_capacity = relative_change(r.memory_capacity_latency_s, base.latency_s);

  if (base.feasible) {
    const double s[] = {r.peak_flops, r.memory_bandwidth, r.memory_capacity};
    int best = 0;
    for (int k = 1; k < 3; ++k)
      if (std::fabs(s[k]) > std::fabs(s[best])) best = k;  // strict: a tie keeps the earlier lever
    r.binding_constraint = kLevers[best];
    r.constraint_trace = {"Sensitivity: " + r.binding_constraint + " is binding (" + signed_4f(s[best]) +
                          " latency change per " + general(pct) + "% upgrade)."};
  } else {
    // Spilled weights are priced at the host link: capacity is what must change first.
    r.binding_constraint = kLevers[2];
    r.constraint_trace = base.constraint_trace();
    r.constraint_trace.push_back(
        "Sensitivity: infeasible baseline. The model does not fit in memory, so memory_capacity is binding and "
        "the perturbation sensitivities are not a ranking of hardware levers until the configuration fits.");
  }
  return r;
}

}  // namespace mlsysim
