#pragma once
// A solver's description as data: what `mlsysim solve --describe NAME` prints
// (as text or JSON) and what Python's `_core.solver_specs()` returns, so the
// CLI, the Python classes and the reference harness read the same thing.
#include "api/solver_spec.hpp"
#include "api/value.hpp"

namespace mlsysim::api {

// name, summary, aliases, walls, result, inputs [...], outputs [...]
Record describe(const SolverSpec& spec);

// key, attr, kind, help, si_unit, display_unit, ref_unit, nullable; nested
// results carry "result" (their class name) and "outputs".
List describe_outputs(const ResultSpec& spec);

}  // namespace mlsysim::api
