// ServingModel against goldens.md (TG-04, T02-*, T03-*) and reference 0.3.0,
// plus invariants and bad input.
#include "serving_fixtures.hpp"
#include "solvers/serving.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::expect_rel;
using testing::reg;

ServingInputs serving(const char* model, const char* hw, int seq_len = 2048, int batch = 1) {
  ServingInputs in;
  in.model = &reg().model(model);
  in.hardware = &reg().hardware(hw);
  in.seq_len = seq_len;
  in.batch_size = batch;
  return in;
}

// TG-04 (test_golden_regressions.py), pinned at rel 1e-6 or tighter.
TEST(ServingGolden, TG04_Llama3_8B_H100) {
  ServingResult r = solve_serving(serving("Llama3_8B", "H100"));
  EXPECT_TRUE(r.feasible);
  expect_rel(r.ttft_s, 0.07097037058756726, 1e-12);
  expect_rel(r.itl_s, 0.005194159837611941, 1e-12);
  expect_rel(r.kv_cache_size_bytes, 0.268435456e9, 1e-15);
  expect_rel(r.model_weights_size_bytes, 16.060000000000002e9, 1e-15);
  expect_rel(r.total_memory_required_bytes, 16.328435456e9, 1e-15);
  expect_rel(r.memory_utilization, 0.1900880068540573, 1e-12);
  ASSERT_EQ(r.constraint_trace().size(), 1u);
  EXPECT_EQ(r.constraint_trace()[0],
            "Memory Wall: Passed. Required 16.328435456 GB (Weights: 16.060000000000002 GB, KV Cache: 0.268435456 GB) "
            "<= Available 85.89934592 GB on NVIDIA H100.");
}

// Tutorial 02 (printed to 2 dp): A100/H200 and int8/int4 on H100.
TEST(ServingGolden, T02_HardwareAndPrecision) {
  // ttft_tol: half a unit of the last printed digit (T02-02 prints 225.0).
  struct Row { const char* hw; Precision p; double ttft_ms, ttft_tol, itl_ms, weights_gb; };
  for (Row row : {Row{"A100", Precision::fp16, 225.0, 0.05, 8.33, 16.06},
                  Row{"H200", Precision::fp16, 70.97, 0.005, 3.72, 16.06},
                  Row{"H100", Precision::int8, 35.47, 0.005, 2.76, 8.03},
                  Row{"H100", Precision::int4, 70.97, 0.005, 1.54, 4.015}}) {
    ServingInputs in = serving("Llama3_8B", row.hw);
    in.precision = row.p;
    ServingResult r = solve_serving(in);
    EXPECT_NEAR(r.ttft_s * 1e3, row.ttft_ms, row.ttft_tol) << row.hw;
    EXPECT_NEAR(r.itl_s * 1e3, row.itl_ms, 0.006) << row.hw;
    EXPECT_NEAR(r.model_weights_size_bytes * 1e-9, row.weights_gb, 0.006) << row.hw;
  }
  // T02-08: the SLA sweep at 4096 tokens.
  struct Sla { const char* hw; double ttft_ms, itl_ms; };
  for (Sla row : {Sla{"T4", 2294.7, 52.19}, Sla{"A100", 478.1, 8.46}, Sla{"H100", 150.8, 5.27}, Sla{"H200", 150.8, 3.78}}) {
    ServingResult r = solve_serving(serving("Llama3_8B", row.hw, 4096));
    EXPECT_NEAR(r.ttft_s * 1e3, row.ttft_ms, 0.06) << row.hw;
    EXPECT_NEAR(r.itl_s * 1e3, row.itl_ms, 0.006) << row.hw;
  }
}

// Tutorial 03: the KV cache grows linearly with batch and context.
TEST(ServingGolden, T03_KvCacheSweeps) {
  for (auto [batch, kv_gb, total_gb] : {std::tuple{1, 0.268, 16.33}, std::tuple{8, 2.15, 18.21},
                                        std::tuple{64, 17.18, 33.24}, std::tuple{128, 34.36, 50.42}}) {
    ServingResult r = solve_serving(serving("Llama3_8B", "H100", 2048, batch));
    EXPECT_NEAR(r.kv_cache_size_bytes * 1e-9, kv_gb, 0.006);
    EXPECT_NEAR(r.total_memory_required_bytes * 1e-9, total_gb, 0.006);
  }
  ServingResult longest = solve_serving(serving("Llama3_8B", "H100", 131072, 8));
  EXPECT_NEAR(longest.kv_cache_size_bytes * 1e-9, 137.4, 0.06);
  EXPECT_FALSE(longest.feasible);
  EXPECT_NE(longest.constraint_trace()[0].find("Memory Wall: FAILED"), std::string::npos);
  ServingResult t3_04 = solve_serving(serving("Llama3_8B", "H100", 131072, 1));
  EXPECT_NEAR(t3_04.kv_cache_size_bytes * 1e-9, 17.18, 0.006);
  EXPECT_TRUE(t3_04.feasible);
}

TEST(ServingInvariants, ItlGrowsWithContextAndKvIsLinear) {
  double last = 0;
  for (int seq : {512, 2048, 8192, 32768}) {
    ServingResult r = solve_serving(serving("Llama3_8B", "H100", seq));
    EXPECT_GT(r.itl_s, last);
    last = r.itl_s;
  }
  const double one = solve_serving(serving("Llama3_70B", "H200", 1000, 1)).kv_cache_size_bytes;
  EXPECT_DOUBLE_EQ(solve_serving(serving("Llama3_70B", "H200", 1000, 7)).kv_cache_size_bytes, 7 * one);
  EXPECT_DOUBLE_EQ(solve_serving(serving("Llama3_70B", "H200", 3000, 1)).kv_cache_size_bytes, 3 * one);
}

TEST(ServingInvariants, Int8HalvesWeightsAndH200NeverSlowerThanH100) {
  for (const auto& m : reg().model_entries().all()) {
    if (!m->is_transformer()) continue;
    ServingInputs fp16 = serving(m->key.c_str(), "H100");
    ServingInputs int8 = fp16;
    int8.precision = Precision::int8;
    EXPECT_DOUBLE_EQ(solve_serving(int8).model_weights_size_bytes * 2, solve_serving(fp16).model_weights_size_bytes)
        << m->key;
    ServingInputs h200 = fp16;
    h200.hardware = &reg().hardware("H200");
    EXPECT_LE(solve_serving(h200).itl_s, solve_serving(fp16).itl_s) << m->key;
  }
}

TEST(ServingFeatures, GqaAndLatentAttention) {
  // Llama-3-8B: 8 KV heads of 128 over 32 layers, 2 bytes: 131072 B per token.
  EXPECT_DOUBLE_EQ(solve_serving(serving("Llama3_8B", "H100", 1, 1)).kv_cache_size_bytes, 2.0 * 32 * 8 * 128 * 2);
  // DeepSeek-V3: one latent of kv_lora_rank + qk_rope_head_dim per layer per token.
  const Workload& ds = reg().model("DeepSeek_V3");
  ASSERT_TRUE(ds.kv_lora_rank && ds.qk_rope_head_dim);
  EXPECT_DOUBLE_EQ(solve_serving(serving("DeepSeek_V3", "B200", 1, 1)).kv_cache_size_bytes,
                   1.0 * *ds.layers * (*ds.kv_lora_rank + *ds.qk_rope_head_dim) * 2);
}

TEST(ServingFeatures, MixtureOfExpertsCountsActiveParametersInFlops) {
  const Workload& mixtral = reg().model("Mixtral_8x7B");
  ASSERT_TRUE(mixtral.active_parameters && *mixtral.active_parameters < *mixtral.parameters);
  ServingInputs in = serving("Mixtral_8x7B", "H200", 1024);
  ServingResult r = solve_serving(in);
  const double rate = reg().hardware("H200").compute.peak_for(Precision::fp16) * 0.5;
  const double attention = 4.0 * 32 * 32 * (4096 / 32) * 1024 * 1024;
  expect_rel(r.ttft_s, (2 * *mixtral.active_parameters * 1024 + attention) / rate + 1e-5, 1e-12);
  expect_rel(r.model_weights_size_bytes, *mixtral.parameters * 2, 1e-15);  // all experts are resident
}

TEST(ServingFeatures, DisaggregatedSpeculativeCachedChunked) {
  ServingResult base = solve_serving(serving("Llama3_70B", "H100", 4096, 4));
  ServingInputs dis = serving("Llama3_70B", "H100", 4096, 4);
  dis.decode_hardware = &reg().hardware("H200");
  dis.network_bandwidth_bytes_per_s = 50e9;
  ServingResult d = solve_serving(dis);
  expect_rel(d.ttft_s, base.ttft_s + base.kv_cache_size_bytes / 50e9, 1e-12);
  EXPECT_LT(d.itl_s, base.itl_s);
  EXPECT_NE(d.constraint_trace()[0].find("NVIDIA H200"), std::string::npos);

  ServingInputs spec = serving("Llama3_70B", "H100", 4096, 4);
  spec.draft_model = &reg().model("Llama3_8B");
  spec.draft_acceptance_rate = 1.0;  // every draft token accepted: 1 + K tokens per step
  ServingResult s = solve_serving(spec);
  const double draft_token = (solve_serving(serving("Llama3_8B", "H100", 4096, 4)).total_memory_required_bytes) /
                             reg().hardware("H100").memory.bandwidth_bytes_per_s;
  expect_rel(s.itl_s, (4 * draft_token + base.itl_s) / 5, 1e-12);

  ServingInputs cached = serving("Llama3_70B", "H100", 4096, 4);
  cached.cached_prefix_len = 3072;
  ServingResult c = solve_serving(cached);
  EXPECT_LT(c.ttft_s, base.ttft_s);
  EXPECT_EQ(c.kv_cache_size_bytes, base.kv_cache_size_bytes);  // the cached prefix still occupies memory
  EXPECT_DOUBLE_EQ(c.prompt_cache_hit_ratio, 0.75);

  ServingInputs chunked = serving("Llama3_70B", "H100", 4096, 4);
  chunked.prefill_chunk_tokens = 1000;
  ServingResult k = solve_serving(chunked);
  EXPECT_EQ(k.prefill_chunks, 5);
  expect_rel(k.ttft_s, base.ttft_s + 4 * 1e-5, 1e-12);  // one more dispatch per extra chunk
  ASSERT_TRUE(k.decode_stall_bound_s);
  EXPECT_LT(*k.decode_stall_bound_s, base.ttft_s);
  EXPECT_EQ(k.constraint_trace().size(), 2u);
}

TEST(ServingBadInput, OneClearErrorEach) {
  auto msg = [](ServingInputs in) { return error_of([&] { solve_serving(in); }); };
  ServingInputs cnn = serving("ResNet50", "A100");
  EXPECT_NE(msg(cnn).find("model: 'ResNet50' is a cnn; ServingModel needs a transformer"), std::string::npos);
  ServingInputs in = serving("Llama3_8B", "H100");
  in.seq_len = 0;
  EXPECT_NE(msg(in).find("seq_len must be >= 1"), std::string::npos);
  in = serving("Llama3_8B", "H100");
  in.cached_prefix_len = 2048;
  EXPECT_NE(msg(in).find("cached_prefix_len must be < seq_len"), std::string::npos);
  in = serving("Llama3_8B", "H100");
  in.draft_acceptance_rate = 1.5;
  EXPECT_NE(msg(in).find("draft_acceptance_rate"), std::string::npos);
  in = serving("Llama3_8B", "H100");
  in.network_bandwidth_bytes_per_s = -5e9;  // shown in the GB/s the user gave it in
  EXPECT_NE(msg(in).find("network_bandwidth must be > 0, got -5.0 GB/s"), std::string::npos);
  in = serving("Llama3_8B", "H100");
  in.efficiency = 0;
  EXPECT_NE(msg(in).find("efficiency must be > 0"), std::string::npos);
  in = serving("Llama3_8B", "H100");
  in.prefill_chunk_tokens = 0;
  EXPECT_NE(msg(in).find("prefill_chunk_tokens"), std::string::npos);
  in = serving("Llama3_8B", "H100");
  in.draft_model = &reg().model("ResNet50");
  EXPECT_NE(msg(in).find("draft_model"), std::string::npos);
}

}  // namespace
}  // namespace mlsysim
