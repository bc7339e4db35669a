// `mlsysim scenario [NAME]`: the built-in scenarios (0.3.0's Scenarios: a workload on a system
// under an application's SLA and power budget) listed, or one evaluated as a scorecard
// (src/plan/scenario.hpp); --hardware or --cluster puts it on another system, as 0.3.0's
// model_copy(update={"system": ...}) does. Exit 3 when a level fails.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "core/errors.hpp"
#include "core/precision.hpp"
#include "plan/scenario.hpp"
#include "scorecard.hpp"

namespace mlsysim::cli {

namespace {

struct ScenarioOptions {
  std::string name, hardware, cluster, sla, precision = "fp16";
  int batch_size = 1;
};

std::string system_name(const Scenario& s) { return s.fleet ? s.fleet->key : s.hardware->key; }

std::string ms_or_dash(const std::optional<double>& s) { return s ? fmt::format("{:g} ms", *s * 1e3) : "-"; }

int list_scenarios(const Shared& shared) {
  if (shared.output == "markdown" || shared.output == "html")
    throw InputError("-o " + shared.output + " is for one scenario's scorecard (scenario NAME); the list is text or json");
  if (shared.output == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const Scenario& s : scenarios()) {
      nlohmann::ordered_json e = {{"key", s.key}, {"name", s.name}, {"description", s.description},
                                  {"workload", s.model->key}, {"system", system_name(s)}};
      e["sla_latency_s"] = s.sla_latency_s ? nlohmann::ordered_json(*s.sla_latency_s) : nullptr;
      e["power_budget_w"] = s.power_budget_w ? nlohmann::ordered_json(*s.power_budget_w) : nullptr;
      e["data_rate_bytes_per_s"] = s.data_rate_bytes_per_s ? nlohmann::ordered_json(*s.data_rate_bytes_per_s) : nullptr;
      j.push_back(e);
    }
    print_json(j);
    return kSuccess;
  }
  std::cout << fmt::format("{:<30} {:<18} {:<16} {:>8} {:>8}\n", "SCENARIO", "WORKLOAD", "SYSTEM", "SLA", "POWER");
  for (const Scenario& s : scenarios())
    std::cout << fmt::format("{:<30} {:<18} {:<16} {:>8} {:>8}\n", s.key, s.model->key, system_name(s),
                             ms_or_dash(s.sla_latency_s),
                             s.power_budget_w ? fmt::format("{:g} W", *s.power_budget_w) : "-");
  std::cout << "Evaluate one: mlsysim scenario NAME [-b N] [--precision P] [--hardware H | --cluster C]\n";
  return kSuccess;
}

int run_scenario(const ScenarioOptions& o, const Shared& shared) {
  if (o.name.empty()) return list_scenarios(shared);
  if (!o.hardware.empty() && !o.cluster.empty()) throw InputError("give --hardware or --cluster, not both");
  const Registry reg = load_registry(shared);
  Scenario s = find_scenario(o.name);
  if (!o.hardware.empty()) {
    s.hardware = &reg.hardware(o.hardware);
    s.fleet = nullptr;
  }
  if (!o.cluster.empty()) {
    s.fleet = &reg.cluster(o.cluster);
    s.hardware = nullptr;
  }
  if (!o.sla.empty()) s.sla_latency_s = latency_option_s(o.sla, "--sla");
  const SystemEvaluation e = evaluate_scenario(s, o.batch_size, parse_precision(o.precision));
  const bool failed = e.feasibility.status == "FAIL" || e.performance.status == "FAIL";
  print_scorecard(e, {}, failed, shared);
  return failed ? kSlaFailed : kSuccess;
}

}  // namespace

Command add_scenario(CLI::App& app) {
  auto o = std::make_shared<ScenarioOptions>();
  auto* cmd = app.add_subcommand(
      "scenario", "The built-in scenarios (no NAME: list them) or one's scorecard: fits, meets its SLA, a year's "
                  "cost and carbon (exit 3 when a level fails)");
  cmd->add_option("name", o->name, "Scenario key or name (e.g. SmartDoorbell); none lists them");
  cmd->add_option("-b,--batch-size", o->batch_size, "Batch size (default 1)")->check(CLI::Range(1, 1'000'000'000));
  cmd->add_option("--precision", o->precision, "Precision: " + accepted_precisions() + " (default fp16)");
  cmd->add_option("--hardware", o->hardware, "Run it on this accelerator instead (e.g. nRF52840)");
  cmd->add_option("--cluster", o->cluster, "Run it on this cluster instead (e.g. Research_256)");
  cmd->add_option("--sla", o->sla, "Replace the latency SLA (e.g. '50 ms'; a bare number is ms)");
  return {cmd, [o](const Shared& shared) { return run_scenario(*o, shared); }};
}

}  // namespace mlsysim::cli
