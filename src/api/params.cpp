#include "api/params.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/errors.hpp"
#include "registry/suggest.hpp"

namespace mlsysim {

std::string describe(const ParamSpec& spec) {
  switch (spec.kind) {
    case ParamKind::Model: return "a model name (see 'mlsysim zoo models')";
    case ParamKind::Hardware: return "a hardware name (see 'mlsysim zoo hardware')";
    case ParamKind::Grid: return "a grid name (see 'mlsysim zoo grids')";
    case ParamKind::Fabric: return "a fabric name (see 'mlsysim zoo systems')";
    case ParamKind::Node: return "a node name (see 'mlsysim zoo systems')";
    case ParamKind::Cluster: return "a cluster name (see 'mlsysim zoo systems')";
    case ParamKind::Integer: return "a whole number";
    case ParamKind::Number: return "a number";
    case ParamKind::Bool: return "true or false";
    case ParamKind::Precision: return "one of " + accepted_precisions();
    case ParamKind::Quantity:
      return std::string("a ") + dimension_name(spec.dimension) + " (" + accepted_units(spec.dimension) + ")";
    case ParamKind::Text: return "text";
  }
  return "a value";
}

std::map<std::string, std::string, std::less<>> parse_assignments(const std::vector<std::string>& args,
                                                                 const std::vector<ParamSpec>& specs,
                                                                 std::string_view solver) {
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);
  auto accepted = [&] {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
  };
  std::map<std::string, std::string, std::less<>> values;
  for (const auto& arg : args) {
    size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError("expected name=value, got '" + arg + "'; " + std::string(solver) + " accepts: " + accepted());
    std::string name = arg.substr(0, eq);
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      auto close = closest_names(name, names, 1);
      throw InputError("unknown parameter '" + name + "' for " + std::string(solver) +
                       (close.empty() ? "" : "; did you mean '" + close[0] + "'?") + " (accepted: " + accepted() + ")");
    }
    if (values.count(name)) throw InputError("parameter '" + name + "' given twice");
    values[name] = arg.substr(eq + 1);
  }
  for (const auto& s : specs) {
    if (values.count(s.name)) continue;
    if (s.required) throw InputError(std::string(solver) + " needs " + s.name + "=<" + describe(s) + ">");
    if (!s.default_value.empty()) values[s.name] = s.default_value;
  }
  return values;
}

ParamValues::ParamValues(const std::vector<ParamSpec>& specs,
                         const std::map<std::string, std::string, std::less<>>& given)
    : values_(given) {
  for (const auto& s : specs)
    if (s.kind == ParamKind::Quantity) dimensions_[s.name] = s.dimension;
}

bool ParamValues::has(std::string_view name) const { return values_.find(name) != values_.end(); }

const std::string& ParamValues::raw(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw InputError("missing parameter '" + std::string(name) + "'");
  return it->second;
}

namespace {
template <typename F>
auto named(std::string_view name, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const UnknownNameError& e) {
    throw InputError(std::string(name) + ": " + e.what());
  }
}
}  // namespace

const Workload& ParamValues::model(std::string_view n, const Registry& r) const { return named(n, [&]() -> const Workload& { return r.model(raw(n)); }); }
const HardwareNode& ParamValues::hardware(std::string_view n, const Registry& r) const { return named(n, [&]() -> const HardwareNode& { return r.hardware(raw(n)); }); }
const GridProfile& ParamValues::grid(std::string_view n, const Registry& r) const { return named(n, [&]() -> const GridProfile& { return r.grid(raw(n)); }); }
const NetworkFabric& ParamValues::fabric(std::string_view n, const Registry& r) const { return named(n, [&]() -> const NetworkFabric& { return r.fabric(raw(n)); }); }
const Node& ParamValues::node(std::string_view n, const Registry& r) const { return named(n, [&]() -> const Node& { return r.node(raw(n)); }); }
const Fleet& ParamValues::cluster(std::string_view n, const Registry& r) const { return named(n, [&]() -> const Fleet& { return r.cluster(raw(n)); }); }

long long ParamValues::integer(std::string_view name) const {
  const std::string& text = raw(name);
  double v;
  try {
    v = parse_quantity_as(text, Dimension::Dimensionless, name);
  } catch (const InputError&) {
    throw InputError(std::string(name) + ": expected a whole number, got '" + text + "'");
  }
  if (v != std::floor(v) || std::fabs(v) > 9e15)
    throw InputError(std::string(name) + ": expected a whole number, got '" + text + "'");
  return static_cast<long long>(v);
}

int ParamValues::count(std::string_view name) const {
  constexpr long long kLimit = 1'000'000'000;
  long long v = integer(name);
  if (v > kLimit || v < -kLimit)
    throw InputError(std::string(name) + " must be at most " + std::to_string(kLimit) + ", got " + raw(name));
  return static_cast<int>(v);
}

double ParamValues::number(std::string_view name) const {
  auto spec = dimensions_.find(name);
  Dimension dim = spec == dimensions_.end() ? Dimension::Dimensionless : spec->second;
  return parse_quantity_as(raw(name), dim, name);
}

bool ParamValues::flag(std::string_view name) const {
  std::string v = to_lower(raw(name));
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  throw InputError(std::string(name) + ": expected true or false, got '" + raw(name) + "'");
}

Precision ParamValues::precision(std::string_view name) const {
  try {
    return parse_precision(raw(name));
  } catch (const InputError& e) {
    throw InputError(std::string(name) + ": " + e.what());
  }
}

std::string ParamValues::text(std::string_view name) const { return raw(name); }

}  // namespace mlsysim
