#include "solvers/serving.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "hardware/precision_support.hpp"
#include "core/format.hpp"
#include "models/transformer.hpp"

namespace mlsysim {

namespace {
constexpr double kLayerTaxS = 0.01e-3;  // framework tax per layer per decode step
constexpr int kSpeculativeLookahead = 4;  // draft tokens proposed per verification (K)

std::string gb(double bytes) { return pint_pretty(bytes * 1e-9) + " GB"; }
std::string ms(double seconds) { return pint_pretty(seconds * 1e3) + " ms"; }
}  // namespace

std::vector<std::string> ServingResult::constraint_trace() const {
  const std::string name = decode_hardware ? decode_hardware->name : "hardware";
  std::vector<std::string> trace;
  trace.push_back(std::string("Memory Wall: ") + (feasible ? "Passed" : "FAILED") + ". Required " +
                  gb(total_memory_required_bytes) + " (Weights: " + gb(model_weights_size_bytes) + ", KV Cache: " +
                  gb(kv_cache_size_bytes) + ") " + (feasible ? "<=" : ">") + " Available " +
                  gb(decode_capacity_bytes) + " on " + name + ".");
  if (prefill_chunk_tokens && decode_stall_bound_s)
    trace.push_back("Serving Wall: Chunked prefill uses " + std::to_string(prefill_chunks) + " chunks of up to " +
                    std::to_string(*prefill_chunk_tokens) + " tokens; decode interference is bounded by " +
                    ms(*decode_stall_bound_s) + " per prefill chunk.");
  return trace;
}

ServingResult solve_serving(const ServingInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.hardware) throw InputError("hardware is required");
  require_transformer(*in.model, "ServingModel");
  if (in.draft_model) require_transformer(*in.draft_model, "ServingModel", "draft_model");
  require_count_at_least(in.seq_len, 1, "seq_len");
  require_count_at_least(in.batch_size, 1, "batch_size");
  require_in_open_closed(in.efficiency, 0, 1, "efficiency");
  require_count_at_least(in.cached_prefix_len, 0, "cached_prefix_len");
  if (in.cached_prefix_len >= in.seq_len)
    throw InputError("cached_prefix_len must be < seq_len (" + std::to_string(in.seq_len) + "), got " +
                     std::to_string(in.cached_prefix_len));
  require_in_range(in.draft_acceptance_rate, 0, 1, "draft_acceptance_rate");
  if (in.prefill_chunk_tokens) require_count_at_least(*in.prefill_chunk_tokens, 1, "prefill_chunk_tokens");
  require_positive(in.network_bandwidth_bytes_per_s, "network_bandwidth", {1e-9, "GB/s"});
  const HardwareNode& hw = *in.hardware;
  require_precision_supported(hw, in.precision);

  const Workload& model = *in.model;
  const double bpp = bytes_per_element(in.precision);
  const double rate = hw.compute.peak_for(in.precision) * in.efficiency;
  const long long B = in.batch_size, S = in.seq_len;

  // 1. Prefill: only tokens not in the prefix cache are computed (at least one).
  const long long new_tokens = std::max<long long>(1, S - in.cached_prefix_len);
  const double P = flop_parameters(model);
  const PrefillShape shape = prefill_shape(model);
  auto prefill_flops = [&](long long tokens) {
    return 2 * P * static_cast<double>(tokens) * static_cast<double>(B) +
           prefill_attention_flops(shape, tokens, S, B);
  };
  const double prefill_compute_s = prefill_flops(new_tokens) / rate;

  ServingResult r;
  r.prefill_chunk_tokens = in.prefill_chunk_tokens;
  if (in.prefill_chunk_tokens) {
    // Chunked prefill: the same work in bounded chunks; the slowest chunk
    // bounds how long prefill can stall a decode step.
    const long long chunk = *in.prefill_chunk_tokens;
    r.prefill_chunks = static_cast<int>(std::max<long long>(1, (new_tokens + chunk - 1) / chunk));
    const double largest = prefill_flops(std::min(chunk, new_tokens)) / rate + hw.dispatch_tax_s;
    r.prefill_chunk_time_s = largest;
    r.decode_stall_bound_s = largest;
  }
  double ttft = prefill_compute_s + hw.dispatch_tax_s * r.prefill_chunks;

  // KV cache of the whole context, cached prefix included.
  r.kv_cache_size_bytes = kv_cache_bytes(model, S, B, bpp);

  // 2. Disaggregated: the prompt's KV cache crosses the network before the first token.
  const HardwareNode& decode_hw = in.decode_hardware ? *in.decode_hardware : hw;
  if (in.decode_hardware) ttft += r.kv_cache_size_bytes / in.network_bandwidth_bytes_per_s;
  r.ttft_s = ttft;

  // 3. Decode: weights and the KV cache stream from memory once per token.
  r.model_weights_size_bytes = size_in_bytes(model, bpp);
  const double bw = decode_hw.memory.bandwidth_bytes_per_s;
  double itl = (r.model_weights_size_bytes + r.kv_cache_size_bytes) / bw + *model.layers * kLayerTaxS;

  // 4. Speculative decoding: K cheap draft tokens, one target pass to verify,
  // E[accepted] = 1 + a(1 - a^K)/(1 - a) tokens per step (Leviathan et al. 2023).
  double draft_weights = 0;
  if (in.draft_model) {
    draft_weights = size_in_bytes(*in.draft_model, bpp);
    const double draft_kv = kv_cache_bytes(*in.draft_model, S, B, bpp);
    const double draft_token_s = (draft_weights + draft_kv) / bw;
    const double a = in.draft_acceptance_rate;
    const double expected = a < 1.0 ? 1 + a * (1 - std::pow(a, kSpeculativeLookahead)) / (1 - a)
                                     : 1 + kSpeculativeLookahead;
    itl = (draft_token_s * kSpeculativeLookahead + itl) / expected;
  }
  r.itl_s = itl;
  r.decode_throughput_tokens_per_s = static_cast<double>(B) / itl;

  // 5. Memory wall on the decode node: weights + full-context KV (+ the draft).
  r.total_memory_required_bytes = r.model_weights_size_bytes + r.kv_cache_size_bytes;
  if (in.draft_model) r.total_memory_required_bytes += draft_weights;
  r.decode_capacity_bytes = decode_hw.memory.capacity_bytes;
  r.decode_hardware = &decode_hw;
  r.feasible = r.total_memory_required_bytes <= decode_hw.memory.capacity_bytes;
  r.memory_utilization = r.total_memory_required_bytes / decode_hw.memory.capacity_bytes;
  r.prompt_cache_hit_ratio = static_cast<double>(in.cached_prefix_len) / static_cast<double>(S);
  return r;
}

}  // namespace mlsysim
