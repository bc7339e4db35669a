#pragma once
// A solver result as an ordered list of named fields, for the front ends.
// Keys are the reference's field names with the SI unit appended
// (latency -> latency_s, memory_footprint -> memory_footprint_bytes).
#include <string>
#include <variant>
#include <vector>

#include "solvers/single_node.hpp"

namespace mlsysim {

using FieldValue = std::variant<std::monostate, bool, long long, double, std::string, std::vector<std::string>>;

struct Field {
  std::string key;
  FieldValue value;
};

using Record = std::vector<Field>;

Record to_record(const PerformanceProfile& profile);

}  // namespace mlsysim
