#pragma once
// ServingModel: the two phases of an LLM request (Wall 4). Prefill is
// compute-bound (TTFT = the prompt's FLOPs, linear + attention, at the
// precision's peak × efficiency, plus dispatch); decode is memory-bound (ITL =
// weights + KV cache streamed once per token, plus the per-layer framework
// tax). Disaggregated prefill/decode, speculative decoding, prefix caching and
// chunked prefill change one term each. See docs/solvers/serving.md.
#include <optional>
#include <string>
#include <vector>

#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"

namespace mlsysim {

struct ServingInputs {
  const Workload* model = nullptr;         // a transformer
  const HardwareNode* hardware = nullptr;  // prefill (and decode, unless decode_hardware)
  int seq_len = 0;                         // context tokens, required (>= 1)
  int batch_size = 1;
  Precision precision = Precision::fp16;
  double efficiency = 0.5;                          // (0, 1], applied to prefill FLOP/s
  const HardwareNode* decode_hardware = nullptr;    // disaggregated serving when set
  double network_bandwidth_bytes_per_s = 100e9;     // prefill -> decode KV transfer
  const Workload* draft_model = nullptr;            // speculative decoding when set
  double draft_acceptance_rate = 0.7;               // [0, 1]
  int cached_prefix_len = 0;                        // [0, seq_len)
  std::optional<int> prefill_chunk_tokens;          // chunked prefill when set (>= 1)
};

struct ServingResult {
  bool feasible = true;
  double ttft_s = 0;
  double itl_s = 0;
  double kv_cache_size_bytes = 0;
  double model_weights_size_bytes = 0;
  double total_memory_required_bytes = 0;
  double memory_utilization = 0;
  double prompt_cache_hit_ratio = 0;
  int prefill_chunks = 1;
  std::optional<double> prefill_chunk_time_s;
  std::optional<double> decode_stall_bound_s;
  double decode_throughput_tokens_per_s = 0;  // batch / ITL (ours; the reference's `serve` prints it)

  // What the trace is built from.
  double decode_capacity_bytes = 0;
  const HardwareNode* decode_hardware = nullptr;  // valid while the inputs' entries live
  std::optional<int> prefill_chunk_tokens;

  // "Memory Wall: Passed. Required 16.33 GB (Weights: ..., KV Cache: ...) <= Available ... on NVIDIA H100."
  std::vector<std::string> constraint_trace() const;
};

// Throws InputError on bad input (a non-transformer, seq_len < 1, a cached
// prefix as long as the context, an acceptance rate outside [0, 1], ...).
// A configuration that does not fit is a result (feasible = false).
ServingResult solve_serving(const ServingInputs& in);

}  // namespace mlsysim
