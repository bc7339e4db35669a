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
  Source source;
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
