// The columnar SingleNodeModel grid: every point is exactly solve_single_node.
#include <gtest/gtest.h>

#include <cmath>

#include "core/errors.hpp"
#include "registry/registry.hpp"
#include "solvers/single_node_grid.hpp"

namespace mlsysim {
namespace {

const Registry& reg() { return Registry::builtin(); }

struct Columns {
  explicit Columns(size_t n)
      : latency(n), compute(n), memory(n), overhead(n), throughput(n), intensity(n), energy(n), footprint(n),
        flops(n), bw(n), mfu(n), hfu(n), spill(n), spill_bw(n), feasible(n), dominated(n), memory_bound(n), valid(n) {}
  SingleNodeColumns view() {
    SingleNodeColumns c;
    c.latency_s = latency.data();
    c.latency_compute_s = compute.data();
    c.latency_memory_s = memory.data();
    c.latency_overhead_s = overhead.data();
    c.throughput_per_s = throughput.data();
    c.arithmetic_intensity_flop_per_byte = intensity.data();
    c.energy_j = energy.data();
    c.memory_footprint_bytes = footprint.data();
    c.peak_flops_actual_flop_per_s = flops.data();
    c.peak_bw_actual_bytes_per_s = bw.data();
    c.mfu = mfu.data();
    c.hfu = hfu.data();
    c.offload_spill_bytes = spill.data();
    c.offload_effective_bw_bytes_per_s = spill_bw.data();
    c.feasible = feasible.data();
    c.overhead_dominated = dominated.data();
    c.bottleneck_memory = memory_bound.data();
    c.valid = valid.data();
    return c;
  }
  std::vector<double> latency, compute, memory, overhead, throughput, intensity, energy, footprint, flops, bw, mfu,
      hfu, spill, spill_bw;
  std::vector<uint8_t> feasible, dominated, memory_bound, valid;
};

SingleNodeGrid small_grid() {
  SingleNodeGrid g;
  g.model = {&reg().model("Llama3_8B"), &reg().model("ResNet50"), &reg().model("Llama3_70B")};
  g.hardware = {&reg().hardware("H100"), &reg().hardware("T4"), &reg().hardware("B200"), &reg().hardware("ESP32_S3")};
  g.batch_size = {1, 7, 64};
  g.precision = {Precision::fp16, Precision::int4, Precision::fp4};
  g.efficiency = {0.5, 1.0};
  g.is_training = {0, 1};
  g.seq_len = {2048};
  g.zero_stage = {0, 3, 4};
  g.dp_size = {8};
  g.is_lora = {0};
  g.activation_recomputation = {0, 1};
  return g;
}

TEST(SingleNodeGrid, EveryPointIsTheSolve) {
  SingleNodeGrid g = small_grid();
  const size_t n = g.size();
  ASSERT_EQ(n, 3u * 4 * 3 * 3 * 2 * 2 * 1 * 3 * 1 * 1 * 2);
  for (unsigned threads : {1u, 2u}) {
    Columns c(n);
    evaluate_grid(g, c.view(), threads);
    size_t i = 0, invalid = 0, infeasible = 0;
    for (auto* m : g.model)
      for (auto* h : g.hardware)
        for (int b : g.batch_size)
          for (Precision p : g.precision)
            for (double e : g.efficiency)
              for (uint8_t t : g.is_training)
                for (int z : g.zero_stage)
                  for (uint8_t ar : g.activation_recomputation) {
                    SingleNodeInputs in;
                    in.model = m;
                    in.hardware = h;
                    in.batch_size = b;
                    in.precision = p;
                    in.efficiency = e;
                    in.is_training = t;
                    in.seq_len = 2048;
                    in.zero_stage = z;
                    in.dp_size = 8;
                    in.activation_recomputation = ar;
                    try {
                      PerformanceProfile want = solve_single_node(in);
                      ASSERT_TRUE(c.valid[i]) << i;
                      EXPECT_EQ(c.latency[i], want.latency_s) << i;
                      EXPECT_EQ(c.energy[i], want.energy_j) << i;
                      EXPECT_EQ(c.footprint[i], want.memory_footprint_bytes) << i;
                      EXPECT_EQ(c.mfu[i], want.mfu) << i;
                      EXPECT_EQ(c.feasible[i], want.feasible) << i;
                      EXPECT_EQ(c.memory_bound[i], want.bottleneck == Bottleneck::Memory) << i;
                      EXPECT_EQ(std::isnan(c.spill[i]), !want.offload_spill_bytes.has_value()) << i;
                      infeasible += !want.feasible;
                    } catch (const InputError&) {
                      EXPECT_FALSE(c.valid[i]) << i;
                      EXPECT_TRUE(std::isnan(c.latency[i]));
                      ++invalid;
                    }
                    ++i;
                  }
    EXPECT_EQ(i, n);
    EXPECT_GT(invalid, 0u);     // fp4 off B200, ZeRO stage 4 when training
    EXPECT_GT(infeasible, 0u);  // Llama-3-70B on a T4
  }
}

TEST(SingleNodeGrid, BadAxesAreErrorsBeforeAnyWork) {
  SingleNodeGrid g = small_grid();
  Columns c(g.size());
  g.batch_size = {1, 0};
  EXPECT_THROW(evaluate_grid(g, c.view()), InputError);
  g = small_grid();
  g.efficiency = {1.5};
  EXPECT_THROW(evaluate_grid(g, c.view()), InputError);
  g = small_grid();
  g.precision = {};
  EXPECT_THROW(evaluate_grid(g, c.view()), InputError);
}

TEST(SingleNodeGrid, NullColumnsAreSkipped) {
  SingleNodeGrid g = small_grid();
  std::vector<double> latency(g.size());
  SingleNodeColumns c;
  c.latency_s = latency.data();
  EXPECT_NO_THROW(evaluate_grid(g, c));
  EXPECT_GT(latency[0], 0);
}

}  // namespace
}  // namespace mlsysim
