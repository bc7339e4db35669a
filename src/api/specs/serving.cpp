// ServingModel: prefill (TTFT) and decode (ITL) of an LLM request.
#include "api/specs/serving.hpp"

#include "api/spec_builder.hpp"
#include "solvers/serving.hpp"

namespace mlsysim::api {

const ResultSpec& serving_result() {
  static const ResultSpec spec = [] {
    using R = ServingResult;
    ResultBuilder<R> r("ServingResult", "Time to first token, inter-token latency and memory of an LLM request");
    r.field("feasible", &R::feasible, "feasible", "weights + KV cache (+ draft) fit on the decode hardware");
    r.field("ttft_s", &R::ttft_s, "ttft", "time to first token: prefill compute, dispatch, KV transfer").unit("ms");
    r.field("itl_s", &R::itl_s, "itl", "inter-token latency: weights + KV cache over bandwidth, layer tax").unit("ms");
    r.field("kv_cache_size_bytes", &R::kv_cache_size_bytes, "kv_cache_size", "KV cache of the whole context and batch")
        .unit("GB");
    r.field("model_weights_size_bytes", &R::model_weights_size_bytes, "model_weights_size", "weights at the precision")
        .unit("GB");
    r.field("total_memory_required_bytes", &R::total_memory_required_bytes, "total_memory_required",
            "weights + KV cache (+ draft weights)")
        .unit("GB");
    r.field("memory_utilization", &R::memory_utilization, "memory_utilization",
            "required / decode memory capacity (a fraction; above 1 does not fit)")
        .dimensionless();
    r.field("prompt_cache_hit_ratio", &R::prompt_cache_hit_ratio, "prompt_cache_hit_ratio",
            "cached prefix / context (a fraction)")
        .dimensionless();
    r.field("prefill_chunks", &R::prefill_chunks, "prefill_chunks", "prefill chunks (1 without chunked prefill)");
    r.field("prefill_chunk_time_s", &R::prefill_chunk_time_s, "prefill_chunk_time",
            "the slowest prefill chunk, dispatch included (chunked prefill only)")
        .unit("ms");
    r.field("decode_stall_bound_s", &R::decode_stall_bound_s, "decode_stall_bound",
            "longest a prefill chunk can stall a decode step (chunked prefill only)")
        .unit("ms");
    r.field("decode_throughput_tokens_per_s", &R::decode_throughput_tokens_per_s, "decode_throughput",
            "tokens per second of the batch in decode: batch / ITL")
        .unit("1/s")
        .extra();
    r.computed("constraint_trace", [](const R& x) { return x.constraint_trace(); }, "constraint_trace",
               "the memory wall, and the chunked-prefill stall bound");
    return r.build();
  }();
  return spec;
}

const SolverSpec& spec_ServingModel() {
  static const SolverSpec spec = [] {
    using In = ServingInputs;
    SolverBuilder<In, ServingResult> s("ServingModel", solve_serving, serving_result(),
                                       "LLM serving: prefill (TTFT) and decode (ITL), KV cache, memory fit");
    s.aliases({"serve"}).walls({4});
    s.input("model", &In::model, "transformer to serve").required("Llama3_8B");
    s.input("hardware", &In::hardware, "accelerator (the prefill node when decode_hardware is given)").required("H100");
    s.input("seq_len", &In::seq_len, "context length in tokens (>= 1)").required("2048");
    s.input("batch_size", &In::batch_size, "concurrent requests (>= 1)");
    s.input("precision", &In::precision, "numeric precision of weights and KV cache");
    s.input("efficiency", &In::efficiency, "achieved fraction of peak compute in prefill, in (0, 1]");
    s.input("decode_hardware", &In::decode_hardware, "decode node for disaggregated serving (none: same hardware)");
    s.input("network_bandwidth", &In::network_bandwidth_bytes_per_s,
            "prefill-to-decode link for the KV transfer (disaggregated only)")
        .quantity(Dimension::BytesPerSecond, "GB/s");
    s.input("draft_model", &In::draft_model, "draft model for speculative decoding (none: off)");
    s.input("draft_acceptance_rate", &In::draft_acceptance_rate, "draft tokens accepted per step, in [0, 1]");
    s.input("cached_prefix_len", &In::cached_prefix_len, "prompt tokens already in the KV cache, in [0, seq_len)");
    s.input("prefill_chunk_tokens", &In::prefill_chunk_tokens, "chunked prefill: tokens per chunk (none: off)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
