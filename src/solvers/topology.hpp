#pragma once
// TopologyModel: what a network topology leaves of the link rate for
// collectives (Wall 10): the bisection fraction beta relative to a
// non-blocking fat tree (Leiserson 1985), dragonfly (Kim et al. 2008), 3-D
// torus and ring (Dally & Towles 2003), and the mean hop count.
// See docs/solvers/topology.md.
#include <string>

#include "systems/fleet.hpp"

namespace mlsysim {

enum class Topology { FatTree, Dragonfly, Torus3d, Ring };
const char* topology_name(Topology t);  // fat_tree, dragonfly, torus_3d, ring

struct TopologyInputs {
  const NetworkFabric* fabric = nullptr;
  Topology topology = Topology::FatTree;
  long long num_nodes = 64;  // >= 1
};

struct TopologyResult {
  double effective_bw_bytes_per_s = 0;  // link rate x beta / oversubscription
  double bisection_bw_bytes_per_s = 0;  // link rate x beta x N/2 / oversubscription (fat-tree link equivalents)
  double bisection_bw_fraction = 1;     // beta, at most 1
  double hops_avg = 4;
  Topology topology = Topology::FatTree;
  long long num_nodes = 64;
};

// beta: 1 (fat tree), 0.85 (dragonfly), 2/N (ring), 2·N^(-1/3) (3-D torus);
// at most 1, since no topology cuts more links than the non-blocking tree.
double bisection_fraction(Topology t, long long num_nodes);

// Throws InputError for num_nodes < 1.
TopologyResult solve_topology(const TopologyInputs& in);

}  // namespace mlsysim
