#pragma once
// A scenario (0.3.0's engine/scenarios.py Scenario): a workload on one accelerator or a fleet,
// with the constraints an application sets (a latency SLA, a power budget, a data rate the
// pipeline must feed), evaluated at three levels: does it fit (weights, and the data pipeline
// when there is a data rate), does it meet the SLA (SingleNodeModel or DistributedModel), and
// what does a year of it cost and emit (EconomicsModel over 365 days). The built-in scenarios
// are data/scenarios/scenarios.json. See docs/plans.md.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plan/evaluation.hpp"
#include "registry/registry.hpp"

namespace mlsysim {

struct Scenario {
  std::string key;  // "SmartDoorbell" (empty for a user's own)
  std::string name, description, application;
  const Workload* model = nullptr;
  std::string workload_name;             // the workload's name as the scenario shows it
  const HardwareNode* hardware = nullptr;  // one of hardware or fleet
  const Fleet* fleet = nullptr;
  std::optional<double> sla_latency_s;
  std::optional<double> power_budget_w;
  std::optional<double> target_accuracy;  // carried, as in 0.3.0; no solver models accuracy
  std::optional<double> data_rate_bytes_per_s;  // the workload's ingest rate (0.3.0's workload.data_rate)

  const HardwareNode& accelerator() const { return fleet ? *fleet->node->accelerator : *hardware; }
};

// Throws InputError for a scenario without a workload or a system, a batch size < 1, or
// a negative SLA, power budget or data rate.
SystemEvaluation evaluate_scenario(const Scenario& scenario, int batch_size, Precision precision);

// The built-in scenarios, their names resolved in the built-in registry.
const std::vector<Scenario>& scenarios();
// 0.1's names for them (its examples' mlsysim.Applications.Doorbell): alias -> key.
const std::vector<std::pair<std::string, std::string>>& scenario_aliases();
// By key ("SmartDoorbell"), name ("Smart Doorbell") or 0.1 alias ("Doorbell"); unknown: InputError
// with "did you mean".
const Scenario& find_scenario(std::string_view name);

}  // namespace mlsysim
