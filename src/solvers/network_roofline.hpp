#pragma once
// NetworkRooflineModel: the roofline lifted to a cluster (the Network Wall).
// One data-parallel training step has two ceilings: compute (6·P FLOPs per
// sample over the fleet's peak × efficiency) and gradient synchronisation
// (2·P·bytes over the fabric's bisection rate); the slower binds. The
// communication intensity CI = FLOPs / sync bytes against the ridge
// peak / bandwidth says which. See docs/solvers/network_roofline.md.
#include "core/precision.hpp"
#include "models/workload.hpp"
#include "solvers/single_node.hpp"
#include "systems/fleet.hpp"

namespace mlsysim {

struct NetworkRooflineInputs {
  const Workload* model = nullptr;  // needs a parameter count
  const Fleet* fleet = nullptr;
  Precision precision = Precision::fp16;
  double efficiency = 0.5;
};

struct NetworkRooflineResult {
  PerformanceProfile profile;  // latency_memory is the network ceiling; bottleneck Network or Compute
  double ridge_flop_per_byte = 0;  // fleet peak / bisection bandwidth

  std::vector<std::string> constraint_trace() const;
};

NetworkRooflineResult solve_network_roofline(const NetworkRooflineInputs& in);

}  // namespace mlsysim
