#include "api/text_search.hpp"

#include <cmath>

#include "api/text_source.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/printable.hpp"
#include "core/split.hpp"
#include "core/units.hpp"

namespace mlsysim::api {

namespace {
constexpr size_t kMaxAxisValues = 10'000'000;

bool numeric(const InputSpec& in) {
  return in.kind == InputKind::Integer || in.kind == InputKind::Number || in.kind == InputKind::Quantity;
}

std::vector<std::string> range_values(const InputSpec& in, const std::string& text) {
  std::vector<std::string> parts;
  for (std::string_view part : split(text, ':')) parts.emplace_back(part);
  const auto fail = [&](const std::string& why) {
    return InputError(in.name + ": range " + in_quotes(text, 60) + ": " + why);
  };
  if (parts.size() != 2 && parts.size() != 3) throw fail("expected lo:hi:n (n evenly spaced values, both ends included)");
  Quantity lo, hi;
  try {
    lo = parse_quantity(parts[0]);
    hi = parse_quantity(parts[1]);
  } catch (const InputError& e) {
    throw fail(e.what());
  }
  if (!std::isfinite(lo.value) || !std::isfinite(hi.value)) throw fail("the ends must be finite");
  if (lo.dimension != hi.dimension) throw fail("both ends need the same kind of unit");
  // A unit on the ends: values are written in SI with that dimension's unit name.
  const std::string unit = lo.dimension == Dimension::Dimensionless ? "" : std::string(" ") + si_unit_name(lo.dimension);
  const bool integer = in.kind == InputKind::Integer;
  long long n = 0;
  if (parts.size() == 3) {
    double count = 0;
    try {
      count = parse_quantity(parts[2]).value;
    } catch (const InputError&) {
      throw fail("n must be a whole number >= 1, got " + in_quotes(parts[2], 20));
    }
    if (!(count >= 1) || count != std::floor(count) || count > static_cast<double>(kMaxAxisValues))
      throw fail("n must be a whole number in [1, 10000000], got " + in_quotes(parts[2], 20));
    n = static_cast<long long>(count);
  } else {
    if (!integer) throw fail("give the number of values: lo:hi:n");
    if (lo.value != std::floor(lo.value) || hi.value != std::floor(hi.value)) throw fail("the ends must be whole numbers");
    const double span = std::fabs(hi.value - lo.value) + 1;
    if (span > static_cast<double>(kMaxAxisValues)) throw fail("more than 10000000 values");
    n = static_cast<long long>(span);
  }
  std::vector<std::string> values;
  values.reserve(static_cast<size_t>(n));
  for (long long i = 0; i < n; ++i) {
    const double v = n == 1 ? lo.value : lo.value + (hi.value - lo.value) * static_cast<double>(i) / static_cast<double>(n - 1);
    if (integer) {
      const double r = std::round(v);
      if (std::fabs(r - v) > 1e-9 * std::max(1.0, std::fabs(v)))
        throw fail("the steps are not whole numbers (" + python_repr(v) + "); choose n so they are, or lo:hi");
      values.push_back(std::to_string(static_cast<long long>(r)));
    } else {
      values.push_back(python_repr(v) + unit);
    }
  }
  return values;
}
// How a value shows in tables and JSON: whole numbers and plain numbers as numbers, the rest
// (names, quantities with units) as written.
Value label(const InputSpec& in, const std::string& text) {
  if (in.kind == InputKind::Integer || in.kind == InputKind::Number) {
    try {
      const Quantity q = parse_quantity(text);
      if (q.dimension == Dimension::Dimensionless)
        return in.kind == InputKind::Integer ? Value(static_cast<long long>(q.value)) : Value(q.value);
    } catch (const InputError&) {
    }
  }
  return Value(text);
}

}  // namespace

std::vector<std::string> axis_values(const InputSpec& input, const std::string& text) {
  if (numeric(input) && text.find(':') != std::string::npos) return range_values(input, text);
  if (input.kind == InputKind::GridList) return {text};  // its commas are its own list
  std::vector<std::string> values;
  for (std::string_view piece : split(text, ',')) {
    const std::string_view v = trim(piece, " ");
    if (v.empty()) throw InputError(input.name + ": an empty value in " + in_quotes(text, 60) + " (values are separated by commas)");
    values.emplace_back(v);
  }
  return values;
}

SearchSpace text_search_space(const SolverSpec& solver, const std::vector<std::string>& args, const Registry& registry) {
  SearchSpace space;
  space.solver = &solver;
  space.base = solver.make_inputs();
  // The door's checks (name=value, known names, no duplicates) on the whole line first.
  TextSource all(solver, args, registry, solver.name);
  // Every axis's values first, so an oversized grid is refused before anything is read.
  std::vector<std::pair<const InputSpec*, std::vector<std::string>>> given;
  size_t points = 1;
  for (const InputSpec& in : solver.inputs) {
    if (!all.given(in)) continue;
    std::string text;
    for (const auto& a : args)
      if (a.compare(0, in.name.size() + 1, in.name + "=") == 0) text = a.substr(in.name.size() + 1);
    given.emplace_back(&in, axis_values(in, text));
    points = times_axis(points, given.back().second.size());
  }
  std::vector<const InputSpec*> fixed;
  for (const auto& [in, values] : given) {
    if (values.size() == 1) {
      TextSource one(solver, {in->name + "=" + values[0]}, registry, solver.name);
      read_one(solver, *in, one, space.base.get());
      fixed.push_back(in);
      continue;
    }
    SearchSpace::Axis axis;
    axis.input = in;
    for (const std::string& v : values) {
      TextSource one(solver, {in->name + "=" + v}, registry, solver.name);
      axis.values.push_back(read_one(solver, *in, one));
      axis.labels.push_back(label(*in, v));
    }
    space.axes.push_back(std::move(axis));
  }
  require_complete(space, fixed);
  return space;
}

}  // namespace mlsysim::api
