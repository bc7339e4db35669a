#pragma once
// SingleNodeModel over a grid of inputs, column by column: every combination
// of the axes, each result field in its own array (what numpy wants). The
// grid is the Cartesian product of the axes in SingleNodeModel's input order,
// the last axis fastest. Combinations whose inputs do not go together (fp4 on
// hardware that lists no fp4 rate, ZeRO stage 4 when training) are flagged
// invalid with NaN numbers; models that do not fit are results
// (feasible = 0), as with raise_errors=false. The loop neither allocates nor
// throws per point.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "solvers/single_node.hpp"

namespace mlsysim {

struct SingleNodeGrid {
  std::vector<const Workload*> model;
  std::vector<const HardwareNode*> hardware;
  std::vector<int> batch_size;
  std::vector<Precision> precision;
  std::vector<double> efficiency;
  std::vector<uint8_t> is_training;
  std::vector<int> seq_len;
  std::vector<int> zero_stage;
  std::vector<int> dp_size;
  std::vector<uint8_t> is_lora;
  std::vector<uint8_t> activation_recomputation;

  // Axis lengths in order; size() is their product.
  std::vector<size_t> shape() const;
  size_t size() const;
};

// One output array per result field; a null pointer skips that field. Each
// non-null array holds grid.size() elements. Optional fields are NaN where
// the profile has none; `bottleneck_memory` is 1 where memory binds.
struct SingleNodeColumns {
  double* latency_s = nullptr;
  double* latency_compute_s = nullptr;
  double* latency_memory_s = nullptr;
  double* latency_overhead_s = nullptr;
  double* throughput_per_s = nullptr;
  double* arithmetic_intensity_flop_per_byte = nullptr;
  double* energy_j = nullptr;
  double* memory_footprint_bytes = nullptr;
  double* peak_flops_actual_flop_per_s = nullptr;
  double* peak_bw_actual_bytes_per_s = nullptr;
  double* mfu = nullptr;
  double* hfu = nullptr;
  double* offload_spill_bytes = nullptr;
  double* offload_effective_bw_bytes_per_s = nullptr;
  uint8_t* feasible = nullptr;
  uint8_t* overhead_dominated = nullptr;
  uint8_t* bottleneck_memory = nullptr;
  uint8_t* valid = nullptr;
};

// Rejects an empty axis or a value that is bad on its own (batch_size 0,
// efficiency 1.5) with an InputError before any work; then fills `out` using
// up to `threads` threads (0: one per core).
void evaluate_grid(const SingleNodeGrid& grid, const SingleNodeColumns& out, unsigned threads = 0);

}  // namespace mlsysim
