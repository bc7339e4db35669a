// ServingCapacityModel and BatchingOptimizer: the searches equal brute force,
// replicas grow with load, and what binds is named.
#include "serving_fixtures.hpp"
#include "solvers/batching_optimizer.hpp"
#include "solvers/serving.hpp"
#include "solvers/serving_capacity.hpp"
#include "solvers/tail_latency.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::reg;

ServingCapacityInputs capacity(double qps, double target_ms) {
  ServingCapacityInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  in.qps = qps;
  in.target_p99_latency_s = target_ms * 1e-3;
  return in;
}

TEST(ServingCapacity, ReplicasGrowWithLoadAndMeetTheTarget) {
  int last = 0;
  for (double qps : {1.0, 10.0, 50.0, 200.0, 1000.0}) {
    ServingCapacityResult r = solve_serving_capacity(capacity(qps, 5000));
    ASSERT_TRUE(r.feasible) << qps;
    ASSERT_TRUE(r.required_replicas);
    EXPECT_GE(*r.required_replicas, last);
    last = *r.required_replicas;
    EXPECT_LE(r.estimated_p99_latency_s, 5.0);
    EXPECT_LE(r.utilization, 1.0);
    EXPECT_EQ(r.qps_capacity_per_s, *r.required_replicas * r.per_replica_qps_capacity_per_s);
  }
  EXPECT_GT(last, 1);
}

TEST(ServingCapacity, TheBottleneckNamesWhatBinds) {
  EXPECT_EQ(solve_serving_capacity(capacity(0.01, 5000)).bottleneck, "none");   // one replica, idle
  EXPECT_EQ(solve_serving_capacity(capacity(500, 5000)).bottleneck, "Capacity");
  ServingCapacityResult slow = solve_serving_capacity(capacity(1, 100));  // 0.1 s < the request itself
  EXPECT_FALSE(slow.feasible);
  EXPECT_FALSE(slow.required_replicas);  // 0.3.0 reports max_replicas
  EXPECT_EQ(slow.bottleneck, "Base Latency");
  ServingCapacityInputs huge = capacity(10, 5000);
  huge.model = &reg().model("Llama3_405B");
  ServingCapacityResult oom = solve_serving_capacity(huge);
  EXPECT_EQ(oom.bottleneck, "Memory");
  EXPECT_TRUE(std::isinf(oom.estimated_p99_latency_s));
  ServingCapacityInputs capped = capacity(5000, 5000);
  capped.max_replicas = 3;
  ServingCapacityResult few = solve_serving_capacity(capped);
  EXPECT_FALSE(few.feasible);
  EXPECT_EQ(few.bottleneck, "Capacity");
}

TEST(ServingCapacityBadInput, OneClearErrorEach) {
  EXPECT_NE(error_of([] { solve_serving_capacity(capacity(0, 5000)); }).find("qps must be > 0"), std::string::npos);
  EXPECT_NE(error_of([] { solve_serving_capacity(capacity(10, -1)); }).find("target_p99_latency_ms must be > 0, got -1.0 ms"),
            std::string::npos);
  ServingCapacityInputs in = capacity(10, 5000);
  in.max_replicas = 0;
  EXPECT_NE(error_of([&] { solve_serving_capacity(in); }).find("max_replicas"), std::string::npos);
}

BatchingOptimizerInputs batching(double sla_ms, double qps) {
  BatchingOptimizerInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  in.seq_len = 128;
  in.sla_latency_s = sla_ms * 1e-3;
  in.arrival_rate_qps = qps;
  in.max_search_batch = 64;
  return in;
}

TEST(BatchingOptimizer, EqualsBruteForceAndGrowsWithTheSla) {
  int last = -1;
  for (double sla : {3000.0, 4500.0, 5000.0, 5500.0, 20000.0}) {
    BatchingOptimizerInputs in = batching(sla, 10);
    BatchingOptimizerResult r = solve_batching_optimizer(in);
    int best = 0;  // brute force
    for (int b = 1; b <= in.max_search_batch; ++b) {
      ServingInputs s;
      s.model = in.model;
      s.hardware = in.hardware;
      s.seq_len = in.seq_len;
      s.batch_size = b;
      ServingResult sr = solve_serving(s);
      TailLatencyInputs t;
      t.arrival_rate_qps = in.arrival_rate_qps / b;
      t.service_latency_s = sr.ttft_s + sr.itl_s * in.seq_len;
      TailLatencyResult tr = solve_tail_latency(t);
      if (sr.feasible && tr.is_stable && tr.p99_latency_s <= in.sla_latency_s) best = b;
    }
    EXPECT_EQ(r.best_batch_size, best) << sla;
    EXPECT_EQ(r.is_feasible, best > 0);
    EXPECT_GE(r.best_batch_size, last);
    last = r.best_batch_size;
    if (r.is_feasible) EXPECT_LE(r.p99_latency_s, in.sla_latency_s);
  }
  EXPECT_GT(last, 0);
}

TEST(BatchingOptimizerBadInput, OneClearErrorEach) {
  EXPECT_NE(error_of([] { solve_batching_optimizer(batching(0, 10)); }).find("sla_latency_ms must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of([] { solve_batching_optimizer(batching(1000, -1)); }).find("arrival_rate_qps"), std::string::npos);
}

}  // namespace
}  // namespace mlsysim
