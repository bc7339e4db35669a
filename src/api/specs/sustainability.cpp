// SustainabilityModel and EconomicsModel: a fleet's energy, carbon, water and cost of ownership.
#include "api/spec_builder.hpp"
#include "solvers/economics.hpp"
#include "solvers/sustainability.hpp"

namespace mlsysim::api {

namespace {
// The footprint fields both results carry, under the reference's names. Carbon and water are
// plain floats (kg, litres) in the reference's results, and so in our Python.
template <typename R, typename Get>
void footprint_fields(ResultBuilder<R>& r, Get footprint) {
  r.computed("it_energy_j", [footprint](const R& x) { return footprint(x).it_energy_j; }, "it_energy_kwh",
             "accelerators x (0.3 + 0.7 MFU) TDP x duration")
      .unit("kWh");
  r.computed("total_energy_j", [footprint](const R& x) { return footprint(x).total_energy_j; }, "total_energy_kwh",
             "facility energy: IT energy x PUE")
      .unit("kWh");
  r.computed("carbon_footprint_kg", [footprint](const R& x) { return footprint(x).carbon_footprint_kg; },
             "carbon_footprint_kg", "facility kWh x grid kg CO2e/kWh, plus embodied carbon")
      .ref_unit("kg");
  r.computed("water_usage_l", [footprint](const R& x) { return footprint(x).water_usage_l; }, "water_usage_liters",
             "facility kWh x the grid's WUE (L/kWh)")
      .ref_unit("liter");
  r.computed("pue", [footprint](const R& x) { return footprint(x).pue; }, "pue",
             "the datacenter's, else the fleet region's, else 1.12")
      .dimensionless();
  r.computed("region_name", [footprint](const R& x) { return footprint(x).region_name; }, "region_name",
             "the grid whose carbon and water intensity apply");
}

const ResultSpec& sustainability_result() {
  static const ResultSpec spec = [] {
    using R = SustainabilityResult;
    ResultBuilder<R> r("SustainabilityResult", "A fleet's energy, carbon and water over a run");
    footprint_fields(r, [](const R& x) -> const R& { return x; });
    r.field("embodied_carbon_kg", &R::embodied_carbon_kg, "embodied_carbon_kg",
            "embodied carbon per device x accelerators")
        .ref_unit("kg");
    r.field("it_power_w", &R::it_power_w, "it_power", "the fleet's average IT power").unit("kW").extra();
    r.computed("warnings", [](const R& x) { return x.warnings(); }, "warnings", "an assumed TDP").extra();
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}

const ResultSpec& economics_result() {
  static const ResultSpec spec = [] {
    using R = EconomicsResult;
    ResultBuilder<R> r("EconomicsResult", "A fleet's cost of ownership over a run, with its footprint");
    r.field("capex_usd", &R::capex_usd, "capex_usd",
            "unit cost x accelerators x multiplier / amortisation years x days / 365")
        .ref_unit("USD");
    r.field("opex_energy_usd", &R::opex_energy_usd, "opex_energy_usd", "facility kWh x price per kWh")
        .ref_unit("USD");
    r.field("opex_maintenance_usd", &R::opex_maintenance_usd, "opex_maintenance_usd",
            "5 % of the full CapEx a year x days / 365")
        .ref_unit("USD");
    r.field("total_opex_usd", &R::total_opex_usd, "total_opex_usd", "energy + maintenance").ref_unit("USD");
    r.field("tco_usd", &R::tco_usd, "tco_usd", "CapEx share + OpEx").ref_unit("USD");
    footprint_fields(r, [](const R& x) -> const SustainabilityResult& { return x.footprint; });
    r.field("kwh_price", &R::kwh_price_usd, "kwh_price", "the electricity price used, USD per kWh")
        .dimensionless()
        .extra();
    r.computed("warnings", [](const R& x) { return x.warnings(); }, "warnings", "an assumed TDP, a missing unit cost")
        .extra();
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_SustainabilityModel() {
  static const SolverSpec spec = [] {
    using In = SustainabilityInputs;
    SolverBuilder<In, SustainabilityResult> s("SustainabilityModel", solve_sustainability, sustainability_result(),
                                              "Sustainability: a fleet's IT and facility energy, carbon and water");
    s.walls({18});
    s.input("fleet", &In::fleet, "cluster").required("Research_256");
    s.input("duration_days", &In::duration_s, "how long the fleet runs (>= 0)")
        .quantity(Dimension::Seconds, "day")
        .required("30");
    s.input("datacenter", &In::datacenter,
            "a datacenter or a grid (its PUE, carbon and water intensity); default the fleet's region, else US "
            "average at PUE 1.12");
    s.input("mfu", &In::mfu, "model FLOPs utilisation, in [0, 1]: the dynamic share of the power");
    s.input("embodied_carbon_per_device", &In::embodied_carbon_per_device_kg,
            "manufacturing carbon per accelerator, kg CO2e (>= 0)");
    return s.build();
  }();
  return spec;
}

const SolverSpec& spec_EconomicsModel() {
  static const SolverSpec spec = [] {
    using In = EconomicsInputs;
    SolverBuilder<In, EconomicsResult> s("EconomicsModel", solve_economics, economics_result(),
                                         "Economics: CapEx share, energy and maintenance OpEx, TCO of a fleet's run");
    s.walls({17});
    s.input("fleet", &In::fleet, "cluster").required("Research_256");
    s.input("duration_days", &In::duration_s, "how long the fleet runs (>= 0)")
        .quantity(Dimension::Seconds, "day")
        .required("30");
    s.input("kwh_price", &In::kwh_price, "electricity price, USD per kWh (>= 0); default 0.12");
    s.input("datacenter", &In::datacenter, "a datacenter or a grid for the energy (wins over grid)");
    s.input("grid", &In::grid, "a grid (or datacenter) for the energy when no datacenter is given");
    s.input("mfu", &In::mfu, "model FLOPs utilisation, in [0, 1]");
    s.input("amortization_years", &In::amortization_years, "straight-line CapEx write-off, 365-day years (> 0)");
    s.input("infrastructure_multiplier", &In::infrastructure_multiplier,
            "CapEx x this for networking, cooling, facility and staff (> 0; 2 to 2.5 for a full datacenter)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
