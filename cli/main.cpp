// mlsysim: the command-line front end. It parses arguments, looks names up in
// the registry, calls solvers and prints their results; it computes no physics.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "api/describe.hpp"
#include "api/door.hpp"
#include "api/text_source.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/units.hpp"
#include "registry/registry.hpp"
#include "registry/suggest.hpp"
#include "render.hpp"
#include "tables.hpp"

namespace mlsysim::cli {
namespace {

enum ExitCode { kSuccess = 0, kBadInput = 1, kOutOfMemory = 2 };

struct Options {
  std::vector<std::string> registry_files;
  std::string output = "text";
  // solve
  std::string solver;
  std::vector<std::string> assignments;
  bool list_solvers = false;
  std::string describe_solver;
  // eval
  std::string model, hardware, precision = "fp16";
  std::string batch_size = "1", efficiency = "0.5", seq_len = "2048";
  bool training = false;
  // zoo
  std::string category;
};

Registry load_registry(const Options& o) {
  Registry reg = Registry::builtin();
  for (const auto& f : o.registry_files) reg.load_file(f);
  return reg;
}

void print_json(const nlohmann::ordered_json& j) { std::cout << j.dump(2) << "\n"; }

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
  for (const auto& p : s.inputs)
    out += fmt::format("    {:<26} {}{}\n", p.name + (p.required ? " (required)" : "=" + default_text(p)), p.help,
                       p.kind == InputKind::Precision ? " [" + accepted_precisions() + "]"
                       : p.kind == InputKind::Choice  ? " [" + join_names(p.choices) + "]"
                                                      : "");
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
    std::string where = f.attr.empty() ? "" : " (." + f.attr + (f.display_unit.empty() ? "" : ", " + f.display_unit) + ")";
    out += fmt::format("    {:<36} {:<11} {}{}\n", f.key, api::output_kind_name(f.kind), f.help, where);
  }
  std::string example = "mlsysim solve " + s.name;
  for (const auto& p : s.inputs)
    if (p.required) example += " " + p.name + "=" + p.example;
  out += "  example: " + example + "\n";
  return out;
}

int run_solve(const Options& o) {
  if (!o.describe_solver.empty()) {
    const SolverSpec& spec = api::find_solver(o.describe_solver);
    if (o.output == "json") print_json(to_json(api::describe(spec)));
    else std::cout << solver_description(spec);
    return kSuccess;
  }
  if (o.list_solvers || o.solver.empty()) {
    for (const SolverSpec* s : api::solver_table()) std::cout << solver_help(*s);
    std::cout << "\nusage: mlsysim solve SOLVER name=value ... [--output text|json]\n";
    return o.solver.empty() && !o.list_solvers ? kBadInput : kSuccess;
  }
  const SolverSpec& spec = api::find_solver(o.solver);
  for (const auto& a : o.assignments)
    if (a == "help" || a == "--help") {
      std::cout << solver_help(spec);
      return kSuccess;
    }
  Registry reg = load_registry(o);
  api::TextSource source(spec, o.assignments, reg, spec.name);
  auto result = api::run_solver(spec, source);
  Record record = api::to_record(*spec.result, result.get());
  if (o.output == "json") {
    nlohmann::ordered_json j = {{"solver", spec.name}};
    const nlohmann::ordered_json fields = to_json(record);
    for (const auto& [k, v] : fields.items()) j[k] = v;
    print_json(j);
  } else {
    std::cout << spec.name << "\n" << render_text(record);
  }
  return kSuccess;
}

int run_eval(const Options& o) {
  Registry reg = load_registry(o);
  const SolverSpec& spec = api::find_solver("SingleNodeModel");
  std::vector<std::string> args = {"model=" + o.model,           "hardware=" + o.hardware,
                                   "batch_size=" + o.batch_size, "precision=" + o.precision,
                                   "efficiency=" + o.efficiency, "is_training=" + std::string(o.training ? "true" : "false"),
                                   "seq_len=" + o.seq_len};
  api::TextSource source(spec, args, reg, "eval");
  auto result = api::run_solver(spec, source);
  Record record = api::to_record(*spec.result, result.get());
  const Workload& model = reg.model(o.model);
  const HardwareNode& hw = reg.hardware(o.hardware);
  auto input = [&](const char* name) -> const InputSpec& {
    for (const auto& in : spec.inputs)
      if (in.name == name) return in;
    throw std::logic_error(std::string("SingleNodeModel has no input ") + name);
  };
  const long long batch = source.integer(input("batch_size"));
  const char* precision = precision_name(source.precision(input("precision")));
  const double efficiency = source.number(input("efficiency"));
  if (o.output == "json") {
    nlohmann::ordered_json j = {{"model", model.key},     {"hardware", hw.key},          {"batch_size", batch},
                                {"precision", precision}, {"efficiency", efficiency}, {"is_training", o.training}};
    const nlohmann::ordered_json fields = to_json(record);
    for (const auto& [k, v] : fields.items()) j[k] = v;
    print_json(j);
    return kSuccess;
  }
  auto get = [&](const std::string& key) -> const Value& {
    if (const Value* v = find_path(record, key)) return *v;
    throw std::logic_error("missing field " + key);
  };
  auto show = [&](const std::string& key) { return format_field_value(key, get(key)); };
  std::string bottleneck = *get("bottleneck").get_if<std::string>();
  bottleneck[0] = static_cast<char>(std::toupper(bottleneck[0]));
  fmt::print("{} on {}  (batch {}, {}, efficiency {}, {})\n", model.name, hw.name, batch, precision, efficiency,
             o.training ? "training" : "inference");
  fmt::print("  Feasible          {}  ({} needed, {} available)\n", show("feasible"), show("memory_footprint_bytes"),
             format_field_value("x_bytes", Value(hw.memory.capacity_bytes)));
  fmt::print("  Bottleneck        {} Bound\n", bottleneck);
  fmt::print("  Latency           {}  = max(compute {}, memory {}) + overhead {}\n", show("latency_s"),
             show("latency_compute_s"), show("latency_memory_s"), show("latency_overhead_s"));
  fmt::print("  Throughput        {}\n", show("throughput_per_s"));
  fmt::print("  Intensity         {}\n", show("arithmetic_intensity_flop_per_byte"));
  fmt::print("  MFU / HFU         {:.3f} / {:.3f}\n", *get("mfu").get_if<double>(), *get("hfu").get_if<double>());
  fmt::print("  Energy            {}\n", show("energy_j"));
  fmt::print("  Compute used      {}\n", show("peak_flops_actual_flop_per_s"));
  fmt::print("  Bandwidth used    {}\n", show("peak_bw_actual_bytes_per_s"));
  if (!get("offload_spill_bytes").is_none()) fmt::print("  Spilled to host   {}\n", show("offload_spill_bytes"));
  for (const auto& line : *get("constraint_trace").get_if<List>()) fmt::print("  {}\n", *line.get_if<std::string>());
  for (const auto& line : *get("warnings").get_if<List>()) fmt::print("  warning: {}\n", *line.get_if<std::string>());
  return kSuccess;
}

int run_zoo(const Options& o) {
  Registry reg = load_registry(o);
  if (o.output == "json") print_json(zoo_json(reg, o.category));
  else std::cout << zoo_text(reg, o.category);
  return kSuccess;
}

int run(int argc, char** argv) {
  Options o;
  CLI::App app{"mlsysim: first-principles analytical modeling of ML systems (roofline, memory, energy)", "mlsysim"};
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--registry", o.registry_files, "Extra registry entries from a YAML/JSON file (repeatable)");
  app.add_option("-o,--output", o.output, "Output format: text or json")
      ->transform(CLI::IsMember({"text", "json"}, CLI::ignore_case));

  auto* solve = app.add_subcommand("solve", "Run any solver: mlsysim solve SOLVER name=value ...");
  solve->add_option("solver", o.solver, "Solver name, e.g. SingleNodeModel");
  solve->add_option("params", o.assignments, "Parameters as name=value (the reference's keyword names)");
  solve->add_flag("--list", o.list_solvers, "List the solvers and their parameters");
  solve->add_option("--describe", o.describe_solver,
                    "Describe one solver: parameters, result fields, an example (text or --output json)");

  auto* eval = app.add_subcommand("eval", "Roofline of one model on one accelerator");
  eval->add_option("model", o.model, "Model name, e.g. ResNet50 or Models.Language.Llama3_8B")->required();
  eval->add_option("hardware", o.hardware, "Hardware name, e.g. A100 or Hardware.Cloud.H100")->required();
  eval->add_option("-b,--batch-size", o.batch_size, "Batch size (>= 1)")->capture_default_str();
  eval->add_option("-p,--precision", o.precision, "Precision: " + accepted_precisions())->capture_default_str();
  eval->add_option("-e,--efficiency", o.efficiency, "Achieved fraction of peak compute, (0, 1]")->capture_default_str();
  eval->add_flag("--training", o.training, "Model a training step instead of inference");
  eval->add_option("--seq-len", o.seq_len, "Sequence length for training memory")->capture_default_str();

  auto* zoo = app.add_subcommand("zoo", "List registry entries: hardware, models, grids, systems");
  zoo->add_option("category", o.category, "hardware | models | grids | systems (default: all)");

  // An unknown first word gets a "did you mean" instead of CLI11's generic message.
  if (argc > 1 && argv[1][0] != '-') {
    const std::vector<std::string> commands = {"solve", "eval", "zoo"};
    if (std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
      auto close = closest_names(argv[1], commands, 1);
      throw InputError("unknown command '" + std::string(argv[1]) + "'" +
                       (close.empty() ? "" : "; did you mean '" + close[0] + "'?") + " (accepted: solve, eval, zoo)");
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    if (what.find("subcommand") != std::string::npos && argc <= 1) {
      std::cout << app.help();
      return kBadInput;
    }
    std::fprintf(stderr, "error: %s (see 'mlsysim --help')\n", what.c_str());
    return kBadInput;
  }
  for (char& c : o.output) c = static_cast<char>(std::tolower(c));
  if (solve->parsed()) return run_solve(o);
  if (eval->parsed()) return run_eval(o);
  return run_zoo(o);
}

}  // namespace
}  // namespace mlsysim::cli

int main(int argc, char** argv) {
  try {
    return mlsysim::cli::run(argc, argv);
  } catch (const mlsysim::OutOfMemoryError& e) {
    std::fprintf(stderr, "error: out of memory: %s\n", e.what());
    return mlsysim::cli::kOutOfMemory;
  } catch (const mlsysim::UnknownNameError& e) {
    std::fprintf(stderr, "error: %s (run 'mlsysim zoo' to list the registry)\n", e.what());
    return mlsysim::cli::kBadInput;
  } catch (const mlsysim::InputError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return mlsysim::cli::kBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return mlsysim::cli::kBadInput;
  }
}
