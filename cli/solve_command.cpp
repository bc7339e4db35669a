// `mlsysim solve NAME k=v ...`, `solve --list`, `solve --describe NAME`: every
// solver through its description (src/api/specs).
#include <fmt/format.h>

#include <iostream>

#include "api/describe.hpp"
#include "api/door.hpp"
#include "api/text_source.hpp"
#include "commands.hpp"
#include "core/errors.hpp"
#include "core/units.hpp"
#include "core/suggest.hpp"
#include "render.hpp"

namespace mlsysim::cli {

namespace {

using api::InputKind;
using api::InputSpec;
using api::SolverSpec;

// A default as a person would type it back: "1", "fp16", "0.5", "false", "100 GB/s".
std::string default_text(const InputSpec& in) {
  const Value& v = in.default_value;
  if (v.is_none()) return "none";
  if (const bool* b = v.get_if<bool>()) return *b ? "true" : "false";
  if (const long long* i = v.get_if<long long>()) return std::to_string(*i);
  if (const std::string* t = v.get_if<std::string>()) return *t;
  if (const double* d = v.get_if<double>()) {
    if (in.kind != InputKind::Quantity) return fmt::format("{}", *d);
    const std::string unit = in.bare_unit.empty() ? si_unit_name(in.dimension) : in.bare_unit;
    return fmt::format("{} {}", *d / in.bare_unit_factor, unit);
  }
  return "?";
}

std::string solver_help(const SolverSpec& s) {
  std::string out = fmt::format("{} — {}\n", s.name, s.summary);
  if (!s.aliases.empty()) out += "  also: " + join_names(s.aliases) + "\n";
  out += "  parameters:\n";
  for (const auto& p : s.inputs) {
    const std::string name = p.name + (p.required ? " (required)" : "=" + default_text(p));
    out += fmt::format("    {:<30} {}{}\n", name, p.help,
                       p.kind == InputKind::Precision ? " [" + accepted_precisions() + "]"
                       : p.kind == InputKind::Choice  ? " [" + join_names(p.choices) + "]"
                                                      : "");
  }
  return out;
}

// `solve --describe NAME`: the parameters, every result field and an example.
std::string solver_description(const SolverSpec& s) {
  std::string out = solver_help(s);
  if (!s.walls.empty()) {
    std::vector<std::string> walls;
    for (int w : s.walls) walls.push_back(std::to_string(w));
    out += "  walls: " + join_names(walls) + "\n";
  }
  out += fmt::format("  result: {} — {}\n", s.result->name, s.result->summary);
  for (const auto& f : s.result->outputs) {
    std::string where = " (." + f.attr + (f.display_unit.empty() ? "" : ", " + f.display_unit) + ")";
    out += fmt::format("    {:<36} {:<11} {}{}\n", f.key, api::output_kind_name(f.kind), f.help, where);
  }
  std::string example = "mlsysim solve " + s.name;
  for (const auto& p : s.inputs)
    if (p.required) example += " " + p.name + "=" + p.example;
  out += "  example: " + example + "\n";
  return out;
}

struct SolveOptions {
  std::string solver;
  std::vector<std::string> assignments;
  bool list_solvers = false;
  std::string describe_solver;
};

int run_solve(const SolveOptions& o, const Shared& shared) {
  if (!o.describe_solver.empty()) {
    const SolverSpec& spec = api::find_solver(o.describe_solver);
    if (shared.output == "json") print_json(to_json(api::describe(spec)));
    else std::cout << solver_description(spec);
    return kSuccess;
  }
  if (o.list_solvers) {
    for (const SolverSpec* s : api::solver_table()) std::cout << solver_help(*s);
    std::cout << "\nusage: mlsysim solve SOLVER name=value ... [--output text|json]\n";
    return kSuccess;
  }
  if (o.solver.empty()) {
    std::vector<std::string> names;
    for (const SolverSpec* s : api::solver_table()) names.push_back(s->name);
    throw InputError("solve needs a solver name, e.g. 'mlsysim solve SingleNodeModel model=ResNet50 hardware=A100' "
                     "(solvers: " + join_names(names) + "; 'mlsysim solve --list' shows their parameters)");
  }
  const SolverSpec& spec = api::find_solver(o.solver);
  for (const auto& a : o.assignments)
    if (a == "help" || a == "--help") {
      std::cout << solver_help(spec);
      return kSuccess;
    }
  Registry reg = load_registry(shared);
  api::TextSource source(spec, o.assignments, reg, spec.name);
  auto result = api::run_solver(spec, source);
  Record record = api::to_record(*spec.result, result.get());
  if (shared.output == "json") {
    nlohmann::ordered_json j = {{"solver", spec.name}};
    const nlohmann::ordered_json fields = to_json(record);
    for (const auto& [k, v] : fields.items()) j[k] = v;
    print_json(j);
  } else {
    std::cout << spec.name << "\n" << render_text(record);
  }
  return kSuccess;
}

}  // namespace

Command add_solve(CLI::App& app) {
  auto o = std::make_shared<SolveOptions>();
  auto* solve = app.add_subcommand("solve", "Run any solver: mlsysim solve SOLVER name=value ...");
  solve->add_option("solver", o->solver, "Solver name, e.g. SingleNodeModel");
  solve->add_option("params", o->assignments, "Parameters as name=value (the reference's keyword names)");
  solve->add_flag("--list", o->list_solvers, "List the solvers and their parameters");
  solve->add_option("--describe", o->describe_solver,
                    "Describe one solver: parameters, result fields, an example (text or --output json)");
  return {solve, [o](const Shared& shared) { return run_solve(*o, shared); }};
}

}  // namespace mlsysim::cli
