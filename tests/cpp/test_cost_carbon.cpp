// Sustainability, economics and placement: the goldens (TG-06, TG-07, T07, E10, E11 on 0.3.0's
// $25,000 H100), invariants, and bad input.
#include "serving_fixtures.hpp"
#include "solvers/economics.hpp"
#include "solvers/placement_optimizer.hpp"
#include "solvers/sustainability.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::expect_rel;
using testing::reg;

constexpr double kDay = 86400, kKwh = 3.6e6;

SustainabilityResult footprint(const Fleet& f, double days, const char* site = nullptr, double mfu = 1.0) {
  SustainabilityInputs in{&f, days * kDay};
  if (site) in.datacenter = reg().site(site);
  in.mfu = mfu;
  return solve_sustainability(in);
}

TEST(Sustainability, TG06_Research256OneDay) {
  const auto r = footprint(reg().cluster("Research_256"), 1, nullptr, 0.45);
  expect_rel(r.it_energy_j / kKwh, 2644.992, 1e-12);
  expect_rel(r.total_energy_j / kKwh, 2962.3910400000004, 1e-12);
  expect_rel(r.carbon_footprint_kg, 1270.8657561600003, 1e-12);
  expect_rel(r.water_usage_l, 5332.303872000001, 1e-12);
  EXPECT_EQ(r.pue, 1.12);
  EXPECT_EQ(r.region_name, "US Average");
}

TEST(Sustainability, T07_GridsAndTheirDatacenters) {
  const Fleet& f = reg().cluster("Research_256");
  // T07-02 at its printed precision: MWh, t CO2, PUE
  EXPECT_NEAR(footprint(f, 30, "Quebec").total_energy_j / 3.6e9, 136.8, 0.05);
  EXPECT_NEAR(footprint(f, 30, "Quebec").carbon_footprint_kg / 1e3, 2.7, 0.05);
  EXPECT_NEAR(footprint(f, 30, "Poland").carbon_footprint_kg / 1e3, 167.2, 0.05);
  EXPECT_NEAR(footprint(f, 30, "US_Avg").water_usage_l / 1e3, 260.1, 0.05);
  EXPECT_EQ(footprint(f, 30, "Poland").pue, 1.58);
  // a registry datacenter is its grid at the grid's PUE
  const auto grid = footprint(f, 30, "Quebec"), campus = footprint(f, 30, "Quebec_Hydro");
  EXPECT_EQ(grid.carbon_footprint_kg, campus.carbon_footprint_kg);
  EXPECT_EQ(campus.region_name, "Quebec (Hydro)");
}

TEST(Sustainability, EX09_PueOverrideAndEmbodiedCarbon) {
  Fleet f = reg().cluster("Research_256");
  f.count = 64;
  SustainabilityInputs in{&f, 30 * kDay};
  Datacenter dc = Datacenter::of_grid(reg().grid("Poland"));
  dc.pue_override = 1.06;
  in.datacenter = dc;
  const auto r = solve_sustainability(in);
  EXPECT_EQ(r.pue, 1.06);
  EXPECT_NEAR(r.total_energy_j / 3.6e9, 273.5, 0.05);
  EXPECT_NEAR(r.carbon_footprint_kg / 1e3, 224.3, 0.05);
  in.embodied_carbon_per_device_kg = 1000;
  EXPECT_EQ(solve_sustainability(in).embodied_carbon_kg, 512 * 1000.0);
  expect_rel(solve_sustainability(in).carbon_footprint_kg, r.carbon_footprint_kg + 512e3, 1e-15);
}

TEST(Sustainability, PowerIsIdlePlusMfuShare) {
  const Fleet& f = reg().cluster("Research_256");
  const double idle = footprint(f, 1, nullptr, 0).it_power_w, full = footprint(f, 1, nullptr, 1).it_power_w;
  expect_rel(idle, 256 * 700 * 0.3, 1e-15);
  expect_rel(full, 256 * 700.0, 1e-15);
  EXPECT_EQ(footprint(f, 0).total_energy_j, 0.0);
}

TEST(Sustainability, BadInput) {
  const Fleet& f = reg().cluster("Research_256");
  EXPECT_NE(error_of([&] { footprint(f, -1); }).find("duration_days must be >= 0, got -1.0 day"), std::string::npos);
  EXPECT_NE(error_of([&] { footprint(f, 1, nullptr, 1.5); }).find("mfu"), std::string::npos);
  EXPECT_NE(error_of([&] { solve_sustainability({&f, kDay, {}, 1.0, -5}); }).find("embodied_carbon_per_device"),
            std::string::npos);
  EXPECT_NE(error_of([&] { reg().site("Qubec"); }).find("Quebec"), std::string::npos);
}

EconomicsResult cost(const Fleet& f, double days, double mfu = 1.0, const char* grid = nullptr) {
  EconomicsInputs in{&f, days * kDay};
  in.mfu = mfu;
  if (grid) in.grid = reg().site(grid);
  return solve_economics(in);
}

TEST(Economics, TG07_Research256OneDay) {
  const auto r = cost(reg().cluster("Research_256"), 1, 0.45);
  expect_rel(r.capex_usd, 5844.748858447489, 1e-12);
  expect_rel(r.opex_energy_usd, 355.48692480000005, 1e-12);
  expect_rel(r.opex_maintenance_usd, 876.7123287671233, 1e-12);
  expect_rel(r.total_opex_usd, 1232.1992535671234, 1e-12);
  expect_rel(r.tco_usd, 7076.948112014612, 1e-12);
  expect_rel(r.footprint.carbon_footprint_kg, 1270.8657561600003, 1e-12);
}

TEST(Economics, T07_04_TcoByGrid) {
  const Fleet& f = reg().cluster("Research_256");
  EXPECT_NEAR(cost(f, 30, 1, "Quebec").tco_usd, 218056, 0.5);
  EXPECT_NEAR(cost(f, 30, 1, "US_Avg").tco_usd, 218985, 0.5);
  EXPECT_NEAR(cost(f, 30, 1, "Poland").tco_usd, 226107, 0.5);
}

TEST(Economics, E10_OneH100ForAYear) {
  Fleet one = reg().cluster("Research_256");
  Node node = *one.node;
  node.accelerators_per_node = 1;
  one.node = &node;
  one.count = 1;
  const auto r = cost(one, 365);
  expect_rel(r.footprint.it_energy_j / kKwh, 6132, 1e-12);
  expect_rel(r.footprint.carbon_footprint_kg, 2946.30336, 1e-12);
  expect_rel(r.opex_energy_usd, 824.1408, 1e-12);
  // E10's CapEx and maintenance are for a $30,000 H100; 0.3.0's registry has $25,000.
  expect_rel(r.capex_usd, 25000.0 / 3, 1e-12);
  expect_rel(r.opex_maintenance_usd, 1250, 1e-12);
}

TEST(Economics, AmortisationAndMultiplier) {
  const Fleet& f = reg().cluster("Research_256");
  EconomicsInputs in{&f, 365 * kDay};
  in.amortization_years = 1;
  in.infrastructure_multiplier = 2;
  const auto r = solve_economics(in);
  expect_rel(r.capex_usd, 256 * 25000.0 * 2, 1e-12);  // a year written off in a year
  EXPECT_NE(error_of([&] { in.amortization_years = 0; solve_economics(in); }).find("amortization_years must be > 0"),
            std::string::npos);
  in.amortization_years = 3;
  EXPECT_NE(error_of([&] { in.kwh_price = -0.1; solve_economics(in); }).find("kwh_price must be >= 0"), std::string::npos);
  in.kwh_price.reset();
  EXPECT_NE(error_of([&] { in.duration_s = -kDay; solve_economics(in); }).find("duration_days"), std::string::npos);
}

TEST(Placement, E11_PicksQuebec) {
  PlacementInputs in{&reg().cluster("Research_256"), 30 * kDay};
  const auto r = solve_placement(in);
  EXPECT_EQ(r.best.region, "Quebec");
  ASSERT_EQ(r.candidates.size(), 3u);
  EXPECT_EQ(r.candidates[1].region, "US_Avg");
  EXPECT_EQ(r.candidates[2].region, "Iowa");
  EXPECT_NEAR(r.candidates[0].carbon_t, 2.73531, 1e-5);
  EXPECT_NEAR(r.candidates[2].carbon_t, 98.26468, 1e-5);
  expect_rel(r.best.objective_usd, r.best.tco_usd + r.best.carbon_t * 100, 1e-15);
}

TEST(Placement, TaxZeroRanksByTcoAlone) {
  PlacementInputs in{&reg().cluster("Research_256"), 30 * kDay};
  in.regions = {{"Poland", "France", "Quebec"}, {}};
  in.carbon_tax_per_ton = 0;
  const auto r = solve_placement(in);
  for (const auto& c : r.candidates) EXPECT_EQ(c.objective_usd, c.tco_usd);
  EXPECT_LE(r.candidates[0].tco_usd, r.candidates[1].tco_usd);
  in.carbon_tax_per_ton = -1;
  EXPECT_NE(error_of([&] { solve_placement(in); }).find("carbon_tax_per_ton must be >= 0"), std::string::npos);
  in.carbon_tax_per_ton = 100;
  in.regions = {{"Quebec", "Atlantis"}, {}};
  EXPECT_NE(error_of([&] { solve_placement(in); }).find("Atlantis"), std::string::npos);
}

}  // namespace
}  // namespace mlsysim
