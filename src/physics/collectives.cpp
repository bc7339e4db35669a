#include "physics/collectives.hpp"

#include <cmath>

namespace mlsysim {

double ring_allreduce_time(double message_bytes, long long n, double bw, double alpha) {
  if (n <= 1) return 0;
  const double steps = static_cast<double>(n - 1);
  return 2 * steps / static_cast<double>(n) * message_bytes / bw + 2 * steps * alpha;
}

double ring_allgather_time(double message_bytes, long long n, double bw, double alpha) {
  if (n <= 1) return 0;
  const double steps = static_cast<double>(n - 1);
  return steps / static_cast<double>(n) * message_bytes / bw + steps * alpha;
}

double tree_allreduce_time(double message_bytes, long long n, double bw, double alpha) {
  if (n <= 1) return 0;
  const double depth = std::ceil(std::log2(static_cast<double>(n)));
  return 2 * depth * message_bytes / bw + 2 * depth * alpha;
}

double all_to_all_time(double message_bytes, long long n, double bw, double alpha) {
  const double steps = static_cast<double>(n - 1);
  return steps / static_cast<double>(n) * message_bytes / bw + steps * alpha;
}

double hierarchical_allreduce_time(double message_bytes, long long nodes, long long g, const HierarchicalLinks& l) {
  const double steps = static_cast<double>(g - 1), ranks = static_cast<double>(g);
  // Reduce-scatter and all-gather inside the node cost the same.
  const double intra_phase = steps / ranks * message_bytes / l.intra_bandwidth_bytes_per_s + steps * l.intra_latency_s;
  return intra_phase +
         ring_allreduce_time(message_bytes / ranks, nodes, l.inter_bandwidth_bytes_per_s, l.inter_latency_s) +
         intra_phase;
}

}  // namespace mlsysim
