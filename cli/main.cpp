// mlsysim: the command-line front end. It parses arguments into Options and
// runs one command (solve_command.cpp, eval_command.cpp, zoo_command.cpp);
// it computes no physics. Every error is one line on stderr and exit 1
// (exit 2: out of memory with raise_errors=true).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "core/errors.hpp"
#include "core/precision.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"
#include "human.hpp"

#ifndef MLSYSIM_VERSION
#define MLSYSIM_VERSION "unknown"
#endif

namespace mlsysim::cli {

Registry load_registry(const Options& o) {
  Registry reg = Registry::builtin();
  for (const auto& f : o.registry_files) reg.load_file(f);
  return reg;
}

void print_json(const nlohmann::ordered_json& j) { std::cout << j.dump(2) << "\n"; }

namespace {

const std::vector<std::string> kCommands = {"solve", "eval", "zoo"};

void error_line(const std::string& message) { std::fprintf(stderr, "error: %s\n", one_line(message).c_str()); }

// The subcommand the arguments name, for pointing a parse error at its help.
std::string command_in(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    for (const auto& c : kCommands)
      if (c == argv[i]) return c;
  return "";
}

int run(int argc, char** argv) {
  Options o;
  CLI::App app{"mlsysim: first-principles analytical modeling of ML systems (roofline, memory, energy)", "mlsysim"};
  app.require_subcommand(0, 1);
  app.fallthrough();
  app.set_version_flag("--version", "mlsysim " MLSYSIM_VERSION " (C++ engine; follows the reference mlsysim 0.3.0)");
  app.add_option("--registry", o.registry_files, "Extra registry entries from a YAML/JSON file (repeatable)");
  app.add_option("-o,--output", o.output, "Output format: text or json")
      ->transform(CLI::IsMember({"text", "json"}, CLI::ignore_case));

  auto* solve = app.add_subcommand("solve", "Run any solver: mlsysim solve SOLVER name=value ...");
  solve->add_option("solver", o.solver, "Solver name, e.g. SingleNodeModel");
  solve->add_option("params", o.assignments, "Parameters as name=value (the reference's keyword names)");
  solve->add_flag("--list", o.list_solvers, "List the solvers and their parameters");
  solve->add_option("--describe", o.describe_solver,
                    "Describe one solver: parameters, result fields, an example (text or --output json)");

  auto* eval = app.add_subcommand(
      "eval", "Roofline of a model on an accelerator; comma-separated lists compare (eval Llama3_8B H100,MI300X -b 1,8)");
  eval->add_option("model", o.model, "Model name(s), e.g. ResNet50 or Models.Language.Llama3_8B")->required();
  eval->add_option("hardware", o.hardware, "Hardware name(s), e.g. A100 or H100,MI300X")->required();
  eval->add_option("-b,--batch-size", o.batch_size, "Batch size(s), >= 1, e.g. 1,8,64")->capture_default_str();
  eval->add_option("-p,--precision", o.precision, "Precision(s): " + accepted_precisions())->capture_default_str();
  eval->add_option("-e,--efficiency", o.efficiency, "Achieved fraction of peak compute, (0, 1]")->capture_default_str();
  eval->add_flag("--training", o.training, "Model a training step instead of inference");
  eval->add_option("--seq-len", o.seq_len, "Sequence length for training memory")->capture_default_str();

  auto* zoo = app.add_subcommand("zoo", "List registry entries: hardware, models, grids, systems (fabrics, nodes, clusters)");
  zoo->add_option("category", o.category, "hardware | models | grids | systems | fabrics | nodes | clusters (default: all)");

  // An unknown first word gets a "did you mean" instead of CLI11's generic message.
  if (argc > 1 && argv[1][0] != '-' &&
      std::find(kCommands.begin(), kCommands.end(), argv[1]) == kCommands.end())
    throw InputError("unknown command " + in_quotes(argv[1]) + did_you_mean(argv[1], kCommands) +
                     " (accepted: " + join_names(kCommands) + ")");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion&) {
    std::cout << "mlsysim " MLSYSIM_VERSION " (C++ engine; follows the reference mlsysim 0.3.0)\n";
    return kSuccess;
  } catch (const CLI::ParseError& e) {
    const std::string command = command_in(argc, argv);
    error_line(std::string(e.what()) + " (see 'mlsysim " + (command.empty() ? "" : command + " ") + "--help')");
    return kBadInput;
  }
  for (char& c : o.output) c = static_cast<char>(std::tolower(c));
  if (solve->parsed()) return run_solve(o);
  if (eval->parsed()) return run_eval(o);
  if (zoo->parsed()) return run_zoo(o);
  throw InputError("no command given; run 'mlsysim solve ...', 'mlsysim eval MODEL HARDWARE' or 'mlsysim zoo' "
                   "(see 'mlsysim --help')");
}

}  // namespace
}  // namespace mlsysim::cli

int main(int argc, char** argv) {
  using mlsysim::cli::error_line;
  try {
    return mlsysim::cli::run(argc, argv);
  } catch (const mlsysim::OutOfMemoryError& e) {
    error_line(std::string("out of memory: ") + mlsysim::cli::human_text(e.what()));
    return mlsysim::cli::kOutOfMemory;
  } catch (const mlsysim::UnknownNameError& e) {
    error_line(std::string(e.what()) + " (run 'mlsysim zoo' to list the registry)");
    return mlsysim::cli::kBadInput;
  } catch (const std::exception& e) {
    error_line(e.what());
    return mlsysim::cli::kBadInput;
  }
}
