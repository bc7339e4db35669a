// ContinuousBatchingModel: static KV reservation vs PagedAttention.
#include "api/spec_builder.hpp"
#include "solvers/continuous_batching.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& continuous_batching_result() {
  static const ResultSpec spec = [] {
    using R = ContinuousBatchingResult;
    ResultBuilder<R> r("ContinuousBatchingResult",
                       "Concurrency and decode throughput under static and paged KV allocation");
    r.field("feasible", &R::feasible, "feasible", "at least one request fits beside the weights");
    r.field("throughput_tokens_per_s", &R::throughput_tokens_per_s, "throughput_tokens_per_sec",
            "paged decode throughput, tokens per second")
        .unit("1/s");
    r.field("max_active_requests", &R::max_active_requests, "max_active_requests", "concurrent requests, paged");
    r.field("static_throughput_tokens_per_s", &R::static_throughput_tokens_per_s, "static_throughput_tokens_per_sec",
            "decode throughput with max-length reservation")
        .unit("1/s");
    r.field("static_max_active_requests", &R::static_max_active_requests, "static_max_active_requests",
            "concurrent requests, static");
    r.field("mean_request_tokens", &R::mean_request_tokens, "mean_request_tokens", "mean KV tokens a request fills")
        .dimensionless();
    r.field("paged_internal_fragmentation", &R::paged_internal_fragmentation, "paged_internal_fragmentation",
            "unused fraction of paged allocations (the last blocks' tails)")
        .dimensionless();
    r.field("static_internal_fragmentation", &R::static_internal_fragmentation, "static_internal_fragmentation",
            "unused fraction of each max-length reservation")
        .dimensionless();
    r.field("paged_kv_cache_size_bytes", &R::paged_kv_cache_size_bytes, "paged_kv_cache_size", "KV allocated, paged")
        .unit("GB");
    r.field("static_kv_cache_size_bytes", &R::static_kv_cache_size_bytes, "static_kv_cache_size",
            "KV reserved, static")
        .unit("GB");
    r.field("ttft_s", &R::ttft_s, "ttft", "prefill of a full batch of max-length prompts").unit("ms");
    r.field("itl_s", &R::itl_s, "itl", "decode step at the paged concurrency (none when nothing fits)").unit("ms");
    r.field("speedup_vs_static", &R::speedup_vs_static, "speedup_vs_static",
            "paged over static throughput (infinite when static fits none)")
        .dimensionless()
        .infinite_allowed();
    r.field("constraint_trace", &R::trace, "constraint_trace", "the memory and batching walls, with their numbers");
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_ContinuousBatchingModel() {
  static const SolverSpec spec = [] {
    using In = ContinuousBatchingInputs;
    SolverBuilder<In, ContinuousBatchingResult> s(
        "ContinuousBatchingModel", solve_continuous_batching, continuous_batching_result(),
        "Continuous batching: static max-length KV reservation vs PagedAttention, concurrency and throughput");
    s.walls({5});
    s.input("model", &In::model, "transformer to serve").required("Llama3_8B");
    s.input("hardware", &In::hardware, "accelerator").required("H100");
    s.input("max_seq_len", &In::max_seq_len, "longest context a request reaches, prompt + generated (>= 1)")
        .required("8192");
    s.input("mean_request_tokens", &In::mean_request_tokens,
            "mean tokens a request fills, in (0, max_seq_len] (none: every request is max length)");
    s.input("max_batch_size", &In::max_batch_size, "scheduler cap on concurrent requests (>= 1)");
    s.input("page_size", &In::page_size, "PagedAttention block size in tokens (>= 1)");
    s.input("precision", &In::precision, "numeric precision of weights and KV cache");
    s.input("efficiency", &In::efficiency, "achieved fraction of peak compute in prefill, in [1e-9, 1]");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
