#include "models/transformer.hpp"

#include "core/errors.hpp"
#include "core/printable.hpp"
#include "core/pyfloat.hpp"

namespace mlsysim {

namespace {
constexpr long long kDefaultHidden = 4096;  // the reference's fallbacks for missing geometry
constexpr long long kDefaultHeads = 32;

long long or_default(const std::optional<int>& v, long long fallback) { return v && *v != 0 ? *v : fallback; }

}  // namespace

void require_transformer(const Workload& w, const std::string& solver, const char* input) {
  if (!w.is_transformer())
    throw InputError(std::string(input) + ": " + in_quotes(w.key) + " is a " + workload_kind_name(w.kind) + "; " +
                     solver + " needs a transformer (SingleNodeModel and 'mlsysim eval' take any model)");
  if (!w.layers || *w.layers < 1) throw InputError(solver + ": model " + in_quotes(w.key) + " has no layer count");
  if (!w.parameters) throw InputError(solver + ": model " + in_quotes(w.key) + " has no parameter count");
}

double kv_cache_bytes(const Workload& w, long long seq_len, long long batch, double bytes_per_elem) {
  const long long layers = w.layers.value_or(1);
  if (w.kv_lora_rank && w.qk_rope_head_dim) {
    const long long latent = static_cast<long long>(*w.kv_lora_rank) + *w.qk_rope_head_dim;
    return exact_product({layers, latent, seq_len, batch}) * bytes_per_elem;
  }
  const long long hidden = or_default(w.hidden_dim, kDefaultHidden);
  const long long heads = or_default(w.heads, kDefaultHeads);
  const long long head_dim = w.head_dim && *w.head_dim ? *w.head_dim : hidden / heads;
  const long long kv_heads = or_default(w.kv_heads, heads);
  return exact_product({2, layers, kv_heads, head_dim, seq_len, batch}) * bytes_per_elem;
}

PrefillShape prefill_shape(const Workload& w) {
  PrefillShape s;
  s.layers = or_default(w.layers, 1);
  s.heads = or_default(w.heads, kDefaultHeads);
  s.head_dim = or_default(w.hidden_dim, kDefaultHidden) / s.heads;
  return s;
}

double prefill_attention_flops(const PrefillShape& s, long long new_tokens, long long context, long long batch) {
  return exact_product({4, s.layers, s.heads, s.head_dim, new_tokens, context, batch});
}

double flop_parameters(const Workload& w) {
  if (w.kind == WorkloadKind::SparseTransformer && w.active_parameters) return *w.active_parameters;
  return w.parameters.value_or(0);
}

}  // namespace mlsysim
