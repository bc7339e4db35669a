// ServingCapacityModel: replicas for a QPS at a P99 target.
#include "api/spec_builder.hpp"
#include "solvers/serving_capacity.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& serving_capacity_result() {
  static const ResultSpec spec = [] {
    using R = ServingCapacityResult;
    ResultBuilder<R> r("ServingCapacityResult", "Replicas an LLM deployment needs for a QPS at a P99 target");
    r.field("feasible", &R::feasible, "feasible", "some replica count up to max_replicas meets the target");
    r.field("required_replicas", &R::required_replicas, "required_replicas",
            "the fewest replicas that meet the target (none when no count up to max_replicas does)");
    r.field("qps_target_per_s", &R::qps_target_per_s, "qps_target", "the arrival rate asked for, queries per second")
        .unit("1/s");
    r.field("qps_capacity_per_s", &R::qps_capacity_per_s, "qps_capacity",
            "queries per second of the replicas found (max_replicas when none suffices)")
        .unit("1/s");
    r.field("per_replica_qps_capacity_per_s", &R::per_replica_qps_capacity_per_s, "per_replica_qps_capacity",
            "one replica's token throughput / output tokens")
        .unit("1/s");
    r.field("utilization", &R::utilization, "utilization", "target / capacity (a fraction; infinite with none)")
        .dimensionless()
        .infinite_allowed();
    r.field("target_p99_latency_s", &R::target_p99_latency_s, "target_p99_latency", "the P99 target").unit("ms");
    r.field("estimated_p99_latency_s", &R::estimated_p99_latency_s, "estimated_p99_latency",
            "request latency + P99 queue wait at that count")
        .unit("ms")
        .infinite_allowed();
    r.field("base_request_latency_s", &R::base_request_latency_s, "base_request_latency",
            "TTFT + ITL x output tokens, without queueing")
        .unit("ms");
    r.field("queue_wait_p99_s", &R::queue_wait_p99_s, "queue_wait_p99", "P99 wait in the queue")
        .unit("ms")
        .infinite_allowed();
    r.field("active_batch_size", &R::active_batch_size, "active_batch_size", "concurrent requests per replica");
    r.field("ttft_s", &R::ttft_s, "ttft", "time to first token at that batch").unit("ms");
    r.field("itl_s", &R::itl_s, "itl", "inter-token latency at that batch").unit("ms");
    r.field("bottleneck", &R::bottleneck, "bottleneck",
            "what binds: Memory, Capacity, Tail Latency, Base Latency, or none");
    r.field("constraint_trace", &R::trace, "constraint_trace", "capacity and tail latency, with their numbers");
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_ServingCapacityModel() {
  static const SolverSpec spec = [] {
    using In = ServingCapacityInputs;
    SolverBuilder<In, ServingCapacityResult> s(
        "ServingCapacityModel", solve_serving_capacity, serving_capacity_result(),
        "Capacity planning: replicas an LLM needs for a QPS at a P99 latency target");
    s.walls({7});
    s.input("model", &In::model, "transformer to serve").required("Llama3_8B");
    s.input("hardware", &In::hardware, "one replica's accelerator").required("H100");
    s.input("qps", &In::qps, "target arrival rate, queries per second (> 0)").required("50");
    s.input("target_p99_latency_ms", &In::target_p99_latency_s, "end-to-end P99 target (> 0)")
        .quantity(Dimension::Seconds, "ms")
        .required("5000");
    s.input("max_seq_len", &In::max_seq_len, "longest context a request reaches (>= 1)");
    s.input("mean_request_tokens", &In::mean_request_tokens,
            "mean KV tokens a request fills, in (0, max_seq_len] (none: max length)");
    s.input("output_tokens", &In::output_tokens, "tokens generated per request (>= 1)");
    s.input("max_batch_size", &In::max_batch_size, "cap on concurrent requests per replica (>= 1)");
    s.input("precision", &In::precision, "numeric precision of weights and KV cache");
    s.input("efficiency", &In::efficiency, "achieved fraction of peak compute, in [1e-9, 1]");
    s.input("max_replicas", &In::max_replicas, "largest replica count searched (>= 1)");
    s.input("service_time_cv", &In::service_time_cv, "coefficient of variation of service time (>= 0)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
