#pragma once
// The generic door every front end uses: find a solver by name, run it from
// any InputSource (CLI text, Python objects), and turn its result into a
// Record. Built from the one-line-per-solver list in solvers.def.
#include <memory>
#include <string_view>
#include <vector>

#include "api/solver_spec.hpp"
#include "api/value.hpp"

namespace mlsysim::api {

// Every solver, in solvers.def order.
const std::vector<const SolverSpec*>& solver_table();

// Case-insensitive by name or alias; an unknown name is an InputError listing
// the solvers and suggesting the closest.
const SolverSpec& find_solver(std::string_view name);

// Default Inputs, then every given input assigned in spec order (after
// checking that the required ones are all given), then the solve. Throws
// InputError on bad input; what the solver throws passes through.
std::shared_ptr<const void> run_solver(const SolverSpec& spec, InputSource& source);

// Every field of a result, nested results and lists included, in spec order.
Record to_record(const ResultSpec& spec, const void* result);

// The value of one field (a nested result becomes its Record).
Value field_value(const OutputSpec& output, const void* result);

}  // namespace mlsysim::api
