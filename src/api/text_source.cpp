#include "api/text_source.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "core/printable.hpp"
#include "core/split.hpp"
#include "core/suggest.hpp"

namespace mlsysim::api {

TextSource::TextSource(const SolverSpec& spec, const std::vector<std::string>& args, const Registry& registry,
                       std::string_view context)
    : registry_(registry) {
  std::vector<std::string> names;
  for (const auto& in : spec.inputs) names.push_back(in.name);
  for (const auto& arg : args) {
    const size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError("expected name=value, got " + in_quotes(arg) + "; " + std::string(context) +
                       " accepts: " + join_names(names));
    std::string name = arg.substr(0, eq);
    if (std::find(names.begin(), names.end(), name) == names.end())
      throw InputError("unknown parameter " + in_quotes(name) + " for " + std::string(context) + did_you_mean(name, names) +
                       " (accepted: " + join_names(names) + ")");
    if (values_.count(name)) throw InputError("parameter " + in_quotes(name) + " given twice");
    values_[name] = arg.substr(eq + 1);
  }
}

bool TextSource::given(const InputSpec& in) { return values_.find(in.name) != values_.end(); }

const std::string& TextSource::raw(const InputSpec& in) const {
  auto it = values_.find(in.name);
  if (it == values_.end()) throw InputError("missing parameter '" + in.name + "'");
  return it->second;
}

bool TextSource::is_none(const InputSpec& in) {
  const std::string v = to_lower(raw(in));
  return v == "none" || v == "null";
}

long long TextSource::integer(const InputSpec& in) {
  const std::string& text = raw(in);
  double v;
  try {
    v = parse_quantity_as(text, Dimension::Dimensionless, in.name);
  } catch (const InputError&) {
    throw InputError(in.name + ": expected a whole number, got " + in_quotes(text));
  }
  if (v != std::floor(v) || std::fabs(v) > 9e15)
    throw InputError(in.name + ": expected a whole number, got " + in_quotes(text));
  return static_cast<long long>(v);
}

double TextSource::number(const InputSpec& in) {
  const std::string& text = raw(in);
  if (in.kind != InputKind::Quantity) {
    Quantity q;
    try {
      q = parse_quantity(text);
    } catch (const InputError&) {
      q.dimension = Dimension::Bytes;  // anything but a plain number
    }
    if (q.dimension != Dimension::Dimensionless) {
      const bool percent = !text.empty() && text.back() == '%';
      throw InputError(in.name + ": expected a plain number (no unit), got " + in_quotes(text) +
                       (percent ? " (write a fraction: 0.5 for 50%)" : ""));
    }
    return q.value;
  }
  Quantity q;
  try {
    q = parse_quantity(text);
  } catch (const InputError& e) {
    throw quantity_text_error(in, text, e);
  }
  if (q.dimension == Dimension::Dimensionless) return scale_by_unit(q.value, in.bare_unit_factor);
  if (q.dimension == in.dimension || (q.dimension == in.alt_dimension && q.dimension != Dimension::Dimensionless))
    return q.value;
  throw InputError(in.name + ": " + in_quotes(text) + " is a " + dimension_name(q.dimension) + ", expected " +
                   accepted_values(in));
}

Dimension TextSource::dimension_of(const InputSpec& in) {
  number(in);  // the same checks
  const Dimension d = parse_quantity(raw(in)).dimension;
  return d == Dimension::Dimensionless ? in.dimension : d;
}

bool TextSource::flag(const InputSpec& in) {
  const std::string v = to_lower(raw(in));
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  throw InputError(in.name + ": expected true or false, got " + in_quotes(raw(in)));
}

std::string TextSource::text(const InputSpec& in) { return raw(in); }

Precision TextSource::precision(const InputSpec& in) {
  try {
    return parse_precision(raw(in));
  } catch (const InputError& e) {
    throw InputError(in.name + ": " + e.what());
  }
}

namespace {
// A registry miss names the parameter: "model: unknown model 'X'; did you mean 'Y'?".
template <typename F>
auto named(const InputSpec& in, F&& lookup) -> decltype(lookup()) {
  try {
    return lookup();
  } catch (const UnknownNameError& e) {
    throw InputError(in.name + ": " + e.what());
  }
}
}  // namespace

const Workload& TextSource::model(const InputSpec& in) {
  return named(in, [&]() -> const Workload& { return registry_.model(raw(in)); });
}
const HardwareNode& TextSource::hardware(const InputSpec& in) {
  return named(in, [&]() -> const HardwareNode& { return registry_.hardware(raw(in)); });
}
const GridProfile& TextSource::grid(const InputSpec& in) {
  return named(in, [&]() -> const GridProfile& { return registry_.grid(raw(in)); });
}
Datacenter TextSource::datacenter(const InputSpec& in) {
  return named(in, [&]() { return registry_.site(raw(in)); });
}
GridList TextSource::grid_list(const InputSpec& in) {
  GridList out;
  const std::string& text = raw(in);
  for (std::string_view piece : split(text, ',')) {
    const std::string_view item = trim(piece);
    if (item.empty())
      throw InputError(in.name + ": an empty name in " + in_quotes(text, 80) +
                       " (give grid names separated by commas: Quebec,Iowa)");
    const GridProfile& g = named(in, [&]() -> const GridProfile& { return registry_.grid(item); });
    out.names.push_back(g.key);
    out.grids.push_back(&g);
  }
  return out;
}
const NetworkFabric& TextSource::fabric(const InputSpec& in) {
  return named(in, [&]() -> const NetworkFabric& { return registry_.fabric(raw(in)); });
}
const Node& TextSource::node(const InputSpec& in) {
  return named(in, [&]() -> const Node& { return registry_.node(raw(in)); });
}
const Fleet& TextSource::cluster(const InputSpec& in) {
  return named(in, [&]() -> const Fleet& { return registry_.cluster(raw(in)); });
}

}  // namespace mlsysim::api
