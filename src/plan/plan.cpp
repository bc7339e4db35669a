#include "plan/plan.hpp"

#include <cmath>
#include <cstring>
#include <tuple>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"
#include "core/units.hpp"
#include "core/user_file.hpp"
#include "registry/document.hpp"

namespace mlsysim {

namespace {

using json = nlohmann::ordered_json;
constexpr size_t kMaxPlanBytes = size_t{16} << 20;

// The line where `path` (a.b.c) is written, found by indentation in YAML (a key at a deeper
// indent below its parent) or as "key": in JSON; 0 when it cannot be found.
size_t line_of(std::string_view text, const std::vector<std::string>& path) {
  size_t from = 0, line = 0;
  int parent_indent = -1;
  for (const std::string& key : path) {
    bool found = false;
    size_t pos = from, n = 1;
    for (size_t i = 0; i < from; ++i) n += text[i] == '\n';
    while (pos < text.size()) {
      const size_t eol = std::min(text.find('\n', pos), text.size());
      std::string_view l = text.substr(pos, eol - pos);
      const size_t indent = l.find_first_not_of(" -");
      if (indent != std::string_view::npos) {
        std::string_view rest = l.substr(indent);
        const bool yaml_key = rest.starts_with(key) && rest.substr(key.size()).starts_with(":");
        const bool json_key = rest.starts_with("\"" + key + "\"");
        if ((yaml_key && static_cast<int>(indent) > parent_indent) || json_key) {
          parent_indent = static_cast<int>(indent);
          line = n;
          from = eol;
          found = true;
          break;
        }
      }
      pos = eol + 1;
      ++n;
    }
    if (!found) break;
  }
  return line;
}

class Reader {
 public:
  Reader(std::string_view text, std::string origin) : text_(text), origin_(std::move(origin)) {}

  [[noreturn]] void fail(const std::vector<std::string>& path, const std::string& why) const {
    std::string key;
    for (const auto& p : path) key += (key.empty() ? "" : ".") + p;
    const size_t line = line_of(text_, path);
    throw InputError("plan " + in_quotes(origin_, 200) + (line ? ", line " + std::to_string(line) : "") +
                     (key.empty() ? "" : ", " + printable(key, 80)) + ": " + why);
  }

  // The mapping at `path`, with only `allowed` keys.
  const json& mapping(const json& j, const std::vector<std::string>& path, const std::vector<std::string>& allowed) const {
    if (!j.is_object()) fail(path, "expected a mapping of " + join_names(allowed));
    for (auto it = j.begin(); it != j.end(); ++it)
      if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
        std::vector<std::string> at = path;
        at.push_back(it.key());
        fail(at, "unknown key" + did_you_mean(it.key(), allowed) + " (accepted: " + join_names(allowed) + ")");
      }
    return j;
  }
  std::vector<std::string> at(std::vector<std::string> path, const std::string& key) const {
    path.push_back(key);
    return path;
  }
  std::string text(const json& j, const std::vector<std::string>& path) const {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number()) return python_repr(j.get<double>());  // version: 1.0 unquoted
    fail(path, "expected text");
  }
  long long positive_integer(const json& j, const std::vector<std::string>& path) const {
    if (!j.is_number() || j.is_boolean()) fail(path, "expected a whole number > 0, got " + printable(j.dump(), 40));
    const double v = j.get<double>();
    if (v != std::floor(v) || v < 1 || v > 1e9) fail(path, "expected a whole number in [1, 1e9], got " + python_repr(v));
    return static_cast<long long>(v);
  }
  double number(const json& j, const std::vector<std::string>& path) const {
    if (!j.is_number() || j.is_boolean()) fail(path, "expected a number, got " + printable(j.dump(), 40));
    const double v = j.get<double>();
    if (!std::isfinite(v)) fail(path, "expected a finite number");
    return v;
  }
  // A bandwidth: "400 GB/s", or a bare number of GB/s.
  double bandwidth(const json& j, const std::vector<std::string>& path) const {
    double v = 0;
    if (j.is_number() && !j.is_boolean()) {
      v = j.get<double>() * 1e9;
    } else if (j.is_string()) {
      Quantity q;
      try {
        q = parse_quantity(j.get<std::string>());
      } catch (const InputError& e) {
        fail(path, e.what());
      }
      if (q.dimension == Dimension::Dimensionless) q.value *= 1e9;
      else if (q.dimension != Dimension::BytesPerSecond)
        fail(path, "expected a data rate like \"400 GB/s\", got a " + std::string(dimension_name(q.dimension)));
      v = q.value;
    } else {
      fail(path, "expected a data rate like \"400 GB/s\"");
    }
    if (!(v > 0) || !std::isfinite(v)) fail(path, "a bandwidth must be > 0");
    return v;
  }

 private:
  std::string_view text_;
  std::string origin_;
};

// A limit in the metric's unit: a bare number as it is, or a quantity text converted.
std::optional<double> limit_value(const Reader& r, const json& j, const std::vector<std::string>& path, std::string& text) {
  if (j.is_null()) return std::nullopt;
  if (j.is_number() && !j.is_boolean()) return r.number(j, path);
  if (!j.is_string()) r.fail(path, "expected a number (in the metric's unit) or a quantity like \"20 s\"");
  text = j.get<std::string>();
  return std::nullopt;  // converted at evaluation, when the metric's unit is known
}

// The plan's fleet: `nodes` nodes of `apn` accelerators on the plan's fabric, in its region. The
// link inside a node is the plan's, else the accelerator's NVLink, else its host link, else the fabric.
void build_fleet(Plan& p, long long apn, long long nodes) {
  p.node = std::make_shared<Node>();
  p.node->key = p.node->name = p.hardware->name + " Node";
  p.node->accelerator = p.hardware;
  p.node->accelerators_per_node = static_cast<int>(apn);
  p.node->intra_node_bw_bytes_per_s =
      p.intra_node_bw_bytes_per_s ? *p.intra_node_bw_bytes_per_s
      : p.hardware->nvlink        ? p.hardware->nvlink->bandwidth_per_direction_bytes_per_s()
      : p.hardware->interconnect  ? p.hardware->interconnect->bandwidth_per_direction_bytes_per_s()
                                  : p.fabric_bandwidth_bytes_per_s;
  p.fabric = std::make_shared<NetworkFabric>();
  p.fabric->key = p.fabric->name = "Default Fabric";
  p.fabric->bandwidth_bytes_per_s = p.fabric_bandwidth_bytes_per_s;
  p.fleet = std::make_shared<Fleet>();
  p.fleet->key = p.fleet->name = p.hardware->name + " Fleet";
  p.fleet->node = p.node.get();
  p.fleet->count = static_cast<int>(nodes);
  p.fleet->fabric = p.fabric.get();
  p.fleet->region = p.region;
}

}  // namespace

long long Plan::total_accelerators() const {
  if (node_count && accelerators_per_node) return *node_count * *accelerators_per_node;
  return accelerators.value_or(1);
}

EvaluationInputs Plan::evaluation_inputs() const {
  EvaluationInputs in;
  in.scenario_name = name;
  in.model = model;
  in.hardware = hardware;
  in.batch_size = batch_size;
  in.precision = precision;
  in.efficiency = efficiency;
  in.fleet = fleet.get();
  in.nodes = total_accelerators();
  if (has_ops) in.duration_s = duration_s;
  in.region = region;
  in.seq_len = seq_len;
  return in;
}

Plan parse_plan(std::string_view text, const std::string& origin, bool yaml, const Registry& registry) {
  const json doc = registry::parse_user_document(text, "plan " + in_quotes(origin, 200), yaml);
  Reader r(text, origin);
  Plan p;
  p.origin = origin;
  const json& top = r.mapping(doc, {}, {"version", "name", "workload", "hardware", "ops", "constraints"});
  for (const char* key : {"version", "name", "workload", "hardware"})
    if (!top.contains(key)) r.fail({}, std::string("missing '") + key + "' (a plan needs version, name, workload, hardware)");
  p.version = r.text(top["version"], {"version"});
  p.name = r.text(top["name"], {"name"});
  if (p.name.size() > 200 || p.name != printable(p.name, 200)) r.fail({"name"}, "a name is at most 200 printable characters");

  const json& w = r.mapping(top["workload"], {"workload"}, {"name", "batch_size", "seq_len"});
  if (!w.contains("name")) r.fail({"workload"}, "missing 'name' (a model, see 'mlsysim zoo models')");
  try {
    p.model = &registry.model(r.text(w["name"], {"workload", "name"}));
  } catch (const UnknownNameError& e) {
    r.fail({"workload", "name"}, e.what());
  }
  if (w.contains("batch_size")) p.batch_size = static_cast<int>(r.positive_integer(w["batch_size"], {"workload", "batch_size"}));
  if (w.contains("seq_len")) p.seq_len = static_cast<int>(r.positive_integer(w["seq_len"], {"workload", "seq_len"}));

  const std::vector<std::string> hw_path = {"hardware"};
  const json& h = r.mapping(top["hardware"], hw_path,
                            {"name", "accelerators", "node_count", "accelerators_per_node", "intra_node_bw",
                             "fabric_bandwidth", "precision", "efficiency"});
  if (!h.contains("name")) r.fail(hw_path, "missing 'name' (an accelerator, see 'mlsysim zoo hardware')");
  try {
    p.hardware = &registry.hardware(r.text(h["name"], r.at(hw_path, "name")));
  } catch (const UnknownNameError& e) {
    r.fail(r.at(hw_path, "name"), e.what());
  }
  for (const char* key : {"accelerators", "node_count", "accelerators_per_node"}) {
    if (!h.contains(key) || h[key].is_null()) continue;
    const long long v = r.positive_integer(h[key], r.at(hw_path, key));
    (std::string(key) == "accelerators" ? p.accelerators : std::string(key) == "node_count" ? p.node_count
                                                                                            : p.accelerators_per_node) = v;
  }
  if (p.node_count && !p.accelerators_per_node)
    r.fail(r.at(hw_path, "node_count"), "hardware.node_count requires hardware.accelerators_per_node");
  if (p.node_count && p.accelerators && *p.node_count * *p.accelerators_per_node != *p.accelerators)
    r.fail(r.at(hw_path, "accelerators"), "hardware.node_count * hardware.accelerators_per_node must equal hardware.accelerators");
  if (h.contains("intra_node_bw") && !h["intra_node_bw"].is_null())
    p.intra_node_bw_bytes_per_s = r.bandwidth(h["intra_node_bw"], r.at(hw_path, "intra_node_bw"));
  if (h.contains("fabric_bandwidth")) p.fabric_bandwidth_bytes_per_s = r.bandwidth(h["fabric_bandwidth"], r.at(hw_path, "fabric_bandwidth"));
  if (h.contains("precision")) {
    try {
      p.precision = parse_precision(r.text(h["precision"], r.at(hw_path, "precision")));
    } catch (const InputError& e) {
      r.fail(r.at(hw_path, "precision"), e.what());
    }
  }
  if (h.contains("efficiency")) {
    p.efficiency = r.number(h["efficiency"], r.at(hw_path, "efficiency"));
    if (!(p.efficiency > 0 && p.efficiency <= 1)) r.fail(r.at(hw_path, "efficiency"), "must be in (0, 1], got " + python_repr(p.efficiency));
  }

  p.region = &registry.grid("US_Avg");
  if (top.contains("ops") && !top["ops"].is_null()) {
    const json& o = r.mapping(top["ops"], {"ops"}, {"region", "duration_days"});
    p.has_ops = true;
    if (o.contains("region")) {
      try {
        p.region = &registry.grid(r.text(o["region"], {"ops", "region"}));
      } catch (const UnknownNameError& e) {
        r.fail({"ops", "region"}, e.what() + std::string(" (a grid, see 'mlsysim zoo grids')"));
      }
    }
    if (o.contains("duration_days")) {
      const double days = r.number(o["duration_days"], {"ops", "duration_days"});
      if (!(days > 0) || days > 1e6) r.fail({"ops", "duration_days"}, "must be in (0, 1e6] days, got " + python_repr(days));
      p.duration_s = days * 86400;
    }
  }

  if (top.contains("constraints") && !top["constraints"].is_null()) {
    const json& c = r.mapping(top["constraints"], {"constraints"}, {"assert"});
    if (c.contains("assert")) {
      if (!c["assert"].is_array()) r.fail({"constraints", "assert"}, "expected a list of {metric, max, min}");
      for (const json& a : c["assert"]) {
        const std::vector<std::string> ap = {"constraints", "assert"};
        r.mapping(a, ap, {"metric", "max", "min"});
        if (!a.contains("metric")) r.fail(ap, "an assertion needs a metric (like macro.carbon_footprint)");
        PlanAssert pa;
        pa.metric = r.text(a["metric"], r.at(ap, "metric"));
        if (a.contains("max")) pa.max = limit_value(r, a["max"], r.at(ap, "max"), pa.max_text);
        if (a.contains("min")) pa.min = limit_value(r, a["min"], r.at(ap, "min"), pa.min_text);
        p.asserts.push_back(std::move(pa));
      }
    }
  }

  // A multi-accelerator plan's nodes hold accelerators_per_node (else the hardware's own count, else 1).
  const long long total = p.total_accelerators();
  if (total > 1) {
    const long long apn = p.accelerators_per_node.value_or(p.hardware->accelerator_count.value_or(1));
    if (total % apn != 0)
      r.fail(r.at(hw_path, "accelerators_per_node"), "hardware total accelerators must be divisible by hardware.accelerators_per_node (got " +
                                                        std::to_string(total) + " and " + std::to_string(apn) + ")");
    build_fleet(p, apn, total / apn);
  } else if (p.has_ops) {
    build_fleet(p, 1, 1);  // one accelerator still costs money and emits carbon: the macro level prices it
  }
  return p;
}

Plan load_plan(const std::string& path, const Registry& registry) {
  const std::string file = "plan " + in_quotes(path, 200);
  const bool yaml = path.ends_with(".yaml") || path.ends_with(".yml");
  if (!yaml && !path.ends_with(".json")) throw InputError(file + ": expected a .yaml, .yml or .json file");
  const std::string text = read_user_file(path, file, kMaxPlanBytes);
  return parse_plan(text, path, yaml, registry);
}

std::vector<std::pair<std::string, const Metric*>> metric_paths(const SystemEvaluation& e) {
  std::vector<std::pair<std::string, const Metric*>> out;
  for (const auto& [prefix, level] : {std::pair<const char*, const EvaluationLevel*>{"feasibility", &e.feasibility},
                                      {"performance", &e.performance}, {"macro", &e.macro}})
    for (const Metric& m : level->metrics) out.emplace_back(std::string(prefix) + "." + m.key, &m);
  return out;
}

namespace {
// A limit written with a unit, in the metric's unit.
double converted(const std::string& text, const Metric& m, const std::string& path) {
  const auto fail = [&](const std::string& why) {
    return InputError("assert on " + path + ": the limit " + in_quotes(text, 40) + " " + why);
  };
  // Carbon is in tonnes; our unit parser has no mass, so kg and t are read here.
  if (m.unit == "t") {
    for (const auto& [suffix, per_t] : {std::pair<const char*, double>{" kg", 1e-3}, {" t", 1.0}})
      if (text.size() > std::strlen(suffix) && text.ends_with(suffix)) {
        Quantity q;
        try {
          q = parse_quantity(text.substr(0, text.size() - std::strlen(suffix)));
        } catch (const InputError& e) {
          throw fail(e.what());
        }
        if (q.dimension != Dimension::Dimensionless || !std::isfinite(q.value)) throw fail("is not a number of t or kg");
        return q.value * per_t;
      }
    throw fail("needs the unit t or kg (or a bare number of tonnes)");
  }
  Quantity q;
  try {
    q = parse_quantity(text);
  } catch (const InputError& e) {
    throw fail(e.what());
  }
  if (q.dimension == Dimension::Dimensionless) return q.value;
  static const std::vector<std::tuple<std::string, Dimension, double>> units = {
      {"ms", Dimension::Seconds, 1e3}, {"GB", Dimension::Bytes, 1e-9}, {"USD", Dimension::Usd, 1.0}};
  for (const auto& [unit, dim, per_si] : units)
    if (m.unit == unit) {
      if (q.dimension != dim) throw fail("is a " + std::string(dimension_name(q.dimension)) + "; " + path + " is in " + unit);
      return q.value * per_si;
    }
  throw fail("has a unit, but " + path + " is " + (m.unit.empty() ? "a plain number" : "in " + m.unit));
}

std::string shown(double v, const std::string& unit) { return python_repr(v) + (unit.empty() ? "" : " " + unit); }
}  // namespace

std::vector<std::string> violated_asserts(const Plan& plan, const SystemEvaluation& e) {
  const auto paths = metric_paths(e);
  std::vector<std::string> out;
  for (const PlanAssert& a : plan.asserts) {
    const Metric* m = nullptr;
    std::vector<std::string> names;
    for (const auto& [path, metric] : paths) {
      if (path == a.metric) m = metric;
      names.push_back(path);
    }
    if (!m)
      throw InputError("plan " + in_quotes(plan.origin, 200) + ": assert on unknown metric " + in_quotes(a.metric, 80) +
                       did_you_mean(a.metric, names) + " (this plan's metrics: " + join_names(names) + ")");
    std::optional<double> max = a.max, min = a.min;
    try {
      if (!a.max_text.empty()) max = converted(a.max_text, *m, a.metric);
      if (!a.min_text.empty()) min = converted(a.min_text, *m, a.metric);
    } catch (const InputError& err) {
      throw InputError("plan " + in_quotes(plan.origin, 200) + ": " + err.what());
    }
    if (max && m->value > *max)
      out.push_back(a.metric + " (" + shown(m->value, m->unit) + ") exceeds max (" + shown(*max, m->unit) + ")");
    if (min && m->value < *min)
      out.push_back(a.metric + " (" + shown(m->value, m->unit) + ") is below min (" + shown(*min, m->unit) + ")");
  }
  return out;
}

}  // namespace mlsysim
