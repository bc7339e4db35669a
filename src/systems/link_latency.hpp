#pragma once
// Per-message latency (the alpha of the alpha-beta model) of a node's scale-up
// link and of a fabric, with the reference's technology-class fallbacks.
#include "systems/fleet.hpp"

namespace mlsysim {

inline constexpr double kNvlinkClassLatencyS = 500e-9;   // Hardware.Tech NVLink class figure
inline constexpr double kInfinibandNdrLatencyS = 5e-6;   // the registry's InfiniBand_NDR fabric (a test pins it)

// The accelerator's NVLink latency, else the NVLink class figure.
inline double intra_node_latency_s(const Node& node) {
  const auto& nvlink = node.accelerator->nvlink;
  return nvlink && nvlink->latency_s ? *nvlink->latency_s : kNvlinkClassLatencyS;
}

// The fabric's latency, else InfiniBand NDR's.
inline double inter_node_latency_s(const NetworkFabric& fabric) {
  return fabric.latency_s ? *fabric.latency_s : kInfinibandNdrLatencyS;
}

}  // namespace mlsysim
