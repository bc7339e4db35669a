#include "api/solver_spec.hpp"

#include <string_view>

#include "api/spec_builder.hpp"
#include "core/errors.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"

namespace mlsysim::api {

const char* input_kind_name(InputKind kind) {
  switch (kind) {
    case InputKind::Model: return "model";
    case InputKind::Hardware: return "hardware";
    case InputKind::Grid: return "grid";
    case InputKind::Datacenter: return "datacenter";
    case InputKind::Fabric: return "fabric";
    case InputKind::Node: return "node";
    case InputKind::Cluster: return "cluster";
    case InputKind::Integer: return "integer";
    case InputKind::Number: return "number";
    case InputKind::Quantity: return "quantity";
    case InputKind::Bool: return "bool";
    case InputKind::Precision: return "precision";
    case InputKind::Choice: return "choice";
    case InputKind::Text: return "text";
    case InputKind::GridList: return "grid_list";
  }
  return "value";
}

namespace {
std::string with_article(std::string noun) {
  return (std::string_view("aeiou").find(noun.empty() ? 'x' : noun[0]) != std::string_view::npos ? "an " : "a ") + noun;
}
}  // namespace

std::string accepted_values(const InputSpec& in) {
  switch (in.kind) {
    case InputKind::Model: return "a model name (see 'mlsysim zoo models')";
    case InputKind::Hardware: return "a hardware name (see 'mlsysim zoo hardware')";
    case InputKind::Grid: return "a grid name (see 'mlsysim zoo grids')";
    case InputKind::Datacenter: return "a datacenter or grid name (see 'mlsysim zoo grids')";
    case InputKind::Fabric: return "a fabric name (see 'mlsysim zoo systems')";
    case InputKind::Node: return "a node name (see 'mlsysim zoo systems')";
    case InputKind::Cluster: return "a cluster name (see 'mlsysim zoo systems')";
    case InputKind::Integer: return "a whole number";
    case InputKind::Number: return "a number";
    case InputKind::Bool: return "true or false";
    case InputKind::Precision: return "one of " + accepted_precisions();
    case InputKind::Choice: return "one of " + join_names(in.choices);
    case InputKind::Quantity:
      return with_article(dimension_name(in.dimension)) + " (" + accepted_units(in.dimension) + ")" +
             (in.alt_dimension == Dimension::Dimensionless
                  ? ""
                  : " or " + with_article(dimension_name(in.alt_dimension)) + " (" + accepted_units(in.alt_dimension) +
                        ")") +
             (in.bare_unit.empty() ? "" : "; a bare number is in " + in.bare_unit);
    case InputKind::Text: return "text";
    case InputKind::GridList: return "grid names, comma-separated on the command line (see 'mlsysim zoo grids')";
  }
  return "a value";
}

InputError quantity_text_error(const InputSpec& in, const std::string& text, const InputError& cause) {
  if (std::string_view(cause.what()).starts_with("unknown unit"))
    return InputError(in.name + ": unknown unit in " + in_quotes(text) + "; expected " + accepted_values(in));
  return InputError(in.name + ": " + cause.what());
}

const char* output_kind_name(OutputKind kind) {
  switch (kind) {
    case OutputKind::Bool: return "bool";
    case OutputKind::Integer: return "integer";
    case OutputKind::Number: return "number";
    case OutputKind::Text: return "text";
    case OutputKind::TextList: return "text_list";
    case OutputKind::Map: return "map";
    case OutputKind::Result: return "result";
    case OutputKind::ResultList: return "result_list";
  }
  return "value";
}

namespace {
struct UnitSuffix {
  std::string_view suffix;
  const char* si_unit;  // as pint spells it
};
// Longest first, so "_bytes_per_s" is not read as "_s".
constexpr UnitSuffix kSuffixes[] = {
    {"_flop_per_byte", "flop/byte"}, {"_bytes_per_s", "byte/s"}, {"_flop_per_s", "flop/s"},
    {"_per_s", "1/s"},               {"_bytes", "byte"},         {"_flop", "flop"},
    {"_usd", "USD"},                 {"_kg", "kg"},              {"_s", "s"},
    {"_j", "J"},                     {"_w", "W"},                {"_l", "liter"},
};
}  // namespace

const char* si_unit_of_key(const std::string& key) {
  for (const auto& s : kSuffixes)
    if (key.size() > s.suffix.size() && key.ends_with(s.suffix)) return s.si_unit;
  return nullptr;
}

const InputSpec& SolverSpec::input(std::string_view wanted) const {
  for (const InputSpec& in : inputs)
    if (in.name == wanted) return in;
  throw std::logic_error(name + " has no input " + std::string(wanted));
}

namespace detail {
size_t choice_index(const std::string& text, const InputSpec& in) {
  const std::string wanted = to_lower(text);
  for (size_t i = 0; i < in.choices.size(); ++i)
    if (to_lower(in.choices[i]) == wanted) return i;
  throw InputError(in.name + ": unknown value " + in_quotes(text) + did_you_mean(text, in.choices) +
                   " (accepted: " + join_names(in.choices) + ")");
}
}  // namespace detail

}  // namespace mlsysim::api
