#include "plan/scenario.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"
#include "core/units.hpp"
#include "registry/embedded_data.hpp"
#include "solvers/data_pipeline.hpp"
#include "solvers/distributed.hpp"
#include "solvers/economics.hpp"
#include "solvers/single_node.hpp"

namespace mlsysim {

namespace {

constexpr double kYearDays = 365;  // 0.3.0 scales every scenario to a year of operation

// 0.3.0's "{q.to(unit):.1f~P}": MB below 1 GB of weights, GB from there.
std::string megabytes_or_gigabytes(double bytes, bool in_gb) {
  return in_gb ? fmt::format("{:.1f} GB", bytes / 1e9) : fmt::format("{:.1f} MB", bytes / 1e6);
}


Metric quantity(std::string key, double value, std::string unit) {
  return {std::move(key), value, std::move(unit), MetricKind::Quantity};
}
Metric optional_quantity(std::string key, std::optional<double> value, std::string unit) {
  if (!value) return {std::move(key), 0, "", MetricKind::None};
  return quantity(std::move(key), *value, std::move(unit));
}

void check(const Scenario& s, int batch_size) {
  if (!s.model) throw InputError("scenario " + in_quotes(s.name) + ": a workload is required");
  if (!s.hardware && !s.fleet)
    throw InputError("scenario " + in_quotes(s.name) + ": a system (hardware or fleet) is required");
  if (batch_size < 1) throw InputError("batch_size must be >= 1, got " + std::to_string(batch_size));
  const auto non_negative = [&](const std::optional<double>& v, const char* what) {
    if (v && !(std::isfinite(*v) && *v >= 0))
      throw InputError(fmt::format("scenario {}: {} must be a finite number >= 0", in_quotes(s.name), what));
  };
  non_negative(s.sla_latency_s, "sla_latency");
  non_negative(s.power_budget_w, "power_budget");
  non_negative(s.data_rate_bytes_per_s, "data_rate");
}

// Level 1: the weights against one accelerator's memory, and the data pipeline against the rate.
EvaluationLevel feasibility(const Scenario& s, Precision precision, std::vector<WallReading>& walls) {
  const HardwareNode& hw = s.accelerator();
  const double weights = size_in_bytes(*s.model, bytes_per_element(precision));
  const double capacity = hw.memory.capacity_bytes;
  const bool fits = weights <= capacity;
  const bool in_gb = weights >= 1e9;
  std::string summary = fits ? "Model fits in memory (" + megabytes_or_gigabytes(weights, in_gb) + " / " +
                                   megabytes_or_gigabytes(capacity, in_gb) + ")"
                             : "OOM: Requires " + megabytes_or_gigabytes(weights, in_gb) + " but only has " +
                                   megabytes_or_gigabytes(capacity, in_gb);
  Metric stalled{"data_stalled", 0, "", MetricKind::Flag};
  if (s.data_rate_bytes_per_s) {
    DataInputs d;
    d.workload_data_rate_bytes_per_s = *s.data_rate_bytes_per_s;
    d.hardware = &hw;
    try {
      const DataResult r = solve_data(d);
      stalled.value = r.is_stalled;
      walls.push_back(wall_reading(8, r.utilization, ""));
      summary += r.is_stalled ? fmt::format(" | Data Wall: Pipeline Stalled ({:.1f}x capacity)", r.utilization)
                              : fmt::format(" | Data Pipeline: OK ({:.1f}%)", r.utilization * 100);
    } catch (const InputError&) {
      // 0.3.0 calls a device with no data path "stalled (infx capacity)"; there is nothing to
      // compare the rate with, so we say so and leave the verdict to the memory check.
      stalled = {"data_stalled", 0, "", MetricKind::None};
      summary += " | Data Pipeline: not assessed (" + hw.name + " lists no storage bandwidth or host link)";
    }
  }
  walls.push_back(wall_reading(2, weights / 1e9, "GB"));
  const bool data_ok = stalled.kind == MetricKind::None || stalled.value == 0;
  EvaluationLevel l{"Feasibility", fits && data_ok ? "PASS" : "FAIL", summary,
                    {quantity("weight_size", weights, "B"), quantity("capacity", capacity, "B"), stalled}};
  // 0.3.0 carries the power budget without checking it; we report the device's TDP beside it
  // (a peak: a duty-cycled device may average below it, so it informs and does not fail).
  if (s.power_budget_w) {
    l.metrics.push_back(quantity("power_budget", *s.power_budget_w, "W"));
    if (hw.tdp_w) l.metrics.push_back(quantity("tdp", *hw.tdp_w, "W"));
  }
  return l;
}

std::optional<std::string> power_note(const Scenario& s) {
  const HardwareNode& hw = s.accelerator();
  if (!s.power_budget_w || !hw.tdp_w) return std::nullopt;
  const bool over = *hw.tdp_w > *s.power_budget_w;
  return fmt::format("Power: TDP {:g} W {} the {:g} W budget{}", *hw.tdp_w, over ? "exceeds" : "is within",
                     *s.power_budget_w, over ? " (a peak: duty cycling may average below it)" : "");
}

std::string sla_text(const std::optional<double>& sla_s) {
  return sla_s ? fmt::format("{:g} ms", *sla_s * 1e3) : "N/A";
}

}  // namespace

SystemEvaluation evaluate_scenario(const Scenario& s, int batch_size, Precision precision) {
  check(s, batch_size);
  SystemEvaluation e;
  e.scenario_name = s.name;
  e.feasibility = feasibility(s, precision, e.walls);
  if (auto note = power_note(s)) e.notes.push_back(*note);

  // Level 2: the latency against the SLA.
  double latency_s = 0;
  if (s.fleet) {
    DistributedInputs d;
    d.model = s.model;
    d.fleet = s.fleet;
    d.batch_size = batch_size;
    d.precision = precision;
    const DistributedResult r = solve_distributed(d);
    latency_s = r.step_latency_total_s;
    e.walls.push_back(wall_reading(1, r.node_profile.profile.latency_compute_s * 1e3, "ms"));
    e.walls.push_back(wall_reading(14, r.communication_latency_s * 1e3, "ms"));
    e.performance.metrics = {quantity("latency", latency_s * 1e3, "ms"),
                             quantity("throughput", r.effective_throughput_per_s, "1/s"),
                             {"scaling_eff", r.scaling_efficiency},
                             {"mfu", r.node_profile.profile.mfu * r.scaling_efficiency},
                             {"node_mfu", r.node_profile.profile.mfu}};
  } else {
    SingleNodeInputs sn;
    sn.model = s.model;
    sn.hardware = s.hardware;
    sn.batch_size = batch_size;
    sn.precision = precision;
    const PerformanceProfile p = solve_single_node(sn);
    latency_s = p.latency_s;
    e.walls.push_back(wall_reading(1, p.latency_compute_s * 1e3, "ms"));
    e.performance.metrics = {quantity("latency", latency_s * 1e3, "ms"),
                             quantity("throughput", p.throughput_per_s, "1/s"),
                             {"bottleneck", 0, "", MetricKind::Text,
                              p.bottleneck == Bottleneck::Memory ? "Memory" : "Compute"}};
  }
  const std::optional<double> sla_ms = s.sla_latency_s ? std::optional(*s.sla_latency_s * 1e3) : std::nullopt;
  e.performance.metrics.push_back(optional_quantity("sla_latency", sla_ms, "ms"));
  e.performance.level_name = "Performance";
  e.performance.status = s.sla_latency_s && latency_s > *s.sla_latency_s ? "FAIL" : "PASS";
  e.performance.summary = fmt::format("Latency: {:.2f} ms (Target: {})", latency_s * 1e3, sla_text(s.sla_latency_s));

  // Level 3: a year of operation on the fleet, or on one node of one accelerator on 10 GbE.
  Node node;
  NetworkFabric ethernet;
  Fleet single;
  const Fleet* fleet = s.fleet;
  if (!fleet) {
    node.key = node.name = "Standard";
    node.accelerator = s.hardware;
    node.intra_node_bw_bytes_per_s = 50e9;
    ethernet = Registry::builtin().fabric("Ethernet_10G");
    single.key = single.name = "SimFleet";
    single.node = &node;
    single.fabric = &ethernet;
    fleet = &single;
  }
  EconomicsInputs c;
  c.fleet = fleet;
  c.duration_s = kYearDays * 86400;
  const EconomicsResult m = solve_economics(c);
  e.walls.push_back(wall_reading(17, m.tco_usd, "USD"));
  e.walls.push_back(wall_reading(18, m.footprint.carbon_footprint_kg / 1000.0, "t"));
  std::sort(e.walls.begin(), e.walls.end(), [](const WallReading& a, const WallReading& b) { return a.number < b.number; });
  e.macro = {"Macro", "PASS",
             fmt::format("Annual Carbon: {:.1f} kg | TCO: ${}", m.footprint.carbon_footprint_kg, grouped_thousands(m.tco_usd)),
             {{"carbon_kg", m.footprint.carbon_footprint_kg, "kg"}, {"tco_usd", m.tco_usd, "USD"}}};
  return e;
}

namespace {

std::optional<double> quantity_field(const nlohmann::ordered_json& e, const char* key, Dimension d, const std::string& where) {
  if (!e.contains(key)) return std::nullopt;
  return parse_quantity_as(e.at(key).get<std::string>(), d, where + "." + key);
}

std::vector<Scenario> load_scenarios() {
  const Registry& reg = Registry::builtin();
  std::vector<Scenario> out;
  for (const auto& f : registry::embedded_files()) {
    if (f.path != "data/scenarios/scenarios.json") continue;
    // Ordered: the registry's order. Named: the loop must not outlive it.
    const nlohmann::ordered_json doc = nlohmann::ordered_json::parse(f.content);
    for (const auto& [key, e] : doc.at("entries").items()) {
      const std::string where = "Scenarios." + key;
      Scenario s;
      s.key = key;
      s.name = e.at("name").get<std::string>();
      s.description = e.at("description").get<std::string>();
      s.application = e.value("application", "");
      s.model = &reg.model(e.at("workload").get<std::string>());
      s.workload_name = e.value("workload_name", s.model->name);
      if (e.contains("cluster")) s.fleet = &reg.cluster(e.at("cluster").get<std::string>());
      else s.hardware = &reg.hardware(e.at("hardware").get<std::string>());
      s.sla_latency_s = quantity_field(e, "sla_latency", Dimension::Seconds, where);
      s.power_budget_w = quantity_field(e, "power_budget", Dimension::Watts, where);
      s.data_rate_bytes_per_s = quantity_field(e, "data_rate", Dimension::BytesPerSecond, where);
      if (e.contains("target_accuracy")) s.target_accuracy = e.at("target_accuracy").get<double>();
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> all = load_scenarios();
  return all;
}

const std::vector<std::pair<std::string, std::string>>& scenario_aliases() {
  static const std::vector<std::pair<std::string, std::string>> aliases = {
      {"Doorbell", "SmartDoorbell"},     {"TinySensor", "TinySensor"},
      {"AutoDrive", "AutonomousVehicle"}, {"AutoDrive_Waymo", "AutonomousVehicle_Waymo"},
      {"MobileHealth", "MobileHealth"},   {"Workstation", "LocalTraining"},
      {"Frontier", "FrontierTraining"},   {"Chatbot", "ChatbotServing"},
      {"KWS", "KeywordSpotting"}};
  return aliases;
}

const Scenario& find_scenario(std::string_view name) {
  std::vector<std::string> keys;
  for (const auto& [alias, key] : scenario_aliases())
    if (alias == name) name = key;
  for (const Scenario& s : scenarios()) {
    if (s.key == name || s.name == name) return s;
    keys.push_back(s.key);
  }
  for (const auto& [alias, key] : scenario_aliases())
    if (alias != key) keys.push_back(alias);
  throw InputError("unknown scenario " + in_quotes(name, 60) + did_you_mean(name, keys) + " (accepted: " +
                   join_names(keys) + ")");
}

}  // namespace mlsysim
