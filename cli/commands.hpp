#pragma once
// The CLI's commands, one file each; main.cpp parses arguments into Options
// and calls one. Commands print results; they compute no physics.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "registry/registry.hpp"

namespace mlsysim::cli {

enum ExitCode { kSuccess = 0, kBadInput = 1, kOutOfMemory = 2 };

struct Options {
  std::vector<std::string> registry_files;
  std::string output = "text";
  // solve
  std::string solver;
  std::vector<std::string> assignments;
  bool list_solvers = false;
  std::string describe_solver;
  // eval: each of model, hardware, batch size and precision may be a comma-separated list
  std::string model, hardware, precision = "fp16";
  std::string batch_size = "1", efficiency = "0.5", seq_len = "2048";
  bool training = false;
  // zoo
  std::string category;
};

// The built-in registry plus every --registry file.
Registry load_registry(const Options& o);
void print_json(const nlohmann::ordered_json& j);

int run_solve(const Options& o);
int run_eval(const Options& o);
int run_zoo(const Options& o);

}  // namespace mlsysim::cli
