#pragma once
// PlacementOptimizer: the grid region where a fleet's run costs least once
// carbon has a price. Each candidate's objective is EconomicsModel's TCO plus
// its carbon in tonnes x the carbon tax; the candidates are ranked by it.
// See docs/solvers/placement_optimizer.md.
#include <string>
#include <vector>

#include "solvers/economics.hpp"

namespace mlsysim {

struct PlacementCandidate {
  std::string region;        // the grid's registry key
  double tco_usd = 0;
  double carbon_t = 0;       // tonnes CO2e
  double pue = 1;
  double objective_usd = 0;  // TCO + carbon x tax
};

struct PlacementInputs {
  const Fleet* fleet = nullptr;  // required
  double duration_s = 0;         // required (>= 0); a bare number is days
  GridList regions = {{"US_Avg", "Quebec", "Iowa"}, {}};  // candidate grids
  double carbon_tax_per_ton = 100.0;  // USD per tonne CO2e (>= 0)
  double mfu = 1.0;
};

struct PlacementResult {
  PlacementCandidate best;
  std::vector<PlacementCandidate> candidates;  // best first (ties keep the order given)
};

PlacementResult solve_placement(const PlacementInputs& in);

}  // namespace mlsysim
