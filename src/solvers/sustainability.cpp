#include "solvers/sustainability.hpp"

#include "core/errors.hpp"
#include "registry/registry.hpp"

namespace mlsysim {

std::vector<std::string> SustainabilityResult::warnings() const {
  if (!assumed_tdp) return {};
  return {"the accelerator lists no TDP: the H100's 700 W is assumed for its power"};
}

SustainabilityResult solve_sustainability(const SustainabilityInputs& in) {
  if (!in.fleet) throw InputError("fleet is required");
  require_nonnegative(in.duration_s, "duration_days", {1.0 / 86400, "day"});
  require_in_range(in.mfu, 0.0, 1.0, "mfu");
  require_nonnegative(in.embodied_carbon_per_device_kg, "embodied_carbon_per_device");

  // The facility: the one given, else the fleet's region; the grid: the facility's, else US average.
  const GridProfile* grid = in.datacenter ? in.datacenter->grid : in.fleet->region;
  if (!grid) grid = &Registry::builtin().grid(kDefaultGrid);
  const double pue = in.datacenter ? in.datacenter->pue() : in.fleet->region ? in.fleet->region->pue : kDefaultFacilityPue;

  SustainabilityResult r;
  const std::optional<double>& tdp = in.fleet->node->accelerator->tdp_w;
  r.assumed_tdp = !tdp;
  const double base_tdp = tdp ? *tdp : kFallbackTdpW;
  const double per_chip_w = base_tdp * kIdlePowerFraction + base_tdp * kDynamicPowerFraction * in.mfu;
  const double devices = static_cast<double>(in.fleet->total_accelerators());
  r.it_power_w = per_chip_w * devices;
  r.it_energy_j = r.it_power_w * in.duration_s;
  r.total_energy_j = r.it_energy_j * pue;
  const double facility_kwh = r.total_energy_j / 3.6e6;
  r.embodied_carbon_kg = in.embodied_carbon_per_device_kg * devices;
  r.carbon_footprint_kg = facility_kwh * (grid->carbon_intensity_g_per_kwh / 1000.0) + r.embodied_carbon_kg;
  r.water_usage_l = facility_kwh * grid->wue_l_per_kwh;
  r.pue = pue;
  r.region_name = grid->name;
  return r;
}

}  // namespace mlsysim
