// mlsysim: the command-line front end. Each command registers its own
// subcommand (cli/<name>_command.cpp); this file parses the arguments, runs
// the one given and turns errors into one line; it computes no physics. Every error is one line on stderr and exit 1
// (exit 2: out of memory with raise_errors=true).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "core/errors.hpp"
#include "core/precision.hpp"
#include "core/printable.hpp"
#include "core/split.hpp"
#include "core/suggest.hpp"
#include "core/units.hpp"
#include "human.hpp"

#ifndef MLSYSIM_VERSION
#define MLSYSIM_VERSION "unknown"
#endif

namespace mlsysim::cli {

Registry load_registry(const Shared& shared) {
  Registry reg = Registry::builtin();
  for (const auto& f : shared.registry_files) reg.load_file(f);
  return reg;
}

void print_json(const nlohmann::ordered_json& j) { std::cout << j.dump(2) << "\n"; }

std::vector<std::string> split_list(const std::string& text, const char* what) {
  std::vector<std::string> items;
  for (std::string_view item : split(text, ',')) {
    if (item.empty()) throw InputError(std::string(what) + ": an empty item in the list " + in_quotes(text));
    items.emplace_back(item);
  }
  return items;
}

double latency_option_s(const std::string& text, const char* option) {
  const Quantity q = parse_quantity(text);
  if (q.dimension != Dimension::Dimensionless && q.dimension != Dimension::Seconds)
    throw InputError(std::string(option) + " must be a time (a bare number is ms), got " + in_quotes(text, 40));
  return q.dimension == Dimension::Dimensionless ? q.value / 1e3 : q.value;
}

namespace {

void error_line(const std::string& message) { std::fprintf(stderr, "error: %s\n", one_line(message).c_str()); }

// The subcommand the arguments name, for pointing a parse error at its help.
std::string command_in(int argc, char** argv, const std::vector<std::string>& commands) {
  for (int i = 1; i < argc; ++i)
    for (const auto& c : commands)
      if (c == argv[i]) return c;
  return "";
}

int run(int argc, char** argv) {
  Shared shared;
  CLI::App app{"mlsysim: first-principles analytical modeling of ML systems (roofline, serving, memory, energy)",
               "mlsysim"};
  app.require_subcommand(0, 1);
  app.fallthrough();
  app.set_version_flag("--version", "mlsysim " MLSYSIM_VERSION " (C++ engine; follows the reference mlsysim 0.3.0)");
  app.add_option("--registry", shared.registry_files, "Extra registry entries from a YAML/JSON file (repeatable)");
  app.add_option("-o,--output", shared.output, "Output format: text or json (eval and scenario: also markdown, html)")
      ->transform(CLI::IsMember({"text", "json", "markdown", "html"}, CLI::ignore_case));

  // One line per command (cli/<name>_command.cpp).
  const std::vector<Command> commands = {add_solve(app), add_eval(app), add_serve(app), add_train(app), add_reliability(app), add_optimize(app),
                                         add_sweep(app), add_walls(app), add_schema(app), add_zoo(app),
                                         add_plot(app), add_scenario(app)};
  std::vector<std::string> names;
  for (const auto& c : commands) names.push_back(c.app->get_name());

  // An unknown first word gets a "did you mean" instead of CLI11's generic message.
  if (argc > 1 && argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end())
    throw InputError("unknown command " + in_quotes(argv[1]) + did_you_mean(argv[1], names) + " (accepted: " +
                     join_names(names) + ")");
  // The same for the word after a command that only has subcommands ("optimize foo").
  if (argc > 2 && argv[2][0] != '-')
    for (const auto& c : commands)
      if (c.app->get_name() == argv[1] && c.app->get_require_subcommand_min() > 0) {
        std::vector<std::string> subs;
        for (const CLI::App* sub : c.app->get_subcommands({})) subs.push_back(sub->get_name());
        if (std::find(subs.begin(), subs.end(), argv[2]) == subs.end())
          throw InputError("unknown " + c.app->get_name() + " target " + in_quotes(argv[2]) +
                           did_you_mean(argv[2], subs) + " (accepted: " + join_names(subs) + ")");
      }
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
    const std::string command = command_in(argc, argv, names);
    error_line(std::string(e.what()) + " (see 'mlsysim " + (command.empty() ? "" : command + " ") + "--help')");
    return kBadInput;
  }
  for (char& c : shared.output) c = static_cast<char>(std::tolower(c));
  for (const auto& c : commands) {
    if (!c.app->parsed()) continue;
    const std::string name = c.app->get_name();
    if ((shared.output == "markdown" || shared.output == "html") && name != "eval" && name != "scenario")
      throw InputError("-o " + shared.output + " is for the scorecards of 'eval PLAN' and 'scenario NAME'; " + name +
                       " prints text or json");
    return c.run(shared);
  }
  throw InputError("no command given; run 'mlsysim solve ...', 'mlsysim eval MODEL HARDWARE', 'mlsysim serve MODEL "
                   "HARDWARE' or 'mlsysim zoo' (see 'mlsysim --help')");
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
