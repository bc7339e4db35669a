// TailLatencyModel: M/M/1 closed forms, stability, Kingman, invariants.
#include <cmath>

#include "serving_fixtures.hpp"
#include "solvers/tail_latency.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::expect_rel;

TailLatencyResult tail(double qps, double service_ms, int replicas = 1, double cv = 1.0) {
  TailLatencyInputs in;
  in.arrival_rate_qps = qps;
  in.service_latency_s = service_ms * 1e-3;
  in.num_replicas = replicas;
  in.service_time_cv = cv;
  return solve_tail_latency(in);
}

// M/M/1: P(wait) = rho and the wait given a wait is exponential at mu(1 - rho).
TEST(TailLatency, MM1ClosedForm) {
  const double mu = 100, lam = 80, rho = 0.8;  // 10 ms service, 80 qps
  TailLatencyResult r = tail(lam, 10);
  expect_rel(r.queue_utilization, rho, 1e-12);
  EXPECT_TRUE(r.is_stable);
  const double rate = mu * (1 - rho);
  expect_rel(r.p50_latency_s, std::log(rho / 0.5) / rate + 0.010, 1e-9);
  expect_rel(r.p99_latency_s, std::log(rho / 0.01) / rate + 0.010, 1e-9);
  expect_rel(r.slo_headroom_ratio, (std::log(rho / 0.01) / rate) / 0.050, 1e-9);
}

TEST(TailLatency, UnstableQueueReportsTheOfferedLoad) {
  TailLatencyResult r = tail(120, 10);
  EXPECT_FALSE(r.is_stable);
  EXPECT_DOUBLE_EQ(r.queue_utilization, 1.2);  // 0.3.0 reports 1.0
  EXPECT_TRUE(std::isinf(r.p99_latency_s));
  EXPECT_EQ(r.slo_headroom_ratio, 1.0);
}

TEST(TailLatency, KingmanScalesTheWaits) {
  TailLatencyResult exp = tail(80, 10), det = tail(80, 10, 1, 0.0), bursty = tail(80, 10, 1, 2.0);
  expect_rel(det.p99_latency_s - 0.010, (exp.p99_latency_s - 0.010) * 0.5, 1e-12);
  expect_rel(bursty.p99_latency_s - 0.010, (exp.p99_latency_s - 0.010) * 2.5, 1e-12);
}

TEST(TailLatencyInvariants, MoreReplicasNeverRaiseP99) {
  double last = INFINITY;
  for (int c : {1, 2, 3, 5, 8, 13, 100, 1000, 5000}) {
    TailLatencyResult r = tail(900, 1000.0 / 1.0, c);  // 1 s service, 900 qps
    EXPECT_LE(r.p99_latency_s, last) << c;
    last = r.p99_latency_s;
  }
  EXPECT_TRUE(std::isfinite(last));
}

TEST(TailLatencyBadInput, OneClearErrorEach) {
  EXPECT_NE(error_of([] { tail(-1, 10); }).find("arrival_rate_qps must be >= 0"), std::string::npos);
  EXPECT_NE(error_of([] { tail(10, 0); }).find("service_latency_ms must be > 0"), std::string::npos);
  EXPECT_NE(error_of([] { tail(10, 10, 0); }).find("num_replicas must be >= 1"), std::string::npos);
  EXPECT_NE(error_of([] { tail(10, 10, 1, -1); }).find("service_time_cv"), std::string::npos);
  EXPECT_EQ(tail(0, 10).p99_latency_s, 0.010);  // no load, no wait
}

}  // namespace
}  // namespace mlsysim
