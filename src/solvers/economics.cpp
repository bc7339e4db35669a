#include "solvers/economics.hpp"

#include "core/errors.hpp"

namespace mlsysim {

namespace {
constexpr double kDayS = 86400.0, kYearDays = 365.0;
}

std::vector<std::string> EconomicsResult::warnings() const {
  std::vector<std::string> w = footprint.warnings();
  if (no_unit_cost) w.push_back("the accelerator lists no unit cost: CapEx and maintenance are 0");
  return w;
}

EconomicsResult solve_economics(const EconomicsInputs& in) {
  if (in.kwh_price) require_nonnegative(*in.kwh_price, "kwh_price");
  require_positive(in.amortization_years, "amortization_years");
  require_positive(in.infrastructure_multiplier, "infrastructure_multiplier");

  SustainabilityInputs energy;
  energy.fleet = in.fleet;
  energy.duration_s = in.duration_s;
  energy.datacenter = in.datacenter ? in.datacenter : in.grid;
  energy.mfu = in.mfu;
  EconomicsResult r;
  r.footprint = solve_sustainability(energy);

  r.kwh_price_usd = in.kwh_price.value_or(kDefaultKwhPriceUsd);
  r.opex_energy_usd = r.footprint.total_energy_j / 3.6e6 * r.kwh_price_usd;

  const std::optional<double>& unit_cost = in.fleet->node->accelerator->unit_cost_usd;
  r.no_unit_cost = !unit_cost;
  const double capex = unit_cost.value_or(0.0) * static_cast<double>(in.fleet->total_accelerators()) *
                       in.infrastructure_multiplier;
  const double period_years = in.duration_s / kDayS / kYearDays;
  r.capex_usd = capex / in.amortization_years * period_years;
  r.opex_maintenance_usd = capex * kAnnualMaintenanceRatio * period_years;
  r.total_opex_usd = r.opex_energy_usd + r.opex_maintenance_usd;
  r.tco_usd = r.capex_usd + r.opex_energy_usd + r.opex_maintenance_usd;
  return r;
}

}  // namespace mlsysim
