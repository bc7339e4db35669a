// ContinuousBatchingModel: TS-01 (65 static vs 259 paged), infeasibility, invariants.
#include "serving_fixtures.hpp"
#include "solvers/continuous_batching.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::reg;

ContinuousBatchingInputs batching(const char* model, const char* hw, int max_seq_len, int max_batch) {
  ContinuousBatchingInputs in;
  in.model = &reg().model(model);
  in.hardware = &reg().hardware(hw);
  in.max_seq_len = max_seq_len;
  in.max_batch_size = max_batch;
  return in;
}

TEST(ContinuousBatchingGolden, TS01_StaticVsPaged) {
  ContinuousBatchingInputs in = batching("Llama3_8B", "H100", 8192, 4096);
  in.mean_request_tokens = 2048;
  ContinuousBatchingResult r = solve_continuous_batching(in);
  EXPECT_EQ(r.static_max_active_requests, 65);
  EXPECT_EQ(r.max_active_requests, 259);
  EXPECT_NEAR(r.paged_internal_fragmentation, 0.0038, 5e-4);
  EXPECT_NEAR(r.speedup_vs_static, 1.56, 0.01);
  EXPECT_DOUBLE_EQ(r.static_internal_fragmentation, 0.75);
  EXPECT_TRUE(r.feasible);
}

TEST(ContinuousBatchingGolden, T03_BatchCapBindsBothAllocators) {
  ContinuousBatchingInputs in = batching("Llama3_8B", "H100", 4096, 32);
  for (int page : {16, 64, 2048}) {
    in.page_size = page;
    ContinuousBatchingResult r = solve_continuous_batching(in);
    EXPECT_EQ(r.max_active_requests, 32);
    EXPECT_EQ(r.static_max_active_requests, 32);
    EXPECT_DOUBLE_EQ(r.speedup_vs_static, 1.0);
    EXPECT_EQ(r.trace.size(), 3u);  // the "max_batch_size binds both" line
  }
}

TEST(ContinuousBatching, WeightsThatDoNotFitAreAResultNotASentinel) {
  ContinuousBatchingResult r = solve_continuous_batching(batching("Llama3_70B", "T4", 2048, 8));
  EXPECT_FALSE(r.feasible);
  EXPECT_FALSE(r.itl_s.has_value());  // 0.3.0 reports 1,000,000 ms
  EXPECT_EQ(r.max_active_requests, 0);
  EXPECT_EQ(r.throughput_tokens_per_s, 0);
  ASSERT_EQ(r.trace.size(), 1u);
  EXPECT_NE(r.trace[0].find("Memory Wall: FAILED. Weights"), std::string::npos);
}

TEST(ContinuousBatchingInvariants, PagingNeverLosesAndBiggerPagesWasteMore) {
  double last_frag = -1;
  for (int page : {1, 16, 64, 256, 1024}) {
    ContinuousBatchingInputs in = batching("Llama3_8B", "H100", 8192, 100000);
    in.mean_request_tokens = 1500;
    in.page_size = page;
    ContinuousBatchingResult r = solve_continuous_batching(in);
    EXPECT_GE(r.max_active_requests, r.static_max_active_requests) << page;
    EXPECT_GE(r.throughput_tokens_per_s, r.static_throughput_tokens_per_s) << page;
    EXPECT_GT(r.paged_internal_fragmentation, last_frag) << page;
    last_frag = r.paged_internal_fragmentation;
  }
}

TEST(ContinuousBatchingBadInput, OneClearErrorEach) {
  ContinuousBatchingInputs in = batching("Llama3_8B", "H100", 2048, 8);
  in.mean_request_tokens = 4096;
  EXPECT_NE(error_of([&] { solve_continuous_batching(in); }).find("mean_request_tokens must be in (0, max_seq_len=2048]"),
            std::string::npos);
  in.mean_request_tokens = 0;
  EXPECT_NE(error_of([&] { solve_continuous_batching(in); }), "");
  in = batching("Llama3_8B", "H100", 2048, 8);
  in.page_size = 0;
  EXPECT_NE(error_of([&] { solve_continuous_batching(in); }).find("page_size"), std::string::npos);
  EXPECT_NE(error_of([&] { solve_continuous_batching(batching("ResNet50", "H100", 2048, 8)); }).find("transformer"),
            std::string::npos);
}

}  // namespace
}  // namespace mlsysim
