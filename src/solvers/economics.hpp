#pragma once
// EconomicsModel: the total cost of owning and running a fleet for a while.
// CapEx (unit cost x accelerators x infrastructure multiplier) is written off
// straight-line over the amortisation years and charged for the period's share
// of a 365-day year; maintenance is 5 % of the full CapEx a year; energy is the
// facility energy of SustainabilityModel x the price per kWh.
// See docs/solvers/economics.md.
#include <optional>
#include <string>
#include <vector>

#include "solvers/sustainability.hpp"

namespace mlsysim {

// Illustrative US electricity rate (the reference's Pricing.Cloud.ElectricityPerKwh, 2024-25 order
// of magnitude, not a quote).
inline constexpr double kDefaultKwhPriceUsd = 0.12;
// Yearly maintenance as a fraction of CapEx (Barroso et al. 2018, The Datacenter as a Computer).
inline constexpr double kAnnualMaintenanceRatio = 0.05;

struct EconomicsInputs {
  const Fleet* fleet = nullptr;          // required
  double duration_s = 0;                 // required (>= 0); a bare number is days
  std::optional<double> kwh_price;       // USD per kWh (>= 0); default 0.12
  std::optional<Datacenter> datacenter;  // a datacenter or a grid
  std::optional<Datacenter> grid;        // used when no datacenter is given
  double mfu = 1.0;                      // in [0, 1]
  double amortization_years = 3.0;       // CapEx write-off horizon (> 0), in 365-day years
  double infrastructure_multiplier = 1.0;  // CapEx x this for network, cooling, facility (> 0)
};

struct EconomicsResult {
  double capex_usd = 0;             // the period's share of the amortised CapEx
  double opex_energy_usd = 0;
  double opex_maintenance_usd = 0;
  double total_opex_usd = 0;
  double tco_usd = 0;
  SustainabilityResult footprint;   // energy, carbon, water, PUE, region
  double kwh_price_usd = 0;         // the price used
  bool no_unit_cost = false;        // the accelerator lists no price: CapEx 0

  std::vector<std::string> warnings() const;
};

EconomicsResult solve_economics(const EconomicsInputs& in);

}  // namespace mlsysim
