#include "physics/queueing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlsysim {

QueueWaits mmc_queue_waits(double lam, double mu, long long c) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const double capacity = static_cast<double>(c) * mu;
  if (lam >= capacity || mu == 0) return {mu == 0 ? inf : lam / capacity, inf, inf};

  const double rho = lam / capacity;
  const double a = static_cast<double>(c) * rho;  // offered load in Erlangs
  // Erlang C: P_wait = T_c / (sum_{i<c} a^i/i! + T_c), T_c = a^c / (c! (1 - rho)),
  // every term as its logarithm and summed by log-sum-exp.
  const double log_a = std::log(a);
  const double log_last = static_cast<double>(c) * log_a - std::lgamma(static_cast<double>(c) + 1) - std::log(1 - rho);
  // The terms a^i/i! are a Poisson shape around i = a: beyond 12 standard
  // deviations they are below 1e-31 of the peak, so only that window is summed
  // (O(sqrt(a)) instead of O(c): a pool of a billion servers is no slower).
  const double spread = 12 * std::sqrt(a) + 20;
  const long long lo = static_cast<long long>(std::max(0.0, std::floor(a - spread)));
  const long long hi = static_cast<long long>(std::min(static_cast<double>(c), std::ceil(a + spread) + 1));
  // One pass: a running maximum, rescaling the sum when it grows.
  double max_log = log_last, sum_exp = 1.0;  // the T_c term
  for (long long i = lo; i < hi; ++i) {
    const double t = a > 0 ? static_cast<double>(i) * log_a - std::lgamma(static_cast<double>(i) + 1)
                           : (i > 0 ? -inf : 0.0);
    if (t > max_log) {
      sum_exp = sum_exp * std::exp(max_log - t) + 1.0;
      max_log = t;
    } else {
      sum_exp += std::exp(t - max_log);
    }
  }
  double p_wait = std::exp(log_last - max_log) / sum_exp;
  if (std::isnan(p_wait) || std::isinf(p_wait)) p_wait = rho;  // numerical breakdown: a monotone proxy
  p_wait = std::clamp(p_wait, 0.0, 1.0);

  const double rate = capacity * (1 - rho);
  const double p50 = p_wait < 0.5 ? 0.0 : std::max(0.0, -std::log(0.5 / p_wait) / rate);
  const double p99 = p_wait < 0.01 ? 0.0 : std::max(0.0, -std::log(0.01 / p_wait) / rate);
  return {rho, p50, p99};
}

}  // namespace mlsysim
