#pragma once
// name=value parameters for the generic `solve` door: each solver declares its
// parameters (the reference's keyword names) and this turns text into typed,
// validated values with messages that name the parameter.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/precision.hpp"
#include "core/units.hpp"
#include "registry/registry.hpp"

namespace mlsysim {

enum class ParamKind { Model, Hardware, Grid, Fabric, Node, Cluster, Integer, Number, Bool, Precision, Quantity, Text };

struct ParamSpec {
  std::string name;
  ParamKind kind;
  std::string default_value;  // empty = required
  std::string help;
  Dimension dimension = Dimension::Dimensionless;  // for Quantity
  bool required = false;
};

// "a model name", "an integer", ... for help and errors.
std::string describe(const ParamSpec& spec);

class ParamValues {
 public:
  ParamValues(const std::vector<ParamSpec>& specs, const std::map<std::string, std::string, std::less<>>& given);

  const Workload& model(std::string_view name, const Registry& reg) const;
  const HardwareNode& hardware(std::string_view name, const Registry& reg) const;
  const GridProfile& grid(std::string_view name, const Registry& reg) const;
  const NetworkFabric& fabric(std::string_view name, const Registry& reg) const;
  const Node& node(std::string_view name, const Registry& reg) const;
  const Fleet& cluster(std::string_view name, const Registry& reg) const;
  long long integer(std::string_view name) const;
  // A whole number that fits the solvers' int fields (|value| <= 1e9).
  int count(std::string_view name) const;
  double number(std::string_view name) const;  // dimensionless or Quantity in SI
  bool flag(std::string_view name) const;
  Precision precision(std::string_view name) const;
  std::string text(std::string_view name) const;
  bool has(std::string_view name) const;

 private:
  const std::string& raw(std::string_view name) const;
  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, Dimension, std::less<>> dimensions_;
};

// Splits "key=value" arguments; rejects duplicates and unknown keys (with
// suggestions) and fills in defaults. Throws InputError.
std::map<std::string, std::string, std::less<>> parse_assignments(const std::vector<std::string>& args,
                                                                 const std::vector<ParamSpec>& specs,
                                                                 std::string_view solver);

}  // namespace mlsysim
