#pragma once
// The CLI's commands, one file each. Each registers its own subcommand and
// options on the app and returns what runs it, so a new command touches its
// own file and one line of main.cpp. Commands print results; they compute no
// physics (that is the solvers', through the generic door).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "api/value.hpp"
#include "registry/registry.hpp"

namespace mlsysim::cli {

enum ExitCode { kSuccess = 0, kBadInput = 1, kOutOfMemory = 2, kSlaFailed = 3 };

// The options before the command, which every command sees.
struct Shared {
  std::vector<std::string> registry_files;
  std::string output = "text";  // text | json
};

struct Command {
  CLI::App* app;                          // the subcommand, to know whether it was parsed
  std::function<int(const Shared&)> run;  // runs it with its parsed options
};

Command add_solve(CLI::App& app);
Command add_eval(CLI::App& app);
Command add_serve(CLI::App& app);
Command add_train(CLI::App& app);
Command add_reliability(CLI::App& app);
Command add_optimize(CLI::App& app);
Command add_zoo(CLI::App& app);
Command add_sweep(CLI::App& app);
Command add_walls(CLI::App& app);
Command add_schema(CLI::App& app);
Command add_plot(CLI::App& app);  // plot_command.cpp: runs the Python package's plotter
Command add_scenario(CLI::App& app);  // scenario_command.cpp: 0.3.0's Scenarios as scorecards
// Plan files (plan_command.cpp): a path ending .yaml, .yml or .json; `eval PLAN` (exit 3 on a failed assert).
bool is_plan_path(const std::string& arg);
int run_plan_eval(const std::string& path, const Shared& shared);
// `optimize placement|parallelism|batching PLAN`: the plan's fleet, model and hardware.
struct PlanOptimizeOptions {
  double carbon_tax = 100.0;  // placement: USD per tonne
  bool full = false;          // parallelism: the full search
  std::string sla_ms, qps;    // batching
};
int run_plan_optimize(const std::string& what, const std::string& path, const PlanOptimizeOptions& o,
                      const Shared& shared);
// `optimize parallelism`, a subcommand of `optimize`: runs it when parsed, else returns -1.
std::function<int(const Shared&)> add_optimize_parallelism(CLI::App& optimize);

// A training job's checkpoint and reliability (reliability_command.cpp; `train --job-hours`).
struct JobReliability {
  Record checkpoint, reliability;  // CheckpointModel (one writer per node), ReliabilityModel
  double write_s = 0;
  int writers = 1;
};
JobReliability job_reliability(const Registry& reg, const std::string& cluster, const std::string& model,
                               const std::string& job_hours);
void print_job_reliability(const JobReliability& job, const Fleet& fleet, const std::string& job_hours);

// The built-in registry plus every --registry file.
Registry load_registry(const Shared& shared);
void print_json(const nlohmann::ordered_json& j);
// "H100,MI300X" -> {"H100", "MI300X"}; an empty item is an InputError naming `what`.
std::vector<std::string> split_list(const std::string& text, const char* what);
// A latency option ("50 ms", "2 s"; a bare number is ms) in seconds; another kind of quantity is an
// InputError naming `option`.
double latency_option_s(const std::string& text, const char* option);

}  // namespace mlsysim::cli
