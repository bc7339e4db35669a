#include "registry/loader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/precision.hpp"
#include "core/printable.hpp"
#include "core/units.hpp"
#include "registry/document.hpp"
#include "core/suggest.hpp"

namespace mlsysim::registry {

// ordered_json keeps entries and per-precision rates in the data files' order.
using json = nlohmann::ordered_json;

namespace {

enum class Kind { Hardware, Models, Grids, Datacenters, Fabrics, Nodes, Clusters };

// Reads one entry's fields, naming file, entry and field in every error.
class EntryReader {
 public:
  EntryReader(const json& obj, std::string origin, std::string entry)
      : obj_(obj), origin_(std::move(origin)), entry_(std::move(entry)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
    throw InputError("registry file " + in_quotes(origin_, 200) + ": entry " + in_quotes(entry_) + ": field " +
                     in_quotes(field) + ": " + problem);
  }

  [[noreturn]] void fail_entry(const std::string& problem) const {
    throw InputError("registry file " + in_quotes(origin_, 200) + ": entry " + in_quotes(entry_) + ": " + problem);
  }

  const json* at(const std::string& dotted) const {
    const json* cur = &obj_;
    size_t start = 0;
    while (true) {
      size_t dot = dotted.find('.', start);
      std::string part = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (!cur->is_object()) return nullptr;
      auto it = cur->find(part);
      if (it == cur->end() || it->is_null()) return nullptr;
      cur = &*it;
      if (dot == std::string::npos) return cur;
      start = dot + 1;
    }
  }

  bool has(const std::string& field) const { return at(field) != nullptr; }

  std::string text(const std::string& field, const std::string& fallback = "") const {
    const json* v = at(field);
    if (!v) return fallback;
    if (!v->is_string()) fail(field, "expected text");
    return v->get<std::string>();
  }

  std::string required_text(const std::string& field) const {
    if (!has(field)) fail(field, "is required");
    return text(field);
  }

  // A quantity: "80 GiB" or a bare number in SI base units, within the plausible
  // range of its dimension (so no registry number can make a result infinite).
  std::optional<double> quantity(const std::string& field, Dimension dim, bool positive = true) const {
    auto v = read(field, dim, positive);
    if (v) within(field, *v, plausible(dim));
    return v;
  }

  double required_quantity(const std::string& field, Dimension dim) const {
    auto v = quantity(field, dim);
    if (!v) fail(field, std::string("is required (a ") + dimension_name(dim) + " like " + example(dim) + ")");
    return *v;
  }

  // A plain number within [lo, hi].
  std::optional<double> number(const std::string& field, double lo, double hi, bool positive = false) const {
    auto v = read(field, Dimension::Dimensionless, positive);
    if (v) within(field, *v, {lo, hi, ""});
    return v;
  }

  // A whole number within [lo, hi].
  std::optional<int> integer(const std::string& field, double lo = 0, double hi = 1e9) const {
    auto v = read(field, Dimension::Dimensionless, false);
    if (!v) return std::nullopt;
    if (*v != std::floor(*v)) fail(field, "expected a whole number, got " + python_repr(*v));
    within(field, *v, {lo, hi, ""});
    return static_cast<int>(*v);
  }

  const std::string& origin() const { return origin_; }
  const std::string& entry() const { return entry_; }
  const json& object() const { return obj_; }

 private:
  // A JSON number, or text parsed with its unit; `dim` Dimensionless means a plain number.
  std::optional<double> read(const std::string& field, Dimension dim, bool positive) const {
    const json* v = at(field);
    if (!v) return std::nullopt;
    const bool plain = dim == Dimension::Dimensionless;
    double value;
    if (v->is_number()) {
      value = v->get<double>();
    } else if (v->is_string()) {
      try {
        value = parse_quantity_as(v->get<std::string>(), dim, "value");
      } catch (const InputError& e) {
        if (plain) fail(field, "expected a number, got " + in_quotes(v->get<std::string>()));
        fail(field, std::string(e.what()).substr(7));  // drop the "value: " prefix (the text is quoted there)
      }
    } else {
      fail(field, plain ? std::string("expected a number")
                        : std::string("expected a ") + dimension_name(dim) + " like " + example(dim));
    }
    check(field, value, positive);
    return value;
  }

  struct Range {
    double lo, hi;
    const char* unit;  // for the message
  };

  // Wide enough for a microcontroller and a wafer-scale engine; a number
  // outside is a typo or an attack, not a datasheet.
  static Range plausible(Dimension dim) {
    switch (dim) {
      case Dimension::FlopPerSecond: return {1e3, 1e21, "FLOP/s"};
      case Dimension::Bytes: return {1, 1e18, "B"};
      case Dimension::BytesPerSecond: return {1e3, 1e18, "B/s"};
      case Dimension::Seconds: return {0, 1e6, "s"};
      case Dimension::Watts: return {1e-6, 1e9, "W"};
      case Dimension::Joules: return {0, 1e12, "J"};
      default: return {0, 1e18, ""};
    }
  }

  void within(const std::string& field, double value, Range r) const {
    if (value < r.lo || value > r.hi) {
      const std::string unit = *r.unit ? std::string(" ") + r.unit : "";
      fail(field, fmt::format("{:g}{} is outside the plausible range [{:g}, {:g}]{}", value, unit, r.lo, r.hi, unit));
    }
  }

  void check(const std::string& field, double value, bool positive) const {
    if (!std::isfinite(value)) fail(field, "must be a finite number");
    if (value < 0 || (positive && value == 0)) fail(field, positive ? "must be positive" : "must not be negative");
  }
  static const char* example(Dimension dim) {
    switch (dim) {
      case Dimension::Bytes: return "'80 GiB'";
      case Dimension::BytesPerSecond: return "'3.35 TB/s'";
      case Dimension::FlopPerSecond: return "'989 TFLOP/s'";
      case Dimension::Seconds: return "'0.01 ms'";
      case Dimension::Watts: return "'700 W'";
      case Dimension::Joules: return "'15 Wh'";
      default: return "'1'";
    }
  }

  const json& obj_;
  std::string origin_;
  std::string entry_;
};

// Every key of the mapping at `prefix` ("" = the entry) must be one of
// `allowed`: a misspelt field is an error, never silently ignored.
void check_fields(const EntryReader& r, const std::vector<std::string>& allowed, const std::string& prefix = "") {
  const json* obj = prefix.empty() ? &r.object() : r.at(prefix);
  if (!obj) return;
  if (!obj->is_object()) r.fail(prefix, "expected a mapping of " + join_names(allowed));
  for (auto it = obj->begin(); it != obj->end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      r.fail((prefix.empty() ? "" : prefix + ".") + it.key(),
             "unknown field" + did_you_mean(it.key(), allowed) + " (accepted: " + join_names(allowed) + ")");
  }
}

Source read_source(const EntryReader& r) {
  Source s;
  const json* src = r.at("source");
  if (!src) r.fail("source", "is required: every registry number needs a source (datasheet, paper, model card)");
  if (src->is_string()) {
    s.ref = src->get<std::string>();
    return s;
  }
  check_fields(r, {"kind", "ref", "url", "verified", "notes"}, "source");
  s.kind = r.text("source.kind");
  s.ref = r.text("source.ref");
  s.url = r.text("source.url");
  s.verified = r.text("source.verified");
  s.notes = r.text("source.notes");
  if (s.ref.empty() && s.url.empty()) r.fail("source", "needs a 'ref' or a 'url'");
  return s;
}

std::optional<Link> read_link(const EntryReader& r, const std::string& prefix) {
  if (!r.has(prefix)) return std::nullopt;
  Link link;
  link.name = r.text(prefix + ".name");
  link.bandwidth_bytes_per_s = r.required_quantity(prefix + ".bandwidth", Dimension::BytesPerSecond);
  link.latency_s = r.quantity(prefix + ".latency", Dimension::Seconds, false);
  std::string direction = r.text(prefix + ".direction", "per_direction");
  if (direction != "per_direction" && direction != "bidirectional_total")
    r.fail(prefix + ".direction", "expected 'per_direction' or 'bidirectional_total', got " + in_quotes(direction));
  link.bidirectional_total = direction == "bidirectional_total";
  return link;
}

// A per-precision rate key: a precision (fp6 too), optionally "mx"-prefixed
// (microscaling) and "_dense"/"_sparse"-suffixed, as datasheets list them.
bool is_rate_key(std::string key) {
  key = to_lower(key);
  if (key.starts_with("mx")) key = key.substr(2);
  for (const char* suffix : {"_dense", "_sparse"})
    if (key.ends_with(suffix)) key = key.substr(0, key.size() - std::string_view(suffix).size());
  if (key == "fp6") return true;
  for (Precision p : kAllPrecisions)
    if (key == precision_name(p)) return true;
  return false;
}

HardwareNode read_hardware(const EntryReader& r, const std::string& ns, const std::string& key) {
  check_fields(r, {"name", "release_year", "compute", "memory", "storage", "interconnect", "nvlink", "tdp",
                   "battery_capacity", "unit_cost_usd", "embodied_carbon_kg", "dispatch_tax",
                   "accelerator_count", "source", "notes"});
  check_fields(r, {"peak_flops", "precision_flops"}, "compute");
  check_fields(r, {"capacity", "bandwidth", "sram_capacity", "sram_bandwidth", "flash_capacity", "flash_bandwidth",
                   "l2_cache"},
               "memory");
  check_fields(r, {"capacity", "bandwidth", "latency"}, "storage");
  check_fields(r, {"name", "bandwidth", "latency", "direction"}, "interconnect");
  check_fields(r, {"name", "bandwidth", "latency", "direction"}, "nvlink");
  HardwareNode h;
  h.key = key;
  h.path = ns + "." + key;
  h.category = ns.substr(ns.rfind('.') + 1);
  h.name = r.text("name", key);
  h.release_year = r.integer("release_year", 1900, 2100).value_or(0);
  h.compute.peak_flops_per_s = r.required_quantity("compute.peak_flops", Dimension::FlopPerSecond);
  if (const json* rates = r.at("compute.precision_flops")) {
    if (!rates->is_object()) r.fail("compute.precision_flops", "expected a map of precision -> rate");
    for (auto it = rates->begin(); it != rates->end(); ++it) {
      if (!is_rate_key(it.key()))
        r.fail("compute.precision_flops." + it.key(),
               "unknown precision" + did_you_mean(it.key(), {"fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4", "fp4"}) +
                   " (accepted: " + accepted_precisions() + ", fp6; optionally mx-prefixed or _dense/_sparse-suffixed)");
      double rate = *r.quantity("compute.precision_flops." + it.key(), Dimension::FlopPerSecond);
      h.compute.precision_flops_per_s.emplace_back(it.key(), rate);
      for (Precision p : kAllPrecisions)
        if (to_lower(it.key()) == precision_name(p)) h.compute.rate_by_precision[static_cast<size_t>(p)] = rate;
    }
  }
  h.memory.capacity_bytes = r.required_quantity("memory.capacity", Dimension::Bytes);
  h.memory.bandwidth_bytes_per_s = r.required_quantity("memory.bandwidth", Dimension::BytesPerSecond);
  h.memory.sram_capacity_bytes = r.quantity("memory.sram_capacity", Dimension::Bytes);
  h.memory.sram_bandwidth_bytes_per_s = r.quantity("memory.sram_bandwidth", Dimension::BytesPerSecond);
  h.memory.flash_capacity_bytes = r.quantity("memory.flash_capacity", Dimension::Bytes);
  h.memory.flash_bandwidth_bytes_per_s = r.quantity("memory.flash_bandwidth", Dimension::BytesPerSecond);
  h.memory.l2_cache_bytes = r.quantity("memory.l2_cache", Dimension::Bytes);
  if (r.has("storage")) {
    StorageHierarchy s;
    s.capacity_bytes = r.required_quantity("storage.capacity", Dimension::Bytes);
    s.bandwidth_bytes_per_s = r.required_quantity("storage.bandwidth", Dimension::BytesPerSecond);
    s.latency_s = r.quantity("storage.latency", Dimension::Seconds, false);
    h.storage = s;
  }
  h.interconnect = read_link(r, "interconnect");
  h.nvlink = read_link(r, "nvlink");
  h.tdp_w = r.quantity("tdp", Dimension::Watts);
  h.battery_capacity_j = r.quantity("battery_capacity", Dimension::Joules);
  h.unit_cost_usd = r.number("unit_cost_usd", 0, 1e10);
  h.embodied_carbon_kg = r.number("embodied_carbon_kg", 0, 1e9);
  h.accelerator_count = r.integer("accelerator_count", 1, 1e7);
  h.dispatch_tax_s = r.quantity("dispatch_tax", Dimension::Seconds, false).value_or(1e-5);
  if (h.dispatch_tax_s > 10) r.fail("dispatch_tax", python_repr(h.dispatch_tax_s) + " s is not a kernel launch (at most 10 s)");
  h.source = read_source(r);
  return h;
}

WorkloadKind parse_kind(const EntryReader& r) {
  std::string type = r.text("type", "workload");
  for (WorkloadKind k : {WorkloadKind::Workload, WorkloadKind::Transformer, WorkloadKind::SparseTransformer,
                         WorkloadKind::Cnn, WorkloadKind::Ssm, WorkloadKind::Diffusion, WorkloadKind::Embodied})
    if (to_lower(type) == workload_kind_name(k) || type == workload_class_name(k)) return k;
  r.fail("type", "unknown model type " + in_quotes(type) +
                     "; accepted: workload, transformer, sparse_transformer, cnn, ssm, diffusion, embodied");
}

Workload read_model(const EntryReader& r, const std::string& ns, const std::string& key) {
  check_fields(r, {"type", "name", "architecture", "release_year", "parameters", "model_size", "inference_flops",
                   "layers", "hidden_dim", "heads", "kv_heads", "head_dim", "kv_lora_rank", "qk_rope_head_dim",
                   "active_parameters", "experts", "active_experts_per_token", "state_size", "denoising_steps",
                   "resolution", "training_ops", "training_tokens", "context_length", "vocab_size", "source",
                   "notes"});
  Workload w;
  w.key = key;
  w.path = ns + "." + key;
  w.category = ns.substr(ns.rfind('.') + 1);
  w.kind = parse_kind(r);
  w.name = r.text("name", key);
  w.architecture = r.text("architecture", "");
  // Plausible ranges: a trillion-parameter model is 1e12; 1e15 leaves room, 1e308 is an attack.
  w.release_year = r.integer("release_year", 1900, 2100);
  w.parameters = r.number("parameters", 1, 1e15, true);
  w.model_size_bytes = r.quantity("model_size", Dimension::Bytes);
  w.inference_flops = r.number("inference_flops", 0, 1e21);
  w.layers = r.integer("layers", 1, 1e6);
  w.hidden_dim = r.integer("hidden_dim", 1, 1e8);
  w.heads = r.integer("heads", 1, 1e6);
  w.kv_heads = r.integer("kv_heads", 1, 1e6);
  w.head_dim = r.integer("head_dim", 1, 1e6);
  w.kv_lora_rank = r.integer("kv_lora_rank", 1, 1e7);
  w.qk_rope_head_dim = r.integer("qk_rope_head_dim", 1, 1e6);
  w.active_parameters = r.number("active_parameters", 1, 1e15, true);
  w.experts = r.integer("experts", 1, 1e6);
  w.active_experts_per_token = r.integer("active_experts_per_token", 1, 1e6);
  w.state_size = r.integer("state_size", 1, 1e8);
  w.denoising_steps = r.integer("denoising_steps", 1, 1e6);
  w.resolution = r.integer("resolution", 1, 1e6);
  w.training_ops = r.number("training_ops", 0, 1e30);
  w.training_tokens = r.number("training_tokens", 0, 1e16);
  w.context_length = r.integer("context_length", 1, 1e9);
  w.vocab_size = r.integer("vocab_size", 1, 1e9);
  w.source = read_source(r);

  // The fields each class cannot do without (as the reference's types require).
  auto need = [&](bool present, const char* field) {
    if (!present) r.fail(field, std::string("is required for a ") + workload_kind_name(w.kind) + " model");
  };
  switch (w.kind) {
    case WorkloadKind::Workload:
      if (!w.parameters && !w.model_size_bytes) r.fail("parameters", "a model needs 'parameters' or 'model_size'");
      break;
    case WorkloadKind::SparseTransformer:
      need(w.active_parameters.has_value(), "active_parameters");
      need(w.experts.has_value(), "experts");
      if (!w.active_experts_per_token) w.active_experts_per_token = 1;
      [[fallthrough]];
    case WorkloadKind::Transformer:
      need(w.parameters.has_value(), "parameters");
      need(w.layers.has_value(), "layers");
      break;
    case WorkloadKind::Cnn:
      need(w.parameters.has_value(), "parameters");
      need(w.inference_flops.has_value(), "inference_flops");
      break;
    case WorkloadKind::Ssm:
      need(w.parameters.has_value(), "parameters");
      need(w.layers.has_value(), "layers");
      need(w.state_size.has_value(), "state_size");
      need(w.hidden_dim.has_value(), "hidden_dim");
      break;
    case WorkloadKind::Diffusion:
      need(w.parameters.has_value(), "parameters");
      need(w.denoising_steps.has_value(), "denoising_steps");
      need(w.resolution.has_value(), "resolution");
      break;
    case WorkloadKind::Embodied:
      need(w.parameters.has_value(), "parameters");
      break;
  }
  return w;
}

GridProfile read_grid(const EntryReader& r, const std::string& ns, const std::string& key) {
  check_fields(r, {"name", "carbon_intensity_g_per_kwh", "pue", "wue_l_per_kwh", "primary_source", "renewable_pct",
                   "lat", "lon", "source", "notes"});
  GridProfile g;
  g.key = key;
  g.path = ns + "." + key;
  g.name = r.text("name", key);
  auto carbon = r.number("carbon_intensity_g_per_kwh", 0, 5000);
  if (!carbon) r.fail("carbon_intensity_g_per_kwh", "is required");
  g.carbon_intensity_g_per_kwh = *carbon;
  auto pue = r.number("pue", 1, 10, true);
  if (!pue) r.fail("pue", "is required");
  if (*pue < 1) r.fail("pue", "a power usage effectiveness is at least 1.0");
  g.pue = *pue;
  g.wue_l_per_kwh = r.number("wue_l_per_kwh", 0, 1000).value_or(0);
  g.primary_source = r.text("primary_source");
  g.renewable_pct = r.number("renewable_pct", 0, 100);
  const json* lat = r.at("lat");
  const json* lon = r.at("lon");
  if (lat && lat->is_number()) g.lat = lat->get<double>();
  if (lon && lon->is_number()) g.lon = lon->get<double>();
  g.source = read_source(r);
  return g;
}

Datacenter read_datacenter(const EntryReader& r, const Registry& reg, const std::string& ns, const std::string& key) {
  check_fields(r, {"name", "grid", "pue_override", "source", "notes"});
  Datacenter d;
  d.key = key;
  d.path = ns + "." + key;
  d.name = r.text("name", key);
  try {
    d.grid = &reg.grid(r.required_text("grid"));
  } catch (const InputError& e) {
    r.fail("grid", e.what());
  }
  d.pue_override = r.number("pue_override", 1, 10, true);
  if (d.pue_override && *d.pue_override < 1) r.fail("pue_override", "a power usage effectiveness is at least 1.0");
  d.source = read_source(r);
  return d;
}

NetworkFabric read_fabric(const EntryReader& r, const std::string& ns, const std::string& key) {
  check_fields(r, {"name", "topology", "bandwidth", "latency", "oversubscription_ratio", "source", "notes"});
  NetworkFabric f;
  f.key = key;
  f.path = ns + "." + key;
  f.name = r.text("name", key);
  f.topology = r.text("topology", "fat-tree");
  f.bandwidth_bytes_per_s = r.required_quantity("bandwidth", Dimension::BytesPerSecond);
  f.latency_s = r.quantity("latency", Dimension::Seconds, false);
  f.oversubscription_ratio = r.number("oversubscription_ratio", 1, 1e4, true).value_or(1.0);
  f.source = read_source(r);
  return f;
}

Node read_node(const EntryReader& r, const Registry& reg, const std::string& ns, const std::string& key) {
  check_fields(r, {"name", "accelerator", "accelerators_per_node", "intra_node_bw", "nics_per_node",
                   "psus_per_node", "psu_redundancy", "source", "notes"});
  Node n;
  n.key = key;
  n.path = ns + "." + key;
  n.name = r.text("name", key);
  std::string accel = r.required_text("accelerator");
  try {
    n.accelerator = &reg.hardware(accel);
  } catch (const InputError& e) {
    r.fail("accelerator", e.what());
  }
  n.accelerators_per_node = r.integer("accelerators_per_node", 1, 1e6).value_or(1);
  n.intra_node_bw_bytes_per_s = r.required_quantity("intra_node_bw", Dimension::BytesPerSecond);
  n.nics_per_node = r.integer("nics_per_node", 0, 1e4).value_or(1);
  n.psus_per_node = r.integer("psus_per_node", 0, 1e4).value_or(2);
  n.psu_redundancy = r.integer("psu_redundancy", 0, 1e4).value_or(0);
  n.source = read_source(r);
  return n;
}

Fleet read_cluster(const EntryReader& r, const Registry& reg, const std::string& ns, const std::string& key) {
  check_fields(r, {"name", "node", "count", "fabric", "region", "mtbf_hours", "source", "notes"});
  Fleet f;
  f.key = key;
  f.path = ns + "." + key;
  f.name = r.text("name", key);
  try {
    f.node = &reg.node(r.required_text("node"));
  } catch (const InputError& e) {
    r.fail("node", e.what());
  }
  try {
    f.fabric = &reg.fabric(r.required_text("fabric"));
  } catch (const InputError& e) {
    r.fail("fabric", e.what());
  }
  if (r.has("region")) {
    try {
      f.region = &reg.grid(r.text("region"));
    } catch (const InputError& e) {
      r.fail("region", e.what());
    }
  }
  f.count = r.integer("count", 1, 1e7).value_or(1);
  f.mtbf_hours = r.number("mtbf_hours", 1e-3, 1e9, true);
  f.source = read_source(r);
  return f;
}

bool valid_key(const std::string& key) {
  if (key.empty() || key.size() > 128) return false;
  for (unsigned char c : key)
    if (!std::isalnum(c) && c != '_' && c != '-' && c != '.' && c != '+') return false;
  return true;
}

template <typename T>
void add(const EntryReader& r, Collection<T>& collection, T entry) {
  if (entry.name.size() > 200 || entry.name != printable(entry.name, 200))
    r.fail("name", "a name is at most 200 printable characters, got " + in_quotes(entry.name));
  if (std::string problem = collection.conflict(entry); !problem.empty()) r.fail_entry(problem);
  collection.add(std::make_shared<T>(std::move(entry)));
}

void load_entries(Registry& reg, Kind kind, const std::string& ns, const json& entries, const std::string& origin) {
  if (!entries.is_object())
    throw InputError("registry file " + in_quotes(origin, 200) + ": " + in_quotes(ns) + " must map entry names to entries");
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    if (!it->is_object())
      throw InputError("registry file " + in_quotes(origin, 200) + ": entry " + in_quotes(it.key()) +
                       ": expected a mapping of fields");
    if (!valid_key(it.key()))
      throw InputError("registry file " + in_quotes(origin, 200) + ": entry " + in_quotes(it.key()) +
                       ": a key is 1 to 128 letters, digits and _ - . + (like 'My_Chip_2')");
    EntryReader r(*it, origin, it.key());
    switch (kind) {
      case Kind::Hardware: add(r, reg.mutable_hardware(), read_hardware(r, ns, it.key())); break;
      case Kind::Models: add(r, reg.mutable_models(), read_model(r, ns, it.key())); break;
      case Kind::Grids: add(r, reg.mutable_grids(), read_grid(r, ns, it.key())); break;
      case Kind::Datacenters: add(r, reg.mutable_datacenters(), read_datacenter(r, reg, ns, it.key())); break;
      case Kind::Fabrics: add(r, reg.mutable_fabrics(), read_fabric(r, ns, it.key())); break;
      case Kind::Nodes: add(r, reg.mutable_nodes(), read_node(r, reg, ns, it.key())); break;
      case Kind::Clusters: add(r, reg.mutable_clusters(), read_cluster(r, reg, ns, it.key())); break;
    }
  }
}

Kind kind_of_namespace(const std::string& ns, const std::string& origin) {
  if (ns.starts_with("Hardware.")) return Kind::Hardware;
  if (ns.starts_with("Models.")) return Kind::Models;
  if (ns.starts_with("Infrastructure.Grids")) return Kind::Grids;
  if (ns.starts_with("Infrastructure.Datacenters")) return Kind::Datacenters;
  if (ns.starts_with("Systems.Fabrics")) return Kind::Fabrics;
  if (ns.starts_with("Systems.Nodes")) return Kind::Nodes;
  if (ns.starts_with("Systems.Clusters")) return Kind::Clusters;
  throw InputError("registry file " + in_quotes(origin, 200) + ": unknown namespace " + in_quotes(ns) +
                   "; accepted: Hardware.<Category>, Models.<Category>, Infrastructure.Grids, "
                   "Infrastructure.Datacenters, "
                   "Systems.Fabrics, Systems.Nodes, Systems.Clusters");
}

// Order so that references resolve: hardware before nodes before clusters.
int load_rank(Kind kind) { return static_cast<int>(kind); }

void load_document(Registry& reg, const json& doc, const std::string& origin) {
  const std::string file = "registry file " + in_quotes(origin, 200);
  if (!doc.is_object()) throw InputError(file + ": expected a mapping at the top level");
  if (doc.contains("namespace")) {
    if (!doc["namespace"].is_string()) throw InputError(file + ": 'namespace' must be text like 'Hardware.Custom'");
    std::string ns = doc["namespace"].get<std::string>();
    if (!doc.contains("entries")) throw InputError(file + ": missing 'entries'");
    for (auto it = doc.begin(); it != doc.end(); ++it)
      if (it.key() != "namespace" && it.key() != "entries")
        throw InputError(file + ": unknown top-level key " + in_quotes(it.key()) + " (accepted: namespace, entries)");
    load_entries(reg, kind_of_namespace(ns, origin), ns, doc["entries"], origin);
    return;
  }
  static const std::vector<std::pair<std::string, std::pair<Kind, std::string>>> sections = {
      {"hardware", {Kind::Hardware, "Hardware.User"}},   {"models", {Kind::Models, "Models.User"}},
      {"grids", {Kind::Grids, "Infrastructure.Grids"}},
      {"datacenters", {Kind::Datacenters, "Infrastructure.Datacenters"}},
      {"fabrics", {Kind::Fabrics, "Systems.Fabrics"}},
      {"nodes", {Kind::Nodes, "Systems.Nodes"}},          {"clusters", {Kind::Clusters, "Systems.Clusters"}}};
  std::vector<std::string> names;
  for (const auto& s : sections) names.push_back(s.first);
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (std::find(names.begin(), names.end(), it.key()) == names.end())
      throw InputError(file + ": unknown section " + in_quotes(it.key()) + did_you_mean(it.key(), names) +
                       " (accepted: " + join_names(names) + ")");
  }
  for (const auto& [section, target] : sections)
    if (doc.contains(section)) load_entries(reg, target.first, target.second, doc[section], origin);
}

}  // namespace

void load_embedded(Registry& reg, const std::vector<EmbeddedFile>& files) {
  struct Doc {
    int rank;
    std::string path;
    json content;
  };
  std::vector<Doc> docs;
  for (const auto& f : files) {
    // The walls and the scenarios are not registry entries (api/walls.cpp, plan/scenario.cpp).
    if (f.path.starts_with("data/taxonomy/") || f.path.starts_with("data/scenarios/")) continue;
    json doc = json::parse(f.content);
    std::string path(f.path);
    docs.push_back({load_rank(kind_of_namespace(doc.at("namespace").get<std::string>(), path)), path, std::move(doc)});
  }
  std::stable_sort(docs.begin(), docs.end(), [](const Doc& a, const Doc& b) { return a.rank < b.rank; });
  for (const auto& d : docs) load_document(reg, d.content, d.path);
}

void load_user_text(Registry& reg, std::string_view text, const std::string& origin, bool yaml) {
  load_document(reg, parse_user_document(text, origin, yaml), origin);
}

}  // namespace mlsysim::registry
