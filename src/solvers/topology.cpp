#include "solvers/topology.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"

namespace mlsysim {

const char* topology_name(Topology t) {
  switch (t) {
    case Topology::FatTree: return "fat_tree";
    case Topology::Dragonfly: return "dragonfly";
    case Topology::Torus3d: return "torus_3d";
    case Topology::Ring: return "ring";
  }
  return "fat_tree";
}

double bisection_fraction(Topology t, long long num_nodes) {
  const double n = static_cast<double>(num_nodes);
  switch (t) {
    case Topology::FatTree: return 1.0;
    case Topology::Dragonfly: return 0.85;
    case Topology::Ring: return std::min(1.0, 2.0 / n);  // the cut severs 2 of N links
    case Topology::Torus3d: return std::min(1.0, 2.0 * std::pow(n, -1.0 / 3.0));  // 2·N^(2/3) of N/2
  }
  return 1.0;
}

TopologyResult solve_topology(const TopologyInputs& in) {
  if (!in.fabric) throw InputError("fabric is required");
  require_count_at_least(in.num_nodes, 1, "num_nodes");
  const NetworkFabric& f = *in.fabric;
  const double n = static_cast<double>(in.num_nodes);
  TopologyResult r;
  r.topology = in.topology;
  r.num_nodes = in.num_nodes;
  r.bisection_bw_fraction = bisection_fraction(in.topology, in.num_nodes);
  r.effective_bw_bytes_per_s = f.bandwidth_bytes_per_s * r.bisection_bw_fraction / f.oversubscription_ratio;
  r.bisection_bw_bytes_per_s = f.bandwidth_bytes_per_s * r.bisection_bw_fraction * n / 2 / f.oversubscription_ratio;
  switch (in.topology) {
    case Topology::FatTree: r.hops_avg = 4; break;    // 2 up + 2 down in a 3-level tree
    case Topology::Dragonfly: r.hops_avg = 3; break;  // local + global + local
    case Topology::Torus3d: r.hops_avg = 0.75 * std::pow(n, 1.0 / 3.0); break;
    case Topology::Ring: r.hops_avg = n / 4.0; break;
  }
  return r;
}

}  // namespace mlsysim
