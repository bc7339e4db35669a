// SingleNodeModel against the reference's goldens (goldens.md) and the
// installed reference 0.3.0, plus invariants and bad input.
#include <gtest/gtest.h>

#include <cmath>

#include "core/errors.hpp"
#include "registry/registry.hpp"
#include "solvers/single_node.hpp"

namespace mlsysim {
namespace {

const Registry& reg() { return Registry::builtin(); }

SingleNodeInputs inputs(const char* model, const char* hardware, int batch = 1) {
  SingleNodeInputs in;
  in.model = &reg().model(model);
  in.hardware = &reg().hardware(hardware);
  in.batch_size = batch;
  return in;
}

void expect_rel(double actual, double expected, double rel) {
  EXPECT_NEAR(actual, expected, std::fabs(expected) * rel) << "expected " << expected;
}

// TG-01: ResNet-50 on A100, batch 1, fp16, efficiency 0.5.
TEST(SingleNodeGolden, TG01_ResNet50_A100) {
  PerformanceProfile p = solve_single_node(inputs("ResNet50", "A100"));
  EXPECT_TRUE(p.feasible);
  EXPECT_EQ(p.bottleneck, Bottleneck::Compute);
  expect_rel(p.latency_s, 0.5675641025641026e-3, 1e-9);
  expect_rel(p.throughput_per_s, 1761.915518409758, 1e-9);
  // 0.3.0 counts ResNet-50 as 25,557,032 parameters (goldens.md: 25.6e6 -> 0.0512 GB, 145.597 FLOP/B).
  expect_rel(p.memory_footprint_bytes, 51114064.0, 1e-12);
  expect_rel(p.arithmetic_intensity_flop_per_byte, 145.84137654453488, 1e-9);
}

// TG-08: MFU, HFU, energy and the overhead flag of the same solve.
TEST(SingleNodeGolden, TG08_Utilisation_Energy) {
  PerformanceProfile p = solve_single_node(inputs("ResNet50", "A100"));
  expect_rel(p.mfu, 0.046306754009487236, 1e-9);
  expect_rel(p.hfu, p.mfu, 1e-12);
  expect_rel(p.energy_j, 0.07546666666666667, 1e-9);
  EXPECT_TRUE(p.overhead_dominated);
}

// TG-09: batch traffic = weights × (1 + 0.1·B).
TEST(SingleNodeGolden, TG09_BatchIntensity) {
  PerformanceProfile p = solve_single_node(inputs("ResNet50", "A100", 32));
  expect_rel(p.arithmetic_intensity_flop_per_byte, 1222.2896319922922, 1e-9);  // goldens.md 1220.238 at 25.6e6 params
}

// TG-10: non-transformer training footprint = P × (2 + 2 + 12) bytes.
TEST(SingleNodeGolden, TG10_CnnTrainingFootprint) {
  SingleNodeInputs in = inputs("ResNet50", "A100", 8);
  in.is_training = true;
  PerformanceProfile p = solve_single_node(in);
  expect_rel(p.memory_footprint_bytes, 0.408912512e9, 1e-9);  // goldens.md 0.4096 GB at 25.6e6 params
  expect_rel(p.latency_s, 0.0027765384615384614, 1e-9);
}

// EX-01 / EX-02: Llama-3-8B on H100 (hello_world.py).
TEST(SingleNodeGolden, EX01_EX02_Llama3_8B_H100) {
  PerformanceProfile p1 = solve_single_node(inputs("Llama3_8B", "H100", 1));
  EXPECT_EQ(p1.bottleneck, Bottleneck::Memory);
  expect_rel(p1.latency_s, 5.603432835820896e-3, 1e-9);
  expect_rel(p1.throughput_per_s, 178.4620302053645, 1e-9);
  PerformanceProfile p32 = solve_single_node(inputs("Llama3_8B", "H100", 32));
  EXPECT_EQ(p32.bottleneck, Bottleneck::Memory);
  expect_rel(p32.latency_s, 20.46492537313433e-3, 1e-9);
  expect_rel(p32.throughput_per_s, 1563.6509499325382, 1e-9);
  expect_rel(p32.mfu, 0.02539154120921796, 1e-9);
}

// Tutorial 01 (The Memory Wall): three generations at batch 1, printed to 2 dp.
TEST(SingleNodeGolden, Tutorial01_MemoryWall) {
  struct Row { const char* hw; double latency_ms; };
  for (Row row : {Row{"V100", 19.97}, Row{"A100", 9.00}, Row{"H100", 5.60}}) {
    PerformanceProfile p = solve_single_node(inputs("Llama3_8B", row.hw));
    EXPECT_EQ(p.bottleneck, Bottleneck::Memory) << row.hw;
    EXPECT_NEAR(p.latency_s * 1e3, row.latency_ms, 0.005) << row.hw;
  }
  // Speedup tracks bandwidth (1.6x), not FLOP/s (3.2x).
  double a100 = solve_single_node(inputs("Llama3_8B", "A100")).latency_s;
  double h100 = solve_single_node(inputs("Llama3_8B", "H100")).latency_s;
  EXPECT_NEAR(a100 / h100, 1.6, 0.05);
}

// Tutorial 00 (Hello, Roofline): throughput = batch / latency, and batch moves
// ResNet-50 deeper into compute-bound territory.
TEST(SingleNodeGolden, Tutorial00_BatchSweep) {
  for (int batch : {1, 4, 16, 32, 64, 128, 256}) {
    PerformanceProfile p = solve_single_node(inputs("ResNet50", "A100", batch));
    EXPECT_EQ(p.bottleneck, Bottleneck::Compute) << batch;
    expect_rel(p.throughput_per_s, batch / p.latency_s, 1e-12);
  }
}

// Training with full recomputation: 4x FLOPs, HFU = 4/3 MFU, spill when it does not fit.
TEST(SingleNodeTraining, RecomputationAndSpill) {
  SingleNodeInputs in = inputs("Llama3_8B", "H100", 4);
  in.is_training = true;
  in.activation_recomputation = true;
  in.seq_len = 1024;
  PerformanceProfile p = solve_single_node(in);  // values from mlsysim 0.3.0
  EXPECT_FALSE(p.feasible);
  expect_rel(p.memory_footprint_bytes, 129553741824.0, 1e-12);
  expect_rel(p.latency_s, 0.35228250000000005, 1e-9);
  expect_rel(p.mfu, 0.0005531455535921213, 1e-9);
  expect_rel(p.hfu, p.mfu * 4 / 3, 1e-12);
  ASSERT_EQ(p.constraint_trace().size(), 1u);
  EXPECT_EQ(p.constraint_trace()[0],
            "Memory Wall: FAILED. Required 129.553741824 GB > Available 85.89934592 GB on NVIDIA H100.");
}

TEST(SingleNodeTraining, LoraWithZero3) {
  SingleNodeInputs in = inputs("Llama3_8B", "H100", 4);
  in.is_training = true;
  in.zero_stage = 3;
  in.dp_size = 8;
  in.is_lora = true;
  in.seq_len = 512;
  PerformanceProfile p = solve_single_node(in);
  expect_rel(p.memory_footprint_bytes, 16532374752.0, 1e-12);
  expect_rel(p.latency_s, 0.007681641791044776, 1e-9);
}

// Out of memory: bandwidth falls to the host link; raise_errors makes it an error.
TEST(SingleNodeSpill, HostLinkBandwidth) {
  PerformanceProfile p = solve_single_node(inputs("Llama3_70B", "T4"));
  EXPECT_FALSE(p.feasible);
  EXPECT_EQ(p.bottleneck, Bottleneck::Memory);
  ASSERT_TRUE(p.offload_spill_bytes && p.offload_effective_bw_bytes_per_s);
  expect_rel(*p.offload_spill_bytes, 124020130816.0, 1e-12);
  expect_rel(*p.offload_effective_bw_bytes_per_s, 64e9, 1e-12);  // T4 lists no host link: 64 GB/s fallback
  EXPECT_EQ(p.peak_bw_actual_bytes_per_s, *p.offload_effective_bw_bytes_per_s);
  expect_rel(p.latency_s, 2.427705000000001, 1e-9);

  SingleNodeInputs strict = inputs("Llama3_70B", "T4");
  strict.raise_errors = true;
  try {
    solve_single_node(strict);
    FAIL() << "expected OutOfMemoryError";
  } catch (const OutOfMemoryError& e) {
    EXPECT_GT(e.required_bytes, e.available_bytes);
    EXPECT_NE(std::string(e.what()).find("NVIDIA T4"), std::string::npos);
  }
}

// Microcontrollers: SRAM-resident weights use SRAM bandwidth, larger ones stream from flash.
TEST(SingleNodeTiny, SramAndFlashTiers) {
  SingleNodeInputs in = inputs("DS_CNN", "ESP32_S3");
  in.precision = Precision::int8;
  PerformanceProfile p = solve_single_node(in);
  EXPECT_EQ(p.peak_bw_actual_bytes_per_s, 0.96e9);
  expect_rel(p.latency_s, 0.01767666666666667, 1e-9);
  EXPECT_EQ(p.bottleneck, Bottleneck::Compute);

  SingleNodeInputs big = inputs("MobileNetV2", "ESP32_S3");
  big.precision = Precision::int8;
  PerformanceProfile q = solve_single_node(big);  // 3.5 MB of weights: too big for 520 KiB SRAM
  EXPECT_TRUE(q.feasible);
  EXPECT_EQ(q.peak_bw_actual_bytes_per_s, 0.08e9);
}

// Invariants over the whole registry.
TEST(SingleNodeInvariants, ThroughputIsBatchOverLatency) {
  for (const auto& hw : reg().hardware_entries().all()) {
    for (int batch : {1, 3, 64}) {
      SingleNodeInputs in;
      in.model = &reg().model("Llama3_8B");
      in.hardware = hw.get();
      in.batch_size = batch;
      PerformanceProfile p = solve_single_node(in);
      expect_rel(p.throughput_per_s, batch / p.latency_s, 1e-12);
      EXPECT_GE(p.latency_s, std::max(p.latency_compute_s, p.latency_memory_s));
      EXPECT_GE(p.mfu, 0);
      EXPECT_LE(p.mfu, 1);
      EXPECT_EQ(p.feasible, p.memory_footprint_bytes <= hw->memory.capacity_bytes);
    }
  }
}

TEST(SingleNodeInvariants, MoreBandwidthNeverSlowsMemoryBound) {
  HardwareNode faster = reg().hardware("H100");
  SingleNodeInputs in = inputs("Llama3_8B", "H100");
  PerformanceProfile base = solve_single_node(in);
  ASSERT_EQ(base.bottleneck, Bottleneck::Memory);
  for (double scale : {1.1, 2.0, 10.0}) {
    faster.memory.bandwidth_bytes_per_s = reg().hardware("H100").memory.bandwidth_bytes_per_s * scale;
    in.hardware = &faster;
    EXPECT_LT(solve_single_node(in).latency_s, base.latency_s) << scale;
  }
}

TEST(SingleNodeInvariants, LowerPrecisionShrinksFootprint) {
  SingleNodeInputs in = inputs("Llama3_8B", "H100");
  double last = INFINITY;
  for (Precision p : {Precision::fp32, Precision::fp16, Precision::int8, Precision::int4}) {
    in.precision = p;
    double footprint = solve_single_node(in).memory_footprint_bytes;
    EXPECT_LT(footprint, last);
    last = footprint;
  }
}

TEST(SingleNodeInvariants, PrecisionRateSelection) {
  SingleNodeInputs in = inputs("Llama3_8B", "H100");
  in.precision = Precision::fp8;
  EXPECT_EQ(solve_single_node(in).peak_flops_actual_flop_per_s, 1979e12 * 0.5);
  in.precision = Precision::int4;  // H100 lists no int4 rate: headline peak, with a warning
  PerformanceProfile p = solve_single_node(in);
  EXPECT_EQ(p.peak_flops_actual_flop_per_s, 989e12 * 0.5);
  EXPECT_EQ(p.warnings().size(), 1u);
}

TEST(SingleNodeBadInput, RejectsOutOfRange) {
  SingleNodeInputs in = inputs("ResNet50", "A100");
  in.batch_size = 0;
  EXPECT_THROW(solve_single_node(in), InputError);
  in = inputs("ResNet50", "A100");
  for (double eff : {0.0, -0.1, 1.5, double(NAN), double(INFINITY)}) {
    in.efficiency = eff;
    EXPECT_THROW(solve_single_node(in), InputError) << eff;
  }
  in = inputs("ResNet50", "A100");
  in.precision = Precision::fp4;  // A100 lists no fp4 rate
  EXPECT_THROW(solve_single_node(in), InputError);
  in.hardware = &reg().hardware("B200");  // B200 does
  EXPECT_NO_THROW(solve_single_node(in));
  in = inputs("Llama3_8B", "H100");
  in.is_training = true;
  in.zero_stage = 4;
  EXPECT_THROW(solve_single_node(in), InputError);
  in.model = nullptr;
  EXPECT_THROW(solve_single_node(in), InputError);
}

TEST(SingleNodeBadInput, MessageNamesParameterAndRange) {
  SingleNodeInputs in = inputs("ResNet50", "A100");
  in.efficiency = 1.5;
  try {
    solve_single_node(in);
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "efficiency must be in [1e-09, 1.0], got 1.5");
  }
}

}  // namespace
}  // namespace mlsysim
