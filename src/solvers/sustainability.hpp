#pragma once
// SustainabilityModel: the energy, carbon and water of running a fleet for a
// while. Each accelerator draws 0.3 TDP idle plus 0.7 TDP x MFU (energy
// proportionality); the facility multiplies IT energy by its PUE; carbon is
// facility energy x the grid's intensity (plus any embodied carbon per device);
// water is facility energy x the grid's WUE. See docs/solvers/sustainability.md.
#include <optional>
#include <string>
#include <vector>

#include "infra/datacenter.hpp"
#include "systems/fleet.hpp"

namespace mlsysim {

inline constexpr double kIdlePowerFraction = 0.30;     // of TDP, at zero utilisation
inline constexpr double kDynamicPowerFraction = 0.70;  // of TDP, scaled by MFU
// Facility PUE when neither a datacenter nor the fleet's region gives one: Microsoft's newest
// datacenter design PUE (Azure blog, 22 April 2022), the reference's FacilityCooling.BestAir.
inline constexpr double kDefaultFacilityPue = 1.12;
// TDP assumed for an accelerator whose datasheet lists none: the H100 SXM's 700 W, as the reference.
inline constexpr double kFallbackTdpW = 700.0;
// The grid assumed when neither a datacenter nor the fleet's region names one.
inline constexpr const char* kDefaultGrid = "US_Avg";

struct SustainabilityInputs {
  const Fleet* fleet = nullptr;           // required
  double duration_s = 0;                  // required (>= 0); a bare number is days
  std::optional<Datacenter> datacenter;   // a datacenter or a grid; default the fleet's region, else US average
  double mfu = 1.0;                       // in [0, 1]: drives the dynamic power
  double embodied_carbon_per_device_kg = 0.0;  // manufacturing carbon per accelerator (>= 0)
};

struct SustainabilityResult {
  double it_energy_j = 0;
  double total_energy_j = 0;   // facility energy: IT x PUE
  double carbon_footprint_kg = 0;  // operational + embodied
  double water_usage_l = 0;
  double pue = 1;
  std::string region_name;
  double embodied_carbon_kg = 0;
  double it_power_w = 0;       // the fleet's average IT power
  bool assumed_tdp = false;    // the accelerator lists no TDP: 700 W assumed

  std::vector<std::string> warnings() const;
};

SustainabilityResult solve_sustainability(const SustainabilityInputs& in);

}  // namespace mlsysim
