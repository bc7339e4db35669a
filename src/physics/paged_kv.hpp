#pragma once
// Request lengths and PagedAttention blocks (Kwon et al. 2023): lengths are
// exponential, cut off at the context window; a request of S tokens holds
// ceil(S / p) blocks of p tokens.
namespace mlsysim {

// The exponential scale mu whose capped mean mu·(1 - e^{-S_max/mu}) is
// `mean_tokens` (0 < mean <= max); infinite when mean == max (fixed length).
double capped_exponential_scale(double mean_tokens, double max_tokens);

struct PagedAllocation {
  double tokens_per_request;  // expected KV tokens allocated: p · E[ceil(S/p)]
  double internal_fragmentation;  // expected unused fraction of that allocation
};

// E[ceil(S/p)] = (1 - r^K)/(1 - r), r = e^{-p/mu}, K = ceil(S_max / p).
PagedAllocation expected_paged_kv_tokens(double mean_request_tokens, long long max_seq_len, long long page_size);

}  // namespace mlsysim
