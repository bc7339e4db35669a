// BatchingOptimizer: the largest batch that meets a P99 SLA.
#include "api/spec_builder.hpp"
#include "solvers/batching_optimizer.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& batching_optimizer_result() {
  static const ResultSpec spec = [] {
    using R = BatchingOptimizerResult;
    ResultBuilder<R> r("BatchingOptimizerResult", "The largest batch that fits and meets a P99 latency SLA");
    r.field("objective_value", &R::objective_value, "objective_value",
            "the optimised value: the offered token rate (0 when no batch is feasible)")
        .dimensionless();
    r.computed("best_config", [](const R& x) { return x.best_config(); }, "best_config", "{max_batch_size: b}");
    r.field("total_searched", &R::total_searched, "total_searched", "batch sizes tried");
    r.field("best_batch_size", &R::best_batch_size, "best_batch_size", "the largest feasible batch (0: none)");
    r.field("max_throughput_tokens_per_s", &R::max_throughput_tokens_per_s, "max_throughput",
            "arrival rate x seq_len: the offered demand, not a capacity")
        .unit("1/s");
    r.field("p99_latency_s", &R::p99_latency_s, "p99_latency", "P99 latency at the best batch").unit("ms");
    r.field("slo_headroom_ratio", &R::slo_headroom_ratio, "slo_headroom_ratio",
            "P99 wait / (5 x service time) at the best batch")
        .dimensionless();
    r.field("is_feasible", &R::is_feasible, "is_feasible", "some batch meets the SLA");
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_BatchingOptimizer() {
  static const SolverSpec spec = [] {
    using In = BatchingOptimizerInputs;
    SolverBuilder<In, BatchingOptimizerResult> s("BatchingOptimizer", solve_batching_optimizer,
                                                 batching_optimizer_result(),
                                                 "Largest batch size that fits and meets a P99 SLA at a given QPS");
    s.walls({5});
    s.input("model", &In::model, "transformer to serve").required("Llama3_8B");
    s.input("hardware", &In::hardware, "accelerator").required("H100");
    s.input("seq_len", &In::seq_len, "tokens generated per request (>= 1)").required("128");
    s.input("sla_latency_ms", &In::sla_latency_s, "P99 latency SLA (> 0)").quantity(Dimension::Seconds, "ms").required("5000");
    s.input("arrival_rate_qps", &In::arrival_rate_qps, "requests per second (>= 0)").required("10");
    s.input("num_replicas", &In::num_replicas, "serving replicas, c (>= 1)");
    s.input("precision", &In::precision, "numeric precision");
    s.input("efficiency", &In::efficiency, "achieved fraction of peak compute, in (0, 1]");
    s.input("max_search_batch", &In::max_search_batch, "largest batch tried (>= 1)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
