#pragma once
// A search space written as text, `name=value` (the CLI's `mlsysim sweep`):
// `name=v1,v2,v3` is an axis of those values, `name=lo:hi:n` an axis of n
// evenly spaced numbers from lo to hi (both included; an integer input may
// write `lo:hi` for every whole number between), and `name=value` a fixed
// input. Values parse exactly as `solve` parses them.
#include <string>
#include <vector>

#include "api/search.hpp"
#include "registry/registry.hpp"

namespace mlsysim::api {

SearchSpace text_search_space(const SolverSpec& solver, const std::vector<std::string>& args, const Registry& registry);

// The values an axis text stands for ("1,8,32" or "1:1024:5"), as text `solve` reads.
std::vector<std::string> axis_values(const InputSpec& input, const std::string& text);

}  // namespace mlsysim::api
