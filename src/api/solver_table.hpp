#pragma once
// Every solver the generic `mlsysim solve SOLVER name=value ...` door can run:
// its parameters (the reference's keyword names and defaults) and how to run it.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/params.hpp"
#include "api/record.hpp"
#include "registry/registry.hpp"

namespace mlsysim {

struct SolverSpec {
  std::string name;                  // "SingleNodeModel"
  std::vector<std::string> aliases;  // "Engine.solve", ...
  std::string summary;
  std::vector<ParamSpec> params;
  std::function<Record(const ParamValues&, const Registry&)> run;
};

const std::vector<SolverSpec>& solver_table();

// Case-insensitive by name or alias; an unknown name is an InputError listing
// the solvers and suggesting the closest.
const SolverSpec& find_solver(std::string_view name);

}  // namespace mlsysim
