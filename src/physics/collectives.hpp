#pragma once
// Collective-communication times in the alpha-beta model (Hockney): a message
// of M bytes over links of bandwidth beta (one direction, bytes/s) with a
// per-step latency alpha (s). Patarasuk & Mueller (2009) for the ring,
// Thakur et al. (2005) for tree and all-to-all. See docs/solvers/collectives.md.
namespace mlsysim {

// Ring all-reduce (reduce-scatter then all-gather): 2(N-1)/N · M/beta + 2(N-1) · alpha; 0 for N = 1.
double ring_allreduce_time(double message_bytes, long long ranks, double bandwidth_bytes_per_s, double latency_s);

// Ring all-gather or reduce-scatter (one phase of the ring): (N-1)/N · M/beta + (N-1) · alpha.
double ring_allgather_time(double message_bytes, long long ranks, double bandwidth_bytes_per_s, double latency_s);
inline double ring_reduce_scatter_time(double message_bytes, long long ranks, double bandwidth_bytes_per_s,
                                       double latency_s) {
  return ring_allgather_time(message_bytes, ranks, bandwidth_bytes_per_s, latency_s);
}

// Binary-tree all-reduce (reduce then broadcast): 2·ceil(log2 N) · (M/beta + alpha); 0 for N = 1.
double tree_allreduce_time(double message_bytes, long long ranks, double bandwidth_bytes_per_s, double latency_s);

// All-to-all, each rank holding M bytes: (N-1)/N · M/beta + (N-1) · alpha (0 for N = 1).
double all_to_all_time(double message_bytes, long long ranks, double bandwidth_bytes_per_s, double latency_s);

// Hierarchical all-reduce: ring reduce-scatter inside each node, a ring
// all-reduce of the M/g chunk across the nodes (one NIC per rank), ring
// all-gather inside each node.
struct HierarchicalLinks {
  double intra_bandwidth_bytes_per_s;
  double inter_bandwidth_bytes_per_s;
  double intra_latency_s = 500e-9;
  double inter_latency_s = 5e-6;
};
double hierarchical_allreduce_time(double message_bytes, long long nodes, long long ranks_per_node,
                                   const HierarchicalLinks& links);

}  // namespace mlsysim
