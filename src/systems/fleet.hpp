#pragma once
// Layer D: servers (nodes), the network between them (fabrics), and clusters.
#include <optional>
#include <string>

#include "core/source.hpp"
#include "hardware/hardware_node.hpp"
#include "infra/grid_profile.hpp"

namespace mlsysim {

struct NetworkFabric {
  std::string key, path, name;
  std::string topology = "fat-tree";
  double bandwidth_bytes_per_s = 0;
  std::optional<double> latency_s;
  double oversubscription_ratio = 1.0;
  Source source;
};

struct Node {
  std::string key, path, name;
  const HardwareNode* accelerator = nullptr;  // owned by the registry
  int accelerators_per_node = 1;
  double intra_node_bw_bytes_per_s = 0;
  int nics_per_node = 1;
  int psus_per_node = 2;
  int psu_redundancy = 0;  // spare PSUs (N+M: M); with any, one PSU failure does not stop the node
  Source source;

  // PSUs whose single failure stops the node: all of them without a spare, none with one (M + 1
  // concurrent failures in one repair window are ~1e-6 of the GPU and NIC rate, so dropped).
  int series_psus() const { return psu_redundancy > 0 ? 0 : psus_per_node; }
};

struct Fleet {
  std::string key, path, name;
  const Node* node = nullptr;            // owned by the registry
  int count = 1;                         // number of nodes
  const NetworkFabric* fabric = nullptr;
  const GridProfile* region = nullptr;   // optional
  std::optional<double> mtbf_hours;
  Source source;

  long long total_accelerators() const { return static_cast<long long>(count) * node->accelerators_per_node; }
};

}  // namespace mlsysim
