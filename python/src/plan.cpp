// The scorecard and plan files for Python: _core.evaluate_system (0.3.0's
// SystemEvaluator.evaluate) and _core.evaluate_plan (a plan file, its assertions checked).
// mlsysim/evaluation.py wraps the levels in SystemEvaluation.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "api/solver_spec.hpp"
#include "bindings.hpp"
#include "convert.hpp"
#include "core/errors.hpp"
#include "core/precision.hpp"
#include "plan/plan.hpp"
#include "plan/scenario.hpp"
#include "plan/schema.hpp"

namespace nb = nanobind;

namespace mlsysim::python {

namespace {

nb::dict level_dict(const EvaluationLevel& l) {
  nb::dict d;
  d["level_name"] = l.level_name;
  d["status"] = l.status;
  d["summary"] = l.summary;
  nb::list metrics;
  static const char* kinds[] = {"number", "quantity", "text", "flag", "none"};
  for (const Metric& m : l.metrics)
    metrics.append(nb::make_tuple(m.key, m.value, m.unit, kinds[static_cast<int>(m.kind)], m.text));
  d["metrics"] = metrics;
  return d;
}

nb::dict evaluation_dict(const SystemEvaluation& e) {
  nb::dict d;
  d["scenario_name"] = e.scenario_name;
  d["feasibility"] = level_dict(e.feasibility);
  d["performance"] = level_dict(e.performance);
  d["macro"] = level_dict(e.macro);
  d["scorecard"] = e.scorecard();
  d["notes"] = e.notes;
  nb::list walls;
  for (const WallReading& w : e.walls) {
    nb::dict x;
    x["number"] = w.number;
    x["name"] = w.name;
    x["solver"] = w.solver;
    x["metric"] = w.metric;
    x["value"] = w.value ? nb::cast(*w.value) : nb::cast(w.text);
    x["unit"] = w.unit;
    walls.append(x);
  }
  d["walls"] = walls;
  return d;
}

api::InputSpec named(const char* name, api::InputKind kind) {
  api::InputSpec in;
  in.name = name;
  in.kind = kind;
  return in;
}

// A whole number in [1, 1e9] (the scorecard and the scenarios take the same batch).
int batch_size_of(nb::handle value) {
  const long long b = to_integer(value, named("batch_size", api::InputKind::Integer));
  if (b < 1 || b > 1'000'000'000) throw InputError("batch_size must be in [1, 1e9], got " + std::to_string(b));
  return static_cast<int>(b);
}

}  // namespace

void bind_plan(nb::module_& m) {
  m.def(
      "evaluate_system",
      [](const std::string& scenario_name, nb::handle model, nb::handle hardware, nb::handle batch_size,
         const std::string& precision, double efficiency, nb::handle fleet, nb::handle nodes, std::optional<double> duration_days,
         nb::handle region, nb::handle seq_len) {
        EvaluationInputs in;
        in.scenario_name = scenario_name;
        in.model = &to_model(model, named("model_obj", api::InputKind::Model));
        in.hardware = &to_hardware(hardware, named("hardware_obj", api::InputKind::Hardware));
        in.batch_size = batch_size_of(batch_size);
        in.precision = parse_precision(precision);
        if (!(efficiency > 0 && efficiency <= 1)) throw InputError("efficiency must be in (0, 1]");
        in.efficiency = efficiency;
        if (!fleet.is_none()) in.fleet = &to_cluster(fleet, named("fleet_obj", api::InputKind::Cluster));
        in.nodes = to_integer(nodes, named("nodes", api::InputKind::Integer));
        if (in.nodes < 1) throw InputError("nodes must be >= 1");
        if (duration_days) {
          if (!(*duration_days >= 0) || *duration_days > 1e6) throw InputError("duration_days must be in [0, 1e6]");
          in.duration_s = *duration_days * 86400;
        }
        if (!region.is_none()) in.region = &to_grid(region, named("region", api::InputKind::Grid));
        const long long s = to_integer(seq_len, named("seq_len", api::InputKind::Integer));
        if (s < 1 || s > 1'000'000'000) throw InputError("seq_len must be in [1, 1e9]");
        in.seq_len = static_cast<int>(s);
        return evaluation_dict(evaluate_system(in));
      },
      nb::arg("scenario_name"), nb::arg("model_obj"), nb::arg("hardware_obj"), nb::arg("batch_size"), nb::arg("precision"),
      nb::arg("efficiency"), nb::arg("fleet_obj") = nb::none(), nb::arg("nodes") = 1, nb::arg("duration_days") = nb::none(),
      nb::arg("region") = nb::none(), nb::arg("seq_len") = 2048);

  m.def(
      "evaluate_plan",
      [](const std::string& path) {
        const Plan plan = load_plan(path, current_registry());
        const SystemEvaluation e = evaluate_system(plan.evaluation_inputs());
        nb::dict d = evaluation_dict(e);
        d["violations"] = violated_asserts(plan, e);
        return d;
      },
      nb::arg("path"));

  m.def("json_schema", &json_schema, nb::arg("type") = "plan");

  m.def("scenario_aliases", [] { return scenario_aliases(); });

  // The built-in scenarios as plain records (mlsysim.Scenarios builds its objects from them).
  m.def("scenarios", [] {
    nb::list out;
    for (const Scenario& s : scenarios()) {
      nb::dict d;
      d["key"] = s.key;
      d["name"] = s.name;
      d["description"] = s.description;
      d["application"] = s.application.empty() ? nb::none() : nb::cast(s.application);
      d["workload"] = s.model->key;
      d["workload_name"] = s.workload_name;
      d["hardware"] = s.hardware ? nb::cast(s.hardware->key) : nb::none();
      d["cluster"] = s.fleet ? nb::cast(s.fleet->key) : nb::none();
      const auto opt = [](const std::optional<double>& v) { return v ? nb::cast(*v) : nb::none(); };
      d["sla_latency_s"] = opt(s.sla_latency_s);
      d["power_budget_w"] = opt(s.power_budget_w);
      d["target_accuracy"] = opt(s.target_accuracy);
      d["data_rate_bytes_per_s"] = opt(s.data_rate_bytes_per_s);
      out.append(d);
    }
    return out;
  });

  m.def(
      "evaluate_scenario",
      [](const std::string& name, nb::handle model, nb::handle hardware, nb::handle fleet,
         std::optional<double> sla_latency_s, std::optional<double> power_budget_w,
         std::optional<double> data_rate_bytes_per_s, nb::handle batch_size, const std::string& precision) {
        Scenario s;
        s.name = name;
        s.model = &to_model(model, named("workload", api::InputKind::Model));
        if (!fleet.is_none()) s.fleet = &to_cluster(fleet, named("system", api::InputKind::Cluster));
        else s.hardware = &to_hardware(hardware, named("system", api::InputKind::Hardware));
        s.sla_latency_s = sla_latency_s;
        s.power_budget_w = power_budget_w;
        s.data_rate_bytes_per_s = data_rate_bytes_per_s;
        return evaluation_dict(evaluate_scenario(s, batch_size_of(batch_size), parse_precision(precision)));
      },
      nb::arg("name"), nb::arg("workload"), nb::arg("hardware").none(), nb::arg("fleet").none(), nb::arg("sla_latency_s").none(),
      nb::arg("power_budget_w").none(), nb::arg("data_rate_bytes_per_s").none(), nb::arg("batch_size"), nb::arg("precision"));
}

}  // namespace mlsysim::python
