// TailLatencyModel: M/M/c queueing of a replica pool.
#include "api/spec_builder.hpp"
#include "solvers/tail_latency.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& tail_latency_result() {
  static const ResultSpec spec = [] {
    using R = TailLatencyResult;
    ResultBuilder<R> r("TailLatencyResult", "Median and tail latency of a replica pool under Poisson arrivals");
    r.field("p50_latency_s", &R::p50_latency_s, "p50_latency", "median queue wait + mean service time")
        .unit("ms")
        .infinite_allowed();
    r.field("p99_latency_s", &R::p99_latency_s, "p99_latency", "99th-percentile queue wait + mean service time")
        .unit("ms")
        .infinite_allowed();
    r.field("queue_utilization", &R::queue_utilization, "queue_utilization",
            "offered load rho = arrivals / (replicas x service rate); 1 or more is unstable")
        .dimensionless()
        .infinite_allowed();
    r.field("is_stable", &R::is_stable, "is_stable", "rho < 1");
    r.field("slo_headroom_ratio", &R::slo_headroom_ratio, "slo_headroom_ratio",
            "P99 wait / (5 x service time); above 1 violates (1 when unstable)")
        .dimensionless();
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_TailLatencyModel() {
  static const SolverSpec spec = [] {
    using In = TailLatencyInputs;
    SolverBuilder<In, TailLatencyResult> s("TailLatencyModel", solve_tail_latency, tail_latency_result(),
                                           "Queueing: P50/P99 latency and stability of an M/M/c replica pool");
    s.walls({7});
    s.input("arrival_rate_qps", &In::arrival_rate_qps, "requests per second (>= 0)").required("100");
    s.input("service_latency_ms", &In::service_latency_s, "mean service time per request (> 0)")
        .quantity(Dimension::Seconds, "ms")
        .required("20");
    s.input("num_replicas", &In::num_replicas, "servers in the pool, c (>= 1)");
    s.input("service_time_cv", &In::service_time_cv,
            "coefficient of variation of service time (>= 0; 1 = exponential, Kingman correction otherwise)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
