#include "solvers/decode_bound.hpp"

#include <algorithm>
#include <limits>

#include "core/errors.hpp"
#include "core/printable.hpp"

namespace mlsysim {

namespace {
constexpr double kDecodeFlopsPerParam = 2;  // Kaplan et al. (2020): 2 FLOPs per parameter per token
constexpr double kVanishingMs = 1e-15;      // the reference's degenerate-term threshold
}  // namespace

DecodeBoundResult solve_decode_bound(const DecodeBoundInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.hardware) throw InputError("hardware is required");
  if (!in.model->parameters)
    throw InputError("DecodeBoundModel: model " + in_quotes(in.model->key) + " has no parameter count");
  require_count_at_least(in.batch_size, 1, "batch_size");
  require_count_at_least(in.tp_size, 1, "tp_size");
  if (in.peak_flops_per_s) require_positive(*in.peak_flops_per_s, "peak_flops", {1e-12, "TFLOP/s"});
  const Workload& model = *in.model;
  const HardwareNode& hw = *in.hardware;

  DecodeBoundResult r;
  r.weight_bytes = size_in_bytes(model, bytes_per_element(in.precision)) / in.tp_size;
  r.flops_per_step_flop = kDecodeFlopsPerParam * *model.parameters * 1 * in.batch_size / in.tp_size;
  const double peak = in.peak_flops_per_s.value_or(hw.compute.peak_flops_per_s);
  const double bw = hw.memory.bandwidth_bytes_per_s;
  const double compute_ms = r.flops_per_step_flop / peak * 1e3;
  const double memory_ms = r.weight_bytes / bw * 1e3;
  if (compute_ms < kVanishingMs && memory_ms < kVanishingMs) {
    r.bottleneck = "Compute";
  } else if (compute_ms < kVanishingMs) {
    r.bottleneck = "Memory";
    r.memory_time_s = memory_ms * 1e-3;
  } else if (memory_ms < kVanishingMs) {
    r.bottleneck = "Compute";
    r.compute_time_s = compute_ms * 1e-3;
  } else {
    r.bottleneck = memory_ms > compute_ms ? "Memory" : "Compute";
    r.compute_time_s = compute_ms * 1e-3;
    r.memory_time_s = memory_ms * 1e-3;
  }
  r.intensity_flop_per_byte = r.flops_per_step_flop / r.weight_bytes;
  r.attainable_flops_flop_per_s = std::min(peak, bw * r.intensity_flop_per_byte);
  const double total = r.memory_time_s + r.compute_time_s;
  r.memory_share = total > 0 ? r.memory_time_s / total : 0.0;
  r.bound_ratio = r.compute_time_s > 0 ? r.memory_time_s / r.compute_time_s
                                       : std::numeric_limits<double>::infinity();
  r.peak_fraction = r.attainable_flops_flop_per_s / peak;
  return r;
}

}  // namespace mlsysim
