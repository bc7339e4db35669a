#pragma once
// SynthesisSolver (Wall 22): the roofline run backwards. Given a latency
// target T (s), what hardware would do one pass of the model in it? One pass
// streams every weight once (batch 1, no reuse):
//
//   W  = model weight bytes at the precision        (the model's size_in_bytes)
//   O  = FLOPs of one pass                          (lower(model).total_ops)
//   BW_req    = W / T                  bytes/s   (if memory-bound)
//   FLOPS_req = O / (T x efficiency)   FLOP/s    (if compute-bound)
//   MEM_req   = W                      bytes
//   ratio     = FLOPS_req / BW_req     FLOP/byte (the balance point a part should sit near)
//
// Dispatch and framework overheads, KV cache and activations are left out.
// See docs/solvers/synthesis.md.
#include <optional>
#include <string>
#include <vector>

#include "core/precision.hpp"
#include "models/workload.hpp"

namespace mlsysim {

struct SynthesisInputs {
  const Workload* model = nullptr;
  double target_latency_s = 0;  // required, finite and > 0
  Precision precision = Precision::fp16;
  double efficiency = 0.5;  // expected fraction of peak compute, [1e-9, 1]
};

struct SynthesisResult {
  double required_bw_bytes_per_s = 0;
  double required_flops_flop_per_s = 0;
  double required_memory_bytes = 0;
  double compute_memory_ratio_flop_per_byte = 0;
  double target_latency_s = 0;  // as given
  double model_size_bytes = 0;
  double total_ops_flop = 0;
  // 0.3.0's result has the field and leaves it empty: nothing is checked against a limit.
  std::optional<std::vector<std::string>> constraint_trace;
};

SynthesisResult solve_synthesis(const SynthesisInputs& in);

}  // namespace mlsysim
