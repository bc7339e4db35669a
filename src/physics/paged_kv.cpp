#include "physics/paged_kv.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlsysim {

double capped_exponential_scale(double mean_tokens, double max_tokens) {
  const double rho = mean_tokens / max_tokens;
  if (rho >= 1.0) return std::numeric_limits<double>::infinity();
  // With t = S_max / mu the capped mean is (1 - e^-t) / t, decreasing from 1
  // to 0; bisect below t = 1 / rho (the reference's 100 steps).
  double lo = 0.0, hi = 1.0 / rho;
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (-std::expm1(-mid) / mid > rho) lo = mid;
    else hi = mid;
  }
  return max_tokens / (0.5 * (lo + hi));
}

PagedAllocation expected_paged_kv_tokens(double mean_request_tokens, long long max_seq_len, long long page_size) {
  const double mu = capped_exponential_scale(mean_request_tokens, static_cast<double>(max_seq_len));
  const long long max_blocks = (max_seq_len + page_size - 1) / page_size;
  double blocks;
  if (std::isinf(mu)) {
    blocks = static_cast<double>(max_blocks);
  } else {
    const double s = static_cast<double>(page_size) / mu;
    blocks = std::expm1(-static_cast<double>(max_blocks) * s) / std::expm1(-s);  // accurate when p << mu
  }
  const double allocated = static_cast<double>(page_size) * blocks;
  return {allocated, std::max(0.0, 1.0 - mean_request_tokens / allocated)};
}

}  // namespace mlsysim
