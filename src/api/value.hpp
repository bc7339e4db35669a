#pragma once
// A solver result as the front ends see it: a tree of named values (numbers,
// flags, text, lists, nested results), in SI units, with the unit in each key
// (latency_s, memory_footprint_bytes). Any value is reachable by a dotted path
// ("node_profile.latency_s", "top_candidates.0.tp"), for searches, plan
// assertions and scorecards. This header knows no solver.
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace mlsysim {

struct Value;
using List = std::vector<Value>;
using Record = std::vector<std::pair<std::string, Value>>;  // ordered fields

struct Value {
  std::variant<std::monostate, bool, long long, double, std::string, List, Record> data;

  Value() = default;
  Value(std::monostate) {}
  Value(bool v) : data(v) {}
  Value(int v) : data(static_cast<long long>(v)) {}
  Value(long long v) : data(v) {}
  Value(double v) : data(v) {}
  Value(const char* v) : data(std::string(v)) {}
  Value(std::string v) : data(std::move(v)) {}
  Value(List v) : data(std::move(v)) {}
  Value(Record v) : data(std::move(v)) {}
  Value(const std::vector<std::string>& lines);

  bool is_none() const { return std::holds_alternative<std::monostate>(data); }
  template <typename T>
  const T* get_if() const { return std::get_if<T>(&data); }

  // Same kind and the same value, field by field (doubles compared exactly).
  friend bool operator==(const Value& a, const Value& b) { return a.data == b.data; }
};

// The value at a dotted path, or nullptr. A list element is addressed by its
// index ("candidates.2.label").
const Value* find_path(const Record& record, std::string_view path);

// Every addressable path below `record` whose value is a number, flag or
// text, in order ("latency_s", "node_profile.latency_s", ...).
std::vector<std::string> leaf_paths(const Record& record);

}  // namespace mlsysim
