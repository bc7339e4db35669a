#include "solvers/placement_optimizer.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "registry/registry.hpp"

namespace mlsysim {

PlacementResult solve_placement(const PlacementInputs& in) {
  require_nonnegative(in.carbon_tax_per_ton, "carbon_tax_per_ton");
  std::vector<const GridProfile*> grids = in.regions.grids;
  if (grids.empty())
    for (const std::string& name : in.regions.names) grids.push_back(&Registry::builtin().grid(name));
  if (grids.empty()) throw InputError("regions is empty; give at least one grid name");

  PlacementResult r;
  EconomicsInputs e;
  e.fleet = in.fleet;
  e.duration_s = in.duration_s;
  e.mfu = in.mfu;
  for (const GridProfile* g : grids) {
    e.grid = Datacenter::of_grid(*g);
    const EconomicsResult cost = solve_economics(e);
    PlacementCandidate c;
    c.region = g->key;
    c.tco_usd = cost.tco_usd;
    c.carbon_t = cost.footprint.carbon_footprint_kg / 1000.0;
    c.pue = cost.footprint.pue;
    c.objective_usd = cost.tco_usd + c.carbon_t * in.carbon_tax_per_ton;
    r.candidates.push_back(c);
  }
  std::stable_sort(r.candidates.begin(), r.candidates.end(),
                   [](const PlacementCandidate& a, const PlacementCandidate& b) { return a.objective_usd < b.objective_usd; });
  r.best = r.candidates.front();
  return r;
}

}  // namespace mlsysim
