#pragma once
// ContinuousBatchingModel: static max-length KV reservation vs PagedAttention
// (Wall 5, batching). Both allocators share the KV budget left after the
// weights; static reserves max_seq_len per request, paged hands out blocks of
// page_size tokens over exponential request lengths. Decode is memory-bound,
// so concurrency is throughput. See docs/solvers/continuous_batching.md.
#include <optional>
#include <string>
#include <vector>

#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"

namespace mlsysim {

struct ContinuousBatchingInputs {
  const Workload* model = nullptr;  // a transformer
  const HardwareNode* hardware = nullptr;
  int max_seq_len = 0;                        // required (>= 1): prompt + generated tokens
  std::optional<double> mean_request_tokens;  // (0, max_seq_len]; none: every request is max length
  int max_batch_size = 1;
  int page_size = 16;  // tokens per PagedAttention block
  Precision precision = Precision::fp16;
  double efficiency = 0.5;  // [1e-9, 1], prefill
};

struct ContinuousBatchingResult {
  bool feasible = false;
  double throughput_tokens_per_s = 0;  // paged
  int max_active_requests = 0;         // paged
  double static_throughput_tokens_per_s = 0;
  int static_max_active_requests = 0;
  double mean_request_tokens = 0;
  double paged_internal_fragmentation = 0;   // fraction of allocated KV tokens unused
  double static_internal_fragmentation = 0;
  double paged_kv_cache_size_bytes = 0;
  double static_kv_cache_size_bytes = 0;
  double ttft_s = 0;                   // a full batch of max-length prompts
  std::optional<double> itl_s;         // none when not even one request fits
  double speedup_vs_static = 1;        // infinite when static fits none and paged some

  std::vector<std::string> trace;
};

ContinuousBatchingResult solve_continuous_batching(const ContinuousBatchingInputs& in);

}  // namespace mlsysim
