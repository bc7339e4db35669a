#pragma once
// The system scorecard (0.3.0's SystemEvaluator): three levels, each a status
// (PASS, FAIL, SKIPPED), a one-line summary and its metrics in the units 0.3.0
// reports them (memory GB, latency ms, throughput 1/s, money USD, carbon t).
// Feasibility: does it fit in memory. Performance: SingleNodeModel for one
// accelerator, DistributedModel for a fleet. Macro: EconomicsModel over the
// run when there is a duration. See docs/plans.md.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "infra/grid_profile.hpp"
#include "models/workload.hpp"
#include "systems/fleet.hpp"

namespace mlsysim {

// How 0.3.0 hands a metric to Python: a plain number (the plan scorecard's), a pint quantity in
// `unit` (a scenario's latency), a string (a bottleneck), a bool, or None (no SLA set).
enum class MetricKind { Number, Quantity, Text, Flag, None };

struct Metric {
  std::string key;   // "step_latency"
  double value = 0;
  std::string unit;  // "ms", "GB", "1/s", "USD", "t", "" (a fraction)
  MetricKind kind = MetricKind::Number;
  std::string text;  // a Text metric's value

  Metric(std::string key_, double value_, std::string unit_ = "", MetricKind kind_ = MetricKind::Number,
         std::string text_ = "")
      : key(std::move(key_)), value(value_), unit(std::move(unit_)), kind(kind_), text(std::move(text_)) {}
};

struct EvaluationLevel {
  std::string level_name;  // "Memory Feasibility", "Fleet Performance", "Economics & Sustainability"
  std::string status = "PASS";
  std::string summary;
  std::vector<Metric> metrics;

  const Metric* metric(const std::string& key) const;
};

// One wall of the taxonomy that applies to the scenario, read from its solver's metric.
struct WallReading {
  int number = 0;
  std::string name, solver, metric;  // from data/taxonomy/walls.json
  std::optional<double> value;       // the metric in `unit` (none for a text metric)
  std::string unit, text;            // text: the binding constraint (wall 21)
};

// Wall `number` (1-22) of the taxonomy, read as `value` in `unit` (or a text metric).
WallReading wall_reading(int number, std::optional<double> value, std::string unit, std::string text = "");

struct SystemEvaluation {
  std::string scenario_name;
  EvaluationLevel feasibility, performance, macro;
  // Every wall whose solver applies to the scenario: 1, 2 always; 4 and 21 on one accelerator
  // (4 for a transformer); 14, 15 and 19 on a fleet (15 with a duration); 17 and 18 with a duration.
  std::vector<WallReading> walls;
  // Lines the box prints under the levels (a scenario's power budget against the device's TDP).
  std::vector<std::string> notes;

  // 0.3.0's box, line for line (no metrics).
  std::string scorecard() const;
  bool passed_all() const;  // every level PASS or SKIPPED
};

struct EvaluationInputs {
  std::string scenario_name;
  const Workload* model = nullptr;
  const HardwareNode* hardware = nullptr;
  int batch_size = 1;
  Precision precision = Precision::fp16;
  double efficiency = 0.5;
  const Fleet* fleet = nullptr;  // the distributed path when nodes > 1
  long long nodes = 1;           // accelerators in all
  std::optional<double> duration_s;  // the macro level runs with a fleet and a duration
  const GridProfile* region = nullptr;  // the grid the fleet runs on (none: US average)
  int seq_len = 2048;
};

SystemEvaluation evaluate_system(const EvaluationInputs& in);

}  // namespace mlsysim
