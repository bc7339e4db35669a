#include "solvers/weight_streaming.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "hardware/precision_support.hpp"
#include "core/format.hpp"
#include "core/pyfloat.hpp"
#include "models/transformer.hpp"

namespace mlsysim {

namespace {
constexpr double kWorkingSetHeadroom = 1.1;        // 10 % for the current layer's activations
constexpr double kFallbackInjectionBytesPerS = 100e9;  // when the registry lists no interconnect
std::string gb(double bytes) { return pint_pretty(bytes * 1e-9) + " GB"; }
long long or_default(const std::optional<int>& v, long long fallback) { return v && *v != 0 ? *v : fallback; }
}  // namespace

WeightStreamingResult solve_weight_streaming(const WeightStreamingInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.hardware) throw InputError("hardware is required");
  require_transformer(*in.model, "WeightStreamingModel");
  require_count_at_least(in.seq_len, 1, "seq_len");
  require_count_at_least(in.batch_size, 1, "batch_size");
  require_in_open_closed(in.efficiency, 0, 1, "efficiency");
  const HardwareNode& hw = *in.hardware;
  require_precision_supported(hw, in.precision);
  const Workload& model = *in.model;
  const double bpp = bytes_per_element(in.precision);
  const double rate = hw.compute.peak_for(in.precision) * in.efficiency;
  const long long layers = *model.layers, S = in.seq_len, B = in.batch_size;

  // 1. SRAM: the whole batch's KV cache (K and V per KV head) plus headroom.
  const long long heads = or_default(model.heads, 32);
  const long long kv_heads = or_default(model.kv_heads, heads);
  const long long head_dim = or_default(model.hidden_dim, 4096) / heads;
  // Whole bytes per element stay exact integers, as the reference's Python ints do.
  const double kv_bytes = bpp == std::floor(bpp)
                              ? exact_product({S, kv_heads, head_dim, 2, static_cast<long long>(bpp), layers, B})
                              : exact_product({S, kv_heads, head_dim, 2}) * bpp * static_cast<double>(layers) *
                                    static_cast<double>(B);
  const double required = kv_bytes * kWorkingSetHeadroom;
  WeightStreamingResult r;
  const double capacity = hw.memory.capacity_bytes;
  r.feasible = required <= capacity;
  const double utilization = capacity > 0 ? required / capacity : 1.0;
  r.trace.push_back(std::string("SRAM Wall: ") + (r.feasible ? "Passed" : "FAILED") + ". Required " + gb(required) +
                    " (KV + 10% Overhead) " + (r.feasible ? "<=" : ">") + " Available " + gb(capacity) + " on " +
                    hw.name + ".");

  // 2. Per layer: streaming its weights in vs computing on them.
  const double layer_params = *model.parameters / static_cast<double>(layers);
  const double layer_bytes = layer_params * bpp;
  double injection_bw = hw.interconnect ? hw.interconnect->bandwidth_bytes_per_s : kFallbackInjectionBytesPerS;
  if (injection_bw == 0) injection_bw = kFallbackInjectionBytesPerS;
  r.layer_injection_time_s = layer_bytes / injection_bw;
  double layer_flops;
  if (in.phase == InferencePhase::Prefill) {
    layer_flops = 2 * layer_params * static_cast<double>(S) * static_cast<double>(B) +
                  exact_product({2, kv_heads, S, S, head_dim, B});
  } else {
    layer_flops = 2 * layer_params * static_cast<double>(B);
  }
  r.layer_compute_time_s = layer_flops / rate + hw.dispatch_tax_s;
  const bool compute_bound = r.layer_compute_time_s >= r.layer_injection_time_s;
  r.bottleneck = compute_bound ? "Compute-Bound" : "Interconnect-Bandwidth-Bound";
  const double token_time = (compute_bound ? r.layer_compute_time_s : r.layer_injection_time_s) * static_cast<double>(layers);
  const double tokens = in.phase == InferencePhase::Prefill ? static_cast<double>(B * S) : static_cast<double>(B);
  r.throughput_tokens_per_s = token_time > 0 && r.feasible ? tokens / token_time : 0.0;

  // 3. The batch whose compute exactly hides the injection. A balance that is
  // a whole number in exact arithmetic stays that number despite round-off.
  const double optimal = r.layer_injection_time_s * rate / (2 * layer_params);
  const double nearest = std::round(optimal);
  const double whole = std::fabs(optimal - nearest) <= 1e-9 * nearest ? nearest : std::floor(optimal);
  r.optimal_batch_size = static_cast<int>(std::clamp(whole, 1.0, 1e9));
  r.wafer_memory_utilization = r.feasible ? std::min(utilization, 1.0) : utilization;
  return r;
}

}  // namespace mlsysim
