// SensitivitySolver (Wall 21) and SynthesisSolver (Wall 22).
#include <cmath>
#include <limits>

#include "serving_fixtures.hpp"
#include "solvers/sensitivity.hpp"
#include "solvers/single_node.hpp"
#include "solvers/synthesis.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::expect_rel;
using testing::reg;

SensitivityResult sensitivity(const char* model, const char* hardware, double pct = 10.0,
                              Precision p = Precision::fp16) {
  SensitivityInputs in;
  in.model = &reg().model(model);
  in.hardware = &reg().hardware(hardware);
  in.perturbation_pct = pct;
  in.precision = p;
  return solve_sensitivity(in);
}

SynthesisResult synthesis(const char* model, double target_s, double efficiency = 0.5,
                          Precision p = Precision::fp16) {
  SynthesisInputs in;
  in.model = &reg().model(model);
  in.target_latency_s = target_s;
  in.efficiency = efficiency;
  in.precision = p;
  return solve_synthesis(in);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// T09-01 / T09-04 (A100, H100) and TS-26: Llama-3.1-70B fp16 (141.2 GB) does not fit 80 GiB, so every
// byte streams over the host link and no 10 % step moves latency. The tutorial printed binding
// "peak_flops" (max over all-zero sensitivities); 0.3.0 names memory_capacity.
TEST(SensitivityGolden, T09_04_InfeasibleBaselinesBindOnCapacity) {
  SensitivityResult a100 = sensitivity("Llama3_70B", "A100");
  expect_rel(a100.baseline_latency_s, 4854.565000000001e-3, 1e-12);  // printed 4,854.6 ms / 4854.57ms
  EXPECT_NEAR(a100.baseline_latency_s * 1e3, 4854.6, 0.05);
  EXPECT_FALSE(a100.feasible);
  EXPECT_EQ(a100.binding_constraint, "memory_capacity");
  EXPECT_EQ(a100.peak_flops, 0.0);
  EXPECT_EQ(a100.memory_bandwidth, 0.0);
  EXPECT_EQ(a100.memory_capacity, 0.0);
  EXPECT_EQ(a100.perturbation_pct, 10.0);

  SensitivityResult h100 = sensitivity("Llama3_70B", "H100");
  expect_rel(h100.baseline_latency_s, 2427.685000000001e-3, 1e-12);  // printed 2427.69ms
  EXPECT_FALSE(h100.feasible);
  EXPECT_EQ(h100.binding_constraint, "memory_capacity");
  ASSERT_EQ(h100.constraint_trace.size(), 2u);
  EXPECT_EQ(h100.constraint_trace[0],
            "Memory Wall: FAILED. Required 141.20000000000002 GB > Available 85.89934592 GB on NVIDIA H100.");
  EXPECT_TRUE(contains(h100.constraint_trace[1], "infeasible baseline"));
}

// T09-04's H200 row: the tutorial's H200 had 141 GB (< 141.2 GB: binding memory_capacity at
// 2427.69 ms); 0.3.0's has 141 GiB = 151.4 GB, so the weights fit and decode is bandwidth-bound.
TEST(SensitivityGolden, T09_04_H200FitsIn030) {
  SensitivityResult r = sensitivity("Llama3_70B", "H200");
  EXPECT_TRUE(r.feasible);
  expect_rel(r.baseline_latency_s, 33.16833333333334e-3, 1e-12);
  EXPECT_EQ(r.binding_constraint, "memory_bandwidth");
  expect_rel(r.memory_bandwidth, -0.08868901060248238, 1e-9);
  EXPECT_EQ(r.peak_flops, 0.0);
  EXPECT_EQ(r.memory_capacity, 0.0);
}

// TS-27 and the spec's example: Llama-3-8B on an H100 is bandwidth-bound.
TEST(SensitivityGolden, TS27_Llama3_8B_H100) {
  SensitivityResult r = sensitivity("Llama3_8B", "H100");
  EXPECT_TRUE(r.feasible);
  expect_rel(r.baseline_latency_s, 5.603432835820896e-3, 1e-12);
  EXPECT_EQ(r.binding_constraint, "memory_bandwidth");
  expect_rel(r.memory_bandwidth, -0.08555523000293008, 1e-9);
  EXPECT_EQ(r.peak_flops, 0.0);
  EXPECT_EQ(r.memory_capacity, 0.0);
  ASSERT_EQ(r.constraint_trace.size(), 1u);
  EXPECT_EQ(r.constraint_trace[0], "Sensitivity: memory_bandwidth is binding (-0.0856 latency change per 10% upgrade).");
  const Record rec = r.sensitivities();
  ASSERT_EQ(rec.size(), 3u);
  EXPECT_EQ(rec[0].first, "peak_flops");
  EXPECT_EQ(rec[1].first, "memory_bandwidth");
  EXPECT_EQ(rec[2].first, "memory_capacity");
}

// T10-05: GPT-3 fp16 (350 GB) on an H100 spills: 6,016.6 ms.
TEST(SensitivityGolden, T10_05_Gpt3SpillsOnH100) {
  SensitivityResult r = sensitivity("GPT3", "H100");
  EXPECT_NEAR(r.baseline_latency_s * 1e3, 6016.6, 0.05);
  EXPECT_FALSE(r.feasible);
  EXPECT_EQ(r.binding_constraint, "memory_capacity");
}

TEST(SensitivityInvariants, BaselineIsSingleNodeAndSignsFollowTheStep) {
  for (const char* m : {"Llama3_8B", "ResNet50", "StableDiffusion_v1_5", "YOLOv8_Nano", "Mamba_2_8B"}) {
    for (const char* h : {"H100", "A100", "T4", "B200"}) {
      SingleNodeInputs s;
      s.model = &reg().model(m);
      s.hardware = &reg().hardware(h);
      const PerformanceProfile p = solve_single_node(s);
      const SensitivityResult up = sensitivity(m, h, 25.0);
      EXPECT_EQ(up.baseline_latency_s, p.latency_s) << m << " " << h;
      EXPECT_EQ(up.feasible, p.feasible);
      // An upgrade never slows a solve down; a downgrade never speeds it up.
      EXPECT_LE(up.peak_flops, 0.0);
      EXPECT_LE(up.memory_bandwidth, 0.0);
      EXPECT_LE(up.memory_capacity, 0.0);
      const SensitivityResult down = sensitivity(m, h, -25.0);
      EXPECT_GE(down.peak_flops, 0.0);
      EXPECT_GE(down.memory_bandwidth, 0.0);
      EXPECT_GE(down.memory_capacity, 0.0);
      // s_k is the relative change of the k-th perturbed latency.
      expect_rel(up.memory_bandwidth, (up.memory_bandwidth_latency_s - p.latency_s) / p.latency_s, 1e-12);
      if (p.feasible) {
        // Exactly one roofline term is charged, so exactly one of FLOP/s and bandwidth can move it.
        EXPECT_TRUE(up.peak_flops == 0.0 || up.memory_bandwidth == 0.0) << m << " " << h;
        EXPECT_EQ(up.binding_constraint, p.bottleneck == Bottleneck::Compute ? "peak_flops" : "memory_bandwidth")
            << m << " " << h;
      }
    }
  }
}

TEST(SensitivityInvariants, ComputeBoundBindsOnFlops) {
  SensitivityResult r = sensitivity("StableDiffusion_v1_5", "H100");
  EXPECT_EQ(r.binding_constraint, "peak_flops");
  expect_rel(r.peak_flops, -0.09001880492834932, 1e-9);  // 0.3.0
  EXPECT_EQ(r.memory_bandwidth, 0.0);
}

// Mixtral-8x7B (93.4 GB) spills on an H100; 10 % more capacity (94.5 GB) lets it fit: -98 %.
TEST(SensitivityInvariants, CapacityThatMakesItFit) {
  SensitivityResult r = sensitivity("Mixtral_8x7B", "H100");
  EXPECT_FALSE(r.feasible);
  EXPECT_EQ(r.binding_constraint, "memory_capacity");
  expect_rel(r.memory_capacity, -0.9806939236371622, 1e-9);
}

// The copies keep every other field: weights that sit in the MCU's SRAM never see HBM bandwidth.
TEST(SensitivityInvariants, SramSurvivesThePerturbation) {
  SensitivityResult r = sensitivity("LeNet1", "ESP32_S3");
  EXPECT_TRUE(r.feasible);
  EXPECT_EQ(r.memory_bandwidth, 0.0);
  // Nor do weights that stream from its flash (3.9 MB: over the SRAM, under the 4 MiB). Flash
  // bandwidth is not one of the three levers, so nothing moves and the all-zero tie goes to the
  // first lever, as in 0.3.0 (docs/solvers/sensitivity.md, "What it does not capture").
  SensitivityResult flash = sensitivity("MobileNetV2_Alpha0_5", "ESP32_S3");
  EXPECT_TRUE(flash.feasible);
  EXPECT_EQ(flash.memory_bandwidth, 0.0);
  EXPECT_EQ(flash.peak_flops, 0.0);
  EXPECT_EQ(flash.binding_constraint, "peak_flops");
}

// Every per-precision rate is scaled with the headline peak.
TEST(SensitivityInvariants, PrecisionRatesScaleToo) {
  SensitivityResult r = sensitivity("StableDiffusion_v1_5", "H100", 100.0, Precision::fp8);
  EXPECT_LT(r.peak_flops, -0.3);
  EXPECT_EQ(r.binding_constraint, "peak_flops");
  EXPECT_EQ(r.constraint_trace[0].substr(r.constraint_trace[0].find("per ")), "per 100% upgrade).");
}

TEST(SensitivityInvariants, FallbackWarningIsReportedOnce) {
  SensitivityResult r = sensitivity("Llama3_8B", "T4", 10.0, Precision::fp8);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_TRUE(contains(r.warnings[0], "Precision 'fp8' not in NVIDIA T4 precision_flops"));
}

TEST(SensitivityBadInput, OneClearErrorEach) {
  EXPECT_TRUE(contains(error_of([] { sensitivity("Llama3_8B", "H100", 0.0); }), "perturbation_pct must not be 0"));
  EXPECT_TRUE(contains(error_of([] { sensitivity("Llama3_8B", "H100", -100.0); }), "perturbation_pct must be > -100"));
  EXPECT_TRUE(contains(error_of([] { sensitivity("Llama3_8B", "H100", -250.0); }), "perturbation_pct must be > -100"));
  EXPECT_TRUE(contains(error_of([] { sensitivity("Llama3_8B", "H100", 1e-20); }), "must not be 0"));
  EXPECT_TRUE(contains(error_of([] { sensitivity("Llama3_8B", "H100", std::nan("")); }), "finite"));
  EXPECT_TRUE(contains(error_of([] { sensitivity("Llama3_8B", "H100", INFINITY); }), "finite"));
  EXPECT_TRUE(contains(error_of([] { sensitivity("Llama3_8B", "H100", 1e300); }), "too large"));
  SensitivityInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  in.efficiency = 0;
  EXPECT_TRUE(contains(error_of([&] { solve_sensitivity(in); }), "efficiency must be in [1e-09, 1.0]"));
  in.efficiency = 0.5;
  in.precision = Precision::fp4;  // the H100 lists no fp4 rate
  EXPECT_TRUE(contains(error_of([&] { solve_sensitivity(in); }), "fp4"));
  in.hardware = nullptr;
  EXPECT_EQ(error_of([&] { solve_sensitivity(in); }), "hardware is required");
}

// T09-03: Llama-3.1-70B fp16 in 50 ms.
TEST(SynthesisGolden, T09_03_Llama3_70B_50ms) {
  SynthesisResult r = synthesis("Llama3_70B", 0.050);
  expect_rel(r.required_bw_bytes_per_s, 2824e9, 1e-12);  // printed 2.82 TB/s
  EXPECT_NEAR(r.required_bw_bytes_per_s / 1e12, 2.82, 0.005);
  expect_rel(r.required_flops_flop_per_s, 5.648e12, 1e-12);  // printed 5.65 TFLOPs/s
  EXPECT_NEAR(r.required_flops_flop_per_s / 1e12, 5.65, 0.005);
  expect_rel(r.required_memory_bytes, 141.2e9, 1e-15);  // printed 141.2 GB
  expect_rel(r.compute_memory_ratio_flop_per_byte, 2.0, 1e-12);
  EXPECT_EQ(r.target_latency_s, 0.050);
  EXPECT_EQ(r.model_size_bytes, r.required_memory_bytes);
  expect_rel(r.total_ops_flop, 141.2e9, 1e-15);
  EXPECT_FALSE(r.constraint_trace.has_value());
}

// T12b-10 (200 ms) and the spec's example (Llama-3-8B, 10 ms).
TEST(SynthesisGolden, T12b_10_And_SpecExample) {
  SynthesisResult a = synthesis("Llama3_70B", 0.200);
  EXPECT_NEAR(a.required_bw_bytes_per_s / 1e12, 0.706, 0.0005);
  EXPECT_NEAR(a.required_flops_flop_per_s / 1e12, 1.41, 0.005);
  EXPECT_NEAR(a.required_memory_bytes / 1e9, 141.2, 0.05);
  SynthesisResult b = synthesis("Llama3_8B", 0.010);
  expect_rel(b.required_bw_bytes_per_s, 1606e9, 1e-12);
  expect_rel(b.required_flops_flop_per_s, 3.212e12, 1e-12);
  expect_rel(b.required_memory_bytes, 16.06e9, 1e-12);
  expect_rel(b.compute_memory_ratio_flop_per_byte, 2.0, 1e-12);
}

TEST(SynthesisInvariants, InverseRoofline) {
  for (const char* m : {"Llama3_8B", "Mixtral_8x7B", "ResNet50", "StableDiffusion_v1_5", "DLRM", "Mamba_130M"}) {
    for (Precision p : {Precision::fp32, Precision::fp16, Precision::int8, Precision::int4}) {
      const Workload& w = reg().model(m);
      const double bpp = bytes_per_element(p);
      const SynthesisResult r = synthesis(m, 0.02, 0.4, p);
      EXPECT_EQ(r.model_size_bytes, size_in_bytes(w, bpp));
      EXPECT_EQ(r.total_ops_flop, lower(w, bpp).total_ops);
      expect_rel(r.required_bw_bytes_per_s * 0.02, r.model_size_bytes, 1e-15);
      expect_rel(r.required_flops_flop_per_s * 0.02 * 0.4, r.total_ops_flop, 1e-15);
      expect_rel(r.compute_memory_ratio_flop_per_byte, r.total_ops_flop / (r.model_size_bytes * 0.4), 1e-14);
      // Half the time needs twice the rates and the same memory; half the efficiency twice the FLOP/s.
      const SynthesisResult fast = synthesis(m, 0.01, 0.4, p);
      expect_rel(fast.required_bw_bytes_per_s, 2 * r.required_bw_bytes_per_s, 1e-15);
      EXPECT_EQ(fast.required_memory_bytes, r.required_memory_bytes);
      expect_rel(synthesis(m, 0.02, 0.2, p).required_flops_flop_per_s, 2 * r.required_flops_flop_per_s, 1e-15);
    }
  }
}

// Synthesis and the forward solve agree: hardware with exactly the required bandwidth streams the
// weights in the target (SingleNode adds 10 % activation traffic and the launch overheads on top).
TEST(SynthesisInvariants, RequiredBandwidthMeetsTheTargetOnTheRoofline) {
  const SynthesisResult r = synthesis("Llama3_8B", 0.010);
  HardwareNode hw = reg().hardware("H100");
  hw.memory.bandwidth_bytes_per_s = r.required_bw_bytes_per_s;
  SingleNodeInputs s;
  s.model = &reg().model("Llama3_8B");
  s.hardware = &hw;
  const PerformanceProfile p = solve_single_node(s);
  expect_rel(p.latency_memory_s, 0.010 * 1.1, 1e-12);
}

TEST(SynthesisBadInput, OneClearErrorEach) {
  EXPECT_EQ(error_of([] { synthesis("Llama3_70B", 0.0); }), "target_latency must be > 0, got 0.0 ms");
  EXPECT_TRUE(contains(error_of([] { synthesis("Llama3_70B", -0.005); }), "target_latency must be > 0"));
  EXPECT_TRUE(contains(error_of([] { synthesis("Llama3_70B", std::nan("")); }), "target_latency"));
  EXPECT_TRUE(contains(error_of([] { synthesis("Llama3_70B", INFINITY); }), "target_latency"));
  EXPECT_TRUE(contains(error_of([] { synthesis("Llama3_70B", 0.05, 0.0); }), "efficiency must be in"));
  EXPECT_TRUE(contains(error_of([] { synthesis("Llama3_70B", 0.05, -1.0); }), "efficiency must be in"));
  EXPECT_TRUE(contains(error_of([] { synthesis("Llama3_70B", 0.05, 2.0); }), "efficiency must be in"));
  SynthesisInputs in;
  in.target_latency_s = 0.05;
  EXPECT_EQ(error_of([&] { solve_synthesis(in); }), "model is required");
}

}  // namespace
}  // namespace mlsysim
