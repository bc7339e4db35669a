// Plan files (mlsys.yaml): `mlsysim eval PLAN.yaml` prints the scorecard and checks the plan's
// assertions (exit 3 when one fails); `mlsysim schema [--type plan|hardware|workload]` prints the
// JSON Schema of a plan or a registry entry (src/plan/).
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"
#include "human.hpp"
#include "plan/plan.hpp"
#include "plan/schema.hpp"
#include "api/door.hpp"
#include "core/units.hpp"
#include "render.hpp"
#include "scorecard.hpp"
#include "solvers/batching_optimizer.hpp"
#include "solvers/parallelism_optimizer.hpp"
#include "solvers/placement_optimizer.hpp"

namespace mlsysim::cli {

bool is_plan_path(const std::string& arg) {
  return arg.ends_with(".yaml") || arg.ends_with(".yml") || arg.ends_with(".json");
}

int run_plan_eval(const std::string& path, const Shared& shared) {
  Registry reg = load_registry(shared);
  const Plan plan = load_plan(path, reg);
  const SystemEvaluation e = evaluate_system(plan.evaluation_inputs());
  const std::vector<std::string> violations = violated_asserts(plan, e);
  print_scorecard(e, violations, !violations.empty(), shared);
  return violations.empty() ? kSuccess : kSlaFailed;
}

int run_plan_optimize(const std::string& what, const std::string& path, const PlanOptimizeOptions& o,
                      const Shared& shared) {
  Registry reg = load_registry(shared);
  const Plan plan = load_plan(path, reg);
  const auto print = [&](const char* solver, const void* result) {
    const api::SolverSpec& spec = api::find_solver(solver);
    const Record r = api::to_record(*spec.result, result);
    if (shared.output == "json") {
      nlohmann::ordered_json j = {{"optimizer", spec.name}, {"plan", plan.name}};
      const nlohmann::ordered_json fields = to_json(r);
      for (const auto& [k, v] : fields.items()) j[k] = v;
      print_json(j);
    } else {
      std::cout << spec.name << " for plan '" << plan.name << "'\n" << render_text(r);
    }
    return static_cast<int>(kSuccess);
  };
  const auto need_fleet = [&](const char* why) {
    if (plan.total_accelerators() <= 1) throw InputError(std::string(why) + " needs a fleet: give hardware.accelerators (or node_count and accelerators_per_node) > 1 in " + in_quotes(path, 200));
  };
  if (what == "placement") {
    if (!plan.fleet) need_fleet("optimize placement");
    PlacementInputs in{plan.fleet.get(), plan.duration_s};
    in.carbon_tax_per_ton = o.carbon_tax;
    in.mfu = plan.efficiency;  // 0.3.0 prices the plan's efficiency as the MFU
    const PlacementResult r = solve_placement(in);
    return print("PlacementOptimizer", &r);
  }
  if (what == "parallelism") {
    need_fleet("optimize parallelism");
    ParallelismInputs in;
    in.model = plan.model;
    in.fleet = plan.fleet.get();
    in.batch_size = plan.batch_size;
    in.precision = plan.precision;
    in.efficiency = plan.efficiency;
    in.seq_len = plan.seq_len;
    in.search = o.full ? ParallelismSearch::Full : ParallelismSearch::Reference;
    const ParallelismResult r = solve_parallelism(in);
    return print("ParallelismOptimizer", &r);
  }
  BatchingOptimizerInputs in;
  in.model = plan.model;
  in.hardware = plan.hardware;
  in.seq_len = plan.seq_len;
  in.sla_latency_s = latency_option_s(o.sla_ms, "--sla-ms");
  in.arrival_rate_qps = parse_quantity(o.qps).value;
  in.num_replicas = static_cast<int>(plan.total_accelerators());
  in.precision = plan.precision;
  in.efficiency = plan.efficiency;
  const BatchingOptimizerResult r = solve_batching_optimizer(in);
  return print("BatchingOptimizer", &r);
}

Command add_schema(CLI::App& app) {
  auto type = std::make_shared<std::string>("plan");
  auto* schema = app.add_subcommand("schema", "JSON Schema of a plan file (mlsys.yaml) or a registry entry, for editors");
  schema->add_option("-t,--type", *type, "plan (default), hardware or workload");
  return {schema, [type](const Shared&) {
            std::cout << json_schema(*type) << "\n";
            return static_cast<int>(kSuccess);
          }};
}

}  // namespace mlsysim::cli
