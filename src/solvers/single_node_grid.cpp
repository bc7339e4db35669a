#include "solvers/single_node_grid.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>

#include "core/errors.hpp"

namespace mlsysim {

namespace {

constexpr size_t kAxes = 11;
constexpr size_t kBatchAxis = 2;  // the inner loop: one plan serves every batch size

template <typename V>
void require_values(const std::vector<V>& axis, const char* name) {
  if (axis.empty()) throw InputError(std::string(name) + ": an axis needs at least one value");
}

void write_invalid(const SingleNodeColumns& out, size_t i) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (double* column : {out.latency_s, out.latency_compute_s, out.latency_memory_s, out.latency_overhead_s,
                         out.throughput_per_s, out.arithmetic_intensity_flop_per_byte, out.energy_j,
                         out.memory_footprint_bytes, out.peak_flops_actual_flop_per_s, out.peak_bw_actual_bytes_per_s,
                         out.mfu, out.hfu, out.offload_spill_bytes, out.offload_effective_bw_bytes_per_s})
    if (column) column[i] = nan;
  for (uint8_t* column : {out.feasible, out.overhead_dominated, out.bottleneck_memory, out.valid})
    if (column) column[i] = 0;
}

inline void write(const SingleNodeColumns& out, size_t i, const PerformanceProfile& p) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (out.latency_s) out.latency_s[i] = p.latency_s;
  if (out.latency_compute_s) out.latency_compute_s[i] = p.latency_compute_s;
  if (out.latency_memory_s) out.latency_memory_s[i] = p.latency_memory_s;
  if (out.latency_overhead_s) out.latency_overhead_s[i] = p.latency_overhead_s;
  if (out.throughput_per_s) out.throughput_per_s[i] = p.throughput_per_s;
  if (out.arithmetic_intensity_flop_per_byte) out.arithmetic_intensity_flop_per_byte[i] = p.arithmetic_intensity_flop_per_byte;
  if (out.energy_j) out.energy_j[i] = p.energy_j;
  if (out.memory_footprint_bytes) out.memory_footprint_bytes[i] = p.memory_footprint_bytes;
  if (out.peak_flops_actual_flop_per_s) out.peak_flops_actual_flop_per_s[i] = p.peak_flops_actual_flop_per_s;
  if (out.peak_bw_actual_bytes_per_s) out.peak_bw_actual_bytes_per_s[i] = p.peak_bw_actual_bytes_per_s;
  if (out.mfu) out.mfu[i] = p.mfu;
  if (out.hfu) out.hfu[i] = p.hfu;
  if (out.offload_spill_bytes) out.offload_spill_bytes[i] = p.offload_spill_bytes.value_or(nan);
  if (out.offload_effective_bw_bytes_per_s)
    out.offload_effective_bw_bytes_per_s[i] = p.offload_effective_bw_bytes_per_s.value_or(nan);
  if (out.feasible) out.feasible[i] = p.feasible;
  if (out.overhead_dominated) out.overhead_dominated[i] = p.overhead_dominated;
  if (out.bottleneck_memory) out.bottleneck_memory[i] = p.bottleneck == Bottleneck::Memory;
  if (out.valid) out.valid[i] = 1;
}

// The grid in memory order is [outer axes][batch][trailing axes]: model and
// hardware before the batch, precision and the rest after it. A "row" is one
// (outer combination, batch size) pair; its trailing points are contiguous.
struct Layout {
  std::array<size_t, kAxes> extent{};
  size_t outer_count = 1;     // model x hardware
  size_t trailing_count = 1;  // precision x efficiency x ... x activation_recomputation
  size_t batches = 1;
  size_t rows() const { return outer_count * batches; }
};

Layout layout_of(const std::vector<size_t>& shape) {
  Layout l;
  for (size_t k = 0; k < kAxes; ++k) {
    l.extent[k] = shape[k];
    if (k < kBatchAxis) l.outer_count *= shape[k];
    if (k > kBatchAxis) l.trailing_count *= shape[k];
  }
  l.batches = shape[kBatchAxis];
  return l;
}

// The inputs of outer combination `outer` and trailing combination `t`.
SingleNodeInputs inputs_at(const SingleNodeGrid& g, const Layout& l, size_t outer, size_t t) {
  std::array<size_t, kAxes> at{};
  for (size_t k = kBatchAxis; k-- > 0;) {
    at[k] = outer % l.extent[k];
    outer /= l.extent[k];
  }
  for (size_t k = kAxes; k-- > kBatchAxis + 1;) {
    at[k] = t % l.extent[k];
    t /= l.extent[k];
  }
  SingleNodeInputs in;
  in.model = g.model[at[0]];
  in.hardware = g.hardware[at[1]];
  in.precision = g.precision[at[3]];
  in.efficiency = g.efficiency[at[4]];
  in.is_training = g.is_training[at[5]];
  in.seq_len = g.seq_len[at[6]];
  in.zero_stage = g.zero_stage[at[7]];
  in.dp_size = g.dp_size[at[8]];
  in.is_lora = g.is_lora[at[9]];
  in.activation_recomputation = g.activation_recomputation[at[10]];
  in.raise_errors = false;
  return in;
}

// Rows [begin, end): one plan per trailing combination serves every batch size
// of an outer combination, and the points are written in memory order.
void evaluate_rows(const SingleNodeGrid& g, const SingleNodeColumns& out, const Layout& l, size_t begin,
                   size_t end) {
  std::vector<std::optional<SingleNodePlan>> plans(l.trailing_count);
  size_t planned_outer = static_cast<size_t>(-1);
  for (size_t row = begin; row < end; ++row) {
    const size_t outer = row / l.batches, b = row % l.batches;
    if (outer != planned_outer) {
      for (size_t t = 0; t < l.trailing_count; ++t) {
        plans[t].reset();
        try {
          plans[t].emplace(inputs_at(g, l, outer, t));
        } catch (const InputError&) {
          // These inputs do not go together: their points are flagged invalid.
        }
      }
      planned_outer = outer;
    }
    const int batch = g.batch_size[b];
    const size_t base = row * l.trailing_count;
    for (size_t t = 0; t < l.trailing_count; ++t) {
      if (plans[t]) write(out, base + t, plans[t]->at(batch));
      else write_invalid(out, base + t);
    }
  }
}

}  // namespace

std::vector<size_t> SingleNodeGrid::shape() const {
  return {model.size(),    hardware.size(), batch_size.size(), precision.size(), efficiency.size(),
          is_training.size(), seq_len.size(),  zero_stage.size(), dp_size.size(),   is_lora.size(),
          activation_recomputation.size()};
}

size_t SingleNodeGrid::size() const {
  size_t n = 1;
  for (size_t extent : shape()) n *= extent;
  return n;
}

void evaluate_grid(const SingleNodeGrid& g, const SingleNodeColumns& out, unsigned threads) {
  require_values(g.model, "model");
  require_values(g.hardware, "hardware");
  require_values(g.batch_size, "batch_size");
  require_values(g.precision, "precision");
  require_values(g.efficiency, "efficiency");
  require_values(g.is_training, "is_training");
  require_values(g.seq_len, "seq_len");
  require_values(g.zero_stage, "zero_stage");
  require_values(g.dp_size, "dp_size");
  require_values(g.is_lora, "is_lora");
  require_values(g.activation_recomputation, "activation_recomputation");
  for (const Workload* m : g.model)
    if (!m) throw InputError("model: a grid axis holds no model");
  for (const HardwareNode* h : g.hardware)
    if (!h) throw InputError("hardware: a grid axis holds no hardware");
  for (int b : g.batch_size) require_count_at_least(b, 1, "batch_size");
  for (double e : g.efficiency) require_in_range(e, 1e-9, 1.0, "efficiency");

  const Layout l = layout_of(g.shape());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // Small grids are not worth a thread start.
  if (g.size() < 4096) threads = 1;
  threads = static_cast<unsigned>(std::min<size_t>(threads, l.rows()));
  if (threads <= 1) {
    evaluate_rows(g, out, l, 0, l.rows());
    return;
  }
  std::vector<std::thread> workers;
  std::vector<std::exception_ptr> failures(threads);
  const size_t chunk = (l.rows() + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t) {
    const size_t begin = t * chunk, end = std::min(l.rows(), begin + chunk);
    if (begin >= end) break;
    workers.emplace_back([&, t, begin, end] {
      try {
        evaluate_rows(g, out, l, begin, end);
      } catch (...) {
        failures[t] = std::current_exception();  // rethrown on the caller's thread
      }
    });
  }
  for (auto& w : workers) w.join();
  for (const auto& f : failures)
    if (f) std::rethrow_exception(f);
}

}  // namespace mlsysim
