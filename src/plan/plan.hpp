#pragma once
// A plan file (mlsys.yaml, 0.3.0's schema): a workload, the hardware it runs
// on (one accelerator, or a fleet of nodes on a fabric), an optional ops block
// (region and duration) and assertions on the scorecard's metrics. Loading
// checks every key and value and names the file, the line and the key of the
// first problem; evaluating runs the scorecard (plan/evaluation.hpp) and
// checks the assertions. See docs/plans.md.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plan/evaluation.hpp"
#include "registry/registry.hpp"

namespace mlsysim {

struct PlanAssert {
  std::string metric;                  // "macro.carbon_footprint"
  std::optional<double> max, min;      // in the metric's unit (converted from a quantity if one was given)
  std::string max_text, min_text;      // as written, for the limit's unit check at evaluation
};

struct Plan {
  std::string origin, version, name;
  const Workload* model = nullptr;
  int batch_size = 1, seq_len = 2048;
  const HardwareNode* hardware = nullptr;
  std::optional<long long> accelerators, node_count, accelerators_per_node;
  std::optional<double> intra_node_bw_bytes_per_s;
  double fabric_bandwidth_bytes_per_s = 50e9;
  Precision precision = Precision::fp16;
  double efficiency = 0.5;
  bool has_ops = false;
  const GridProfile* region = nullptr;  // ops.region (default US_Avg)
  double duration_s = 30 * 86400.0;     // ops.duration_days
  std::vector<PlanAssert> asserts;
  // The fleet a multi-accelerator plan builds (owned here).
  std::shared_ptr<Node> node;
  std::shared_ptr<NetworkFabric> fabric;
  std::shared_ptr<Fleet> fleet;

  long long total_accelerators() const;
  EvaluationInputs evaluation_inputs() const;
};

// Reads and checks a .yaml, .yml or .json plan; names in it resolve in `registry`.
Plan load_plan(const std::string& path, const Registry& registry);
Plan parse_plan(std::string_view text, const std::string& origin, bool yaml, const Registry& registry);

// The assertions that fail, each "metric (value unit) exceeds max (limit unit)". An assertion on a
// metric this evaluation does not have is an InputError listing the ones it has.
std::vector<std::string> violated_asserts(const Plan& plan, const SystemEvaluation& evaluation);

// Every metric of an evaluation by path ("performance.latency"), with its unit.
std::vector<std::pair<std::string, const Metric*>> metric_paths(const SystemEvaluation& evaluation);

}  // namespace mlsysim
