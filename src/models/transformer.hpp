#pragma once
// What the serving solvers need to know about a transformer: its KV cache
// (grouped-query heads, or multi-head latent attention's compressed latent),
// the attention geometry of its prefill, and the parameters its FLOPs count.
#include <string>

#include "models/workload.hpp"

namespace mlsysim {

// Throws InputError unless `w` is a transformer (dense or sparse): "model:
// 'ResNet50' is a cnn; ServingModel needs a transformer". `solver` names the caller.
void require_transformer(const Workload& w, const std::string& solver, const char* input = "model");

// KV-cache bytes for `seq_len` tokens of `batch` requests at `bytes_per_elem`:
// 2·L·H_kv·d·S·B·b, or L·(kv_lora_rank + qk_rope_head_dim)·S·B·b for a model
// with multi-head latent attention. H_kv is kv_heads (grouped-query attention)
// or heads; d is head_dim or hidden/heads (hidden 4096 and 32 heads when unknown).
// Integer products are exact, as the reference's Python ints are.
double kv_cache_bytes(const Workload& w, long long seq_len, long long batch, double bytes_per_elem);

// The geometry the prefill attention term uses: layers (1 when unknown),
// heads (32), and (hidden 4096) // heads, floor division as in the reference.
struct PrefillShape {
  long long layers, heads, head_dim;
};
PrefillShape prefill_shape(const Workload& w);

// 4·L·H·d·new_tokens·context·batch attention FLOPs of a prefill (QK^T and AV,
// 2 FLOPs per MAC), computed exactly in integers and rounded once.
double prefill_attention_flops(const PrefillShape& s, long long new_tokens, long long context, long long batch);

// The parameters a token's matrix multiplies touch: all of them for a dense
// model, the active ones for a mixture-of-experts (sparse) model.
double flop_parameters(const Workload& w);

}  // namespace mlsysim
