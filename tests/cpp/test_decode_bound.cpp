// DecodeBoundModel, InferenceScalingModel, WeightStreamingModel, CompressionModel.
#include "serving_fixtures.hpp"
#include "solvers/compression.hpp"
#include "solvers/decode_bound.hpp"
#include "solvers/inference_scaling.hpp"
#include "solvers/weight_streaming.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::expect_rel;
using testing::reg;

TEST(DecodeBound, WeightStreamingBoundOfOneStep) {
  DecodeBoundInputs in;
  in.model = &reg().model("Llama3_70B");
  in.hardware = &reg().hardware("H100");
  DecodeBoundResult r = solve_decode_bound(in);
  expect_rel(r.weight_bytes, 141.2e9, 1e-15);
  expect_rel(r.flops_per_step_flop, 141.2e9, 1e-15);
  expect_rel(r.memory_time_s, 141.2e9 / 3.35e12, 1e-12);
  expect_rel(r.compute_time_s, 141.2e9 / 989e12, 1e-12);
  EXPECT_EQ(r.bottleneck, "Memory");
  expect_rel(r.intensity_flop_per_byte, 1.0, 1e-15);
  expect_rel(r.attainable_flops_flop_per_s, 3.35e12, 1e-12);
  in.tp_size = 8;  // each device streams an eighth
  expect_rel(solve_decode_bound(in).memory_time_s, r.memory_time_s / 8, 1e-12);
  in.batch_size = 1000;
  in.peak_flops_per_s = 100e12;
  EXPECT_EQ(solve_decode_bound(in).bottleneck, "Compute");
}

TEST(InferenceScaling, TimeIsPrefillPlusStepsOfFiftyTokens) {
  InferenceScalingInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  InferenceScalingResult r = solve_inference_scaling(in);
  expect_rel(r.total_reasoning_time_s, r.ttft_s + 8 * 50 * r.itl_s, 1e-12);
  EXPECT_EQ(r.tokens_generated, 400);
  expect_rel(r.energy_per_query_j, 700 * r.total_reasoning_time_s, 1e-12);
  EXPECT_EQ(r.serving_detail.ttft_s, r.ttft_s);
  in.reasoning_steps = 0;
  EXPECT_EQ(solve_inference_scaling(in).total_reasoning_time_s, r.ttft_s);
  in.reasoning_steps = -3;
  EXPECT_NE(error_of([&] { solve_inference_scaling(in); }).find("reasoning_steps must be >= 0"), std::string::npos);
}

// T10-02 / T10-04 (0.3.0 values: the utilisation fix of 2026-09-15 moved 24.2 % to 22.5 %).
TEST(WeightStreamingGolden, T10_Gpt3OnCerebras) {
  WeightStreamingInputs in;
  in.model = &reg().model("GPT3");
  in.hardware = &reg().hardware("Cerebras_CS3");
  in.seq_len = 2048;
  WeightStreamingResult r = solve_weight_streaming(in);
  EXPECT_TRUE(r.feasible);
  EXPECT_EQ(r.bottleneck, "Interconnect-Bandwidth-Bound");
  EXPECT_NEAR(r.layer_injection_time_s * 1e3, 3.04, 0.005);
  EXPECT_NEAR(r.layer_compute_time_s * 1e3, 1.06e-3, 0.005e-3);
  EXPECT_EQ(r.optimal_batch_size, 52083);
  EXPECT_EQ(static_cast<int>(r.throughput_tokens_per_s), 3);
  EXPECT_NEAR(r.wafer_memory_utilization, 0.2250, 0.0005);
  for (auto [batch, tps, fits] : {std::tuple{2, 6, true}, std::tuple{4, 13, true}, std::tuple{8, 0, false}}) {
    in.batch_size = batch;
    WeightStreamingResult b = solve_weight_streaming(in);
    EXPECT_EQ(b.feasible, fits) << batch;
    EXPECT_EQ(static_cast<int>(b.throughput_tokens_per_s), tps) << batch;
  }
  in.phase = InferencePhase::Prefill;
  in.batch_size = 1;
  EXPECT_GT(solve_weight_streaming(in).throughput_tokens_per_s, r.throughput_tokens_per_s);
}

TEST(Compression, QuantisationAndPruning) {
  CompressionInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  in.target_bitwidth = 4;
  CompressionResult q = solve_compression(in);
  EXPECT_EQ(q.compression_ratio, 8.0);  // fp32 baseline
  EXPECT_EQ(q.memory_savings_pct, 87.5);
  EXPECT_EQ(q.inference_speedup, 8.0);  // memory-bound at batch 1: the ratio
  expect_rel(q.original_size_bytes, 8.03e9 * 4, 1e-15);
  in.baseline_precision = Precision::fp16;
  EXPECT_EQ(solve_compression(in).compression_ratio, 4.0);
  in.method = CompressionMethod::Pruning;
  in.sparsity = 0.5;
  in.sparsity_type = SparsityType::NM;
  CompressionResult p = solve_compression(in);
  EXPECT_EQ(p.compression_ratio, 2.0);
  EXPECT_EQ(p.inference_speedup, 2.0);
  EXPECT_EQ(p.estimated_accuracy_delta, -0.001);
  in.sparsity = 0.9;
  in.sparsity_type = SparsityType::Unstructured;
  EXPECT_EQ(solve_compression(in).inference_speedup, 1.0);
  in.sparsity = 1.5;
  EXPECT_NE(error_of([&] { solve_compression(in); }).find("sparsity"), std::string::npos);
}

}  // namespace
}  // namespace mlsysim
