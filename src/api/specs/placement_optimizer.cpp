// PlacementOptimizer: the region where a fleet's run costs least with carbon priced.
#include "api/spec_builder.hpp"
#include "solvers/placement_optimizer.hpp"

namespace mlsysim::api {

namespace {
// One candidate, as the reference's plain dict {region, tco, carbon, pue, objective}.
const ResultSpec& candidate_result() {
  static const ResultSpec spec = [] {
    using C = PlacementCandidate;
    ResultBuilder<C> r("PlacementCandidate", "One region's cost");
    r.field("region", &C::region, "region", "the grid's key");
    r.field("tco_usd", &C::tco_usd, "tco", "EconomicsModel's TCO on this grid").ref_unit("USD");
    r.computed("carbon_kg", [](const C& c) { return c.carbon_t * 1000.0; }, "carbon", "carbon, in tonnes in Python")
        .ref_unit("t");
    r.field("pue", &C::pue, "pue", "the grid's PUE").dimensionless();
    r.field("objective_usd", &C::objective_usd, "objective", "TCO + tonnes x carbon tax").ref_unit("USD");
    return r.build();
  }();
  return spec;
}

const ResultSpec& placement_result() {
  static const ResultSpec spec = [] {
    using R = PlacementResult;
    ResultBuilder<R> r("PlacementOptimizerResult", "The region with the lowest TCO plus carbon tax");
    r.computed("objective_value", [](const R& p) { return p.best.objective_usd; }, "objective_value",
               "the best region's TCO + carbon tax, USD")
        .dimensionless();
    r.computed("best_config", [](const R& p) { return Record{{"region", Value(p.best.region)}}; }, "best_config",
               "{region: key}");
    r.computed("total_searched", [](const R& p) { return static_cast<long long>(p.candidates.size()); },
               "total_searched", "regions priced");
    r.computed("best_region", [](const R& p) { return p.best.region; }, "best_region", "the cheapest region's key");
    r.computed("lowest_tco_usd", [](const R& p) { return p.best.tco_usd; }, "lowest_tco",
               "the best region's TCO (without the tax)")
        .ref_unit("USD");
    r.computed("carbon_footprint_kg", [](const R& p) { return p.best.carbon_t * 1000.0; }, "carbon_footprint",
               "the best region's carbon, in tonnes in Python")
        .ref_unit("t");
    r.computed("pue", [](const R& p) { return p.best.pue; }, "pue", "the best region's PUE").dimensionless();
    r.list("top_candidates", &R::candidates, candidate_result(), "top_candidates", "every region, best first");
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_PlacementOptimizer() {
  static const SolverSpec spec = [] {
    using In = PlacementInputs;
    SolverBuilder<In, PlacementResult> s("PlacementOptimizer", solve_placement, placement_result(),
                                         "Placement: the grid region with the lowest TCO plus a carbon tax");
    s.input("fleet", &In::fleet, "cluster").required("Research_256");
    s.input("duration_days", &In::duration_s, "how long the fleet runs (>= 0)")
        .quantity(Dimension::Seconds, "day")
        .required("30");
    s.input("regions", &In::regions, "candidate grids");
    s.input("carbon_tax_per_ton", &In::carbon_tax_per_ton, "carbon price, USD per tonne CO2e (>= 0)");
    s.input("mfu", &In::mfu, "model FLOPs utilisation, in [0, 1]");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
