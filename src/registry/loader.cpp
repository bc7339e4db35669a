#include "registry/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/precision.hpp"
#include "core/units.hpp"
#include "registry/suggest.hpp"

namespace mlsysim::registry {

// ordered_json keeps entries and per-precision rates in the data files' order.
using json = nlohmann::ordered_json;

namespace {

enum class Kind { Hardware, Models, Grids, Fabrics, Nodes, Clusters };

// Reads one entry's fields, naming file, entry and field in every error.
class EntryReader {
 public:
  EntryReader(const json& obj, std::string origin, std::string entry)
      : obj_(obj), origin_(std::move(origin)), entry_(std::move(entry)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
    throw InputError("registry file '" + origin_ + "': entry '" + entry_ + "': field '" + field + "': " + problem);
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

  // A quantity: "80 GiB" or a bare number in SI base units.
  std::optional<double> quantity(const std::string& field, Dimension dim, bool positive = true) const {
    return read(field, dim, positive);
  }

  double required_quantity(const std::string& field, Dimension dim) const {
    auto v = quantity(field, dim);
    if (!v) fail(field, std::string("is required (a ") + dimension_name(dim) + " like " + example(dim) + ")");
    return *v;
  }

  std::optional<double> number(const std::string& field, bool positive = false) const {
    return read(field, Dimension::Dimensionless, positive);
  }

  std::optional<int> integer(const std::string& field) const {
    auto v = number(field);
    if (!v) return std::nullopt;
    if (*v != std::floor(*v) || std::fabs(*v) > 2e9) fail(field, "expected a whole number");
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
        if (plain) fail(field, "expected a number, got '" + v->get<std::string>() + "'");
        fail(field, std::string(e.what()).substr(7));  // drop the "value: " prefix
      }
    } else {
      fail(field, plain ? std::string("expected a number")
                        : std::string("expected a ") + dimension_name(dim) + " like " + example(dim));
    }
    check(field, value, positive);
    return value;
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

Source read_source(const EntryReader& r) {
  Source s;
  const json* src = r.at("source");
  if (!src) r.fail("source", "is required: every registry number needs a source (datasheet, paper, model card)");
  if (src->is_string()) {
    s.ref = src->get<std::string>();
    return s;
  }
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
    r.fail(prefix + ".direction", "expected 'per_direction' or 'bidirectional_total', got '" + direction + "'");
  link.bidirectional_total = direction == "bidirectional_total";
  return link;
}

void check_fields(const EntryReader& r, const std::vector<std::string>& allowed) {
  for (auto it = r.object().begin(); it != r.object().end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
      auto close = closest_names(it.key(), allowed, 1);
      r.fail(it.key(), "unknown field" + (close.empty() ? std::string() : "; did you mean '" + close[0] + "'?"));
    }
  }
}

HardwareNode read_hardware(const EntryReader& r, const std::string& ns, const std::string& key) {
  check_fields(r, {"name", "release_year", "compute", "memory", "storage", "interconnect", "nvlink", "tdp",
                   "battery_capacity", "unit_cost_usd", "embodied_carbon_kg", "dispatch_tax",
                   "accelerator_count", "source", "notes"});
  HardwareNode h;
  h.key = key;
  h.path = ns + "." + key;
  h.category = ns.substr(ns.rfind('.') + 1);
  h.name = r.text("name", key);
  h.release_year = r.integer("release_year").value_or(0);
  h.compute.peak_flops_per_s = r.required_quantity("compute.peak_flops", Dimension::FlopPerSecond);
  if (const json* rates = r.at("compute.precision_flops")) {
    if (!rates->is_object()) r.fail("compute.precision_flops", "expected a map of precision -> rate");
    for (auto it = rates->begin(); it != rates->end(); ++it) {
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
  h.unit_cost_usd = r.number("unit_cost_usd");
  h.embodied_carbon_kg = r.number("embodied_carbon_kg");
  h.accelerator_count = r.integer("accelerator_count");
  h.dispatch_tax_s = r.quantity("dispatch_tax", Dimension::Seconds, false).value_or(1e-5);
  h.source = read_source(r);
  return h;
}

WorkloadKind parse_kind(const EntryReader& r) {
  std::string type = r.text("type", "workload");
  for (WorkloadKind k : {WorkloadKind::Workload, WorkloadKind::Transformer, WorkloadKind::SparseTransformer,
                         WorkloadKind::Cnn, WorkloadKind::Ssm, WorkloadKind::Diffusion, WorkloadKind::Embodied})
    if (to_lower(type) == workload_kind_name(k) || type == workload_class_name(k)) return k;
  r.fail("type", "unknown model type '" + type +
                     "'; accepted: workload, transformer, sparse_transformer, cnn, ssm, diffusion, embodied");
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
  w.release_year = r.integer("release_year");
  w.parameters = r.number("parameters", true);
  w.model_size_bytes = r.quantity("model_size", Dimension::Bytes);
  w.inference_flops = r.number("inference_flops");
  w.layers = r.integer("layers");
  w.hidden_dim = r.integer("hidden_dim");
  w.heads = r.integer("heads");
  w.kv_heads = r.integer("kv_heads");
  w.head_dim = r.integer("head_dim");
  w.kv_lora_rank = r.integer("kv_lora_rank");
  w.qk_rope_head_dim = r.integer("qk_rope_head_dim");
  w.active_parameters = r.number("active_parameters", true);
  w.experts = r.integer("experts");
  w.active_experts_per_token = r.integer("active_experts_per_token");
  w.state_size = r.integer("state_size");
  w.denoising_steps = r.integer("denoising_steps");
  w.resolution = r.integer("resolution");
  w.training_ops = r.number("training_ops");
  w.training_tokens = r.number("training_tokens");
  w.context_length = r.integer("context_length");
  w.vocab_size = r.integer("vocab_size");
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
  auto carbon = r.number("carbon_intensity_g_per_kwh");
  if (!carbon) r.fail("carbon_intensity_g_per_kwh", "is required");
  g.carbon_intensity_g_per_kwh = *carbon;
  auto pue = r.number("pue", true);
  if (!pue) r.fail("pue", "is required");
  if (*pue < 1) r.fail("pue", "a power usage effectiveness is at least 1.0");
  g.pue = *pue;
  g.wue_l_per_kwh = r.number("wue_l_per_kwh").value_or(0);
  g.primary_source = r.text("primary_source");
  g.renewable_pct = r.number("renewable_pct");
  const json* lat = r.at("lat");
  const json* lon = r.at("lon");
  if (lat && lat->is_number()) g.lat = lat->get<double>();
  if (lon && lon->is_number()) g.lon = lon->get<double>();
  g.source = read_source(r);
  return g;
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
  f.oversubscription_ratio = r.number("oversubscription_ratio", true).value_or(1.0);
  f.source = read_source(r);
  return f;
}

Node read_node(const EntryReader& r, const Registry& reg, const std::string& ns, const std::string& key) {
  check_fields(r, {"name", "accelerator", "accelerators_per_node", "intra_node_bw", "nics_per_node",
                   "psus_per_node", "source", "notes"});
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
  n.accelerators_per_node = r.integer("accelerators_per_node").value_or(1);
  if (n.accelerators_per_node < 1) r.fail("accelerators_per_node", "must be at least 1");
  n.intra_node_bw_bytes_per_s = r.required_quantity("intra_node_bw", Dimension::BytesPerSecond);
  n.nics_per_node = r.integer("nics_per_node").value_or(1);
  n.psus_per_node = r.integer("psus_per_node").value_or(2);
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
  f.count = r.integer("count").value_or(1);
  if (f.count < 1) r.fail("count", "must be at least 1");
  f.mtbf_hours = r.number("mtbf_hours", true);
  f.source = read_source(r);
  return f;
}

void load_entries(Registry& reg, Kind kind, const std::string& ns, const json& entries, const std::string& origin) {
  if (!entries.is_object())
    throw InputError("registry file '" + origin + "': '" + ns + "' must map entry names to entries");
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    if (!it->is_object())
      throw InputError("registry file '" + origin + "': entry '" + it.key() + "': expected a mapping of fields");
    EntryReader r(*it, origin, it.key());
    switch (kind) {
      case Kind::Hardware: reg.mutable_hardware().add(std::make_shared<HardwareNode>(read_hardware(r, ns, it.key()))); break;
      case Kind::Models: reg.mutable_models().add(std::make_shared<Workload>(read_model(r, ns, it.key()))); break;
      case Kind::Grids: reg.mutable_grids().add(std::make_shared<GridProfile>(read_grid(r, ns, it.key()))); break;
      case Kind::Fabrics: reg.mutable_fabrics().add(std::make_shared<NetworkFabric>(read_fabric(r, ns, it.key()))); break;
      case Kind::Nodes: reg.mutable_nodes().add(std::make_shared<Node>(read_node(r, reg, ns, it.key()))); break;
      case Kind::Clusters: reg.mutable_clusters().add(std::make_shared<Fleet>(read_cluster(r, reg, ns, it.key()))); break;
    }
  }
}

Kind kind_of_namespace(const std::string& ns, const std::string& origin) {
  if (ns.starts_with("Hardware.")) return Kind::Hardware;
  if (ns.starts_with("Models.")) return Kind::Models;
  if (ns.starts_with("Infrastructure.Grids")) return Kind::Grids;
  if (ns.starts_with("Systems.Fabrics")) return Kind::Fabrics;
  if (ns.starts_with("Systems.Nodes")) return Kind::Nodes;
  if (ns.starts_with("Systems.Clusters")) return Kind::Clusters;
  throw InputError("registry file '" + origin + "': unknown namespace '" + ns +
                   "'; accepted: Hardware.<Category>, Models.<Category>, Infrastructure.Grids, "
                   "Systems.Fabrics, Systems.Nodes, Systems.Clusters");
}

// Order so that references resolve: hardware before nodes before clusters.
int load_rank(Kind kind) { return static_cast<int>(kind); }

void load_document(Registry& reg, const json& doc, const std::string& origin) {
  if (!doc.is_object()) throw InputError("registry file '" + origin + "': expected a mapping at the top level");
  if (doc.contains("namespace")) {
    if (!doc["namespace"].is_string())
      throw InputError("registry file '" + origin + "': 'namespace' must be text like 'Hardware.Custom'");
    std::string ns = doc["namespace"].get<std::string>();
    if (!doc.contains("entries")) throw InputError("registry file '" + origin + "': missing 'entries'");
    load_entries(reg, kind_of_namespace(ns, origin), ns, doc["entries"], origin);
    return;
  }
  static const std::vector<std::pair<std::string, std::pair<Kind, std::string>>> sections = {
      {"hardware", {Kind::Hardware, "Hardware.User"}},   {"models", {Kind::Models, "Models.User"}},
      {"grids", {Kind::Grids, "Infrastructure.Grids"}},   {"fabrics", {Kind::Fabrics, "Systems.Fabrics"}},
      {"nodes", {Kind::Nodes, "Systems.Nodes"}},          {"clusters", {Kind::Clusters, "Systems.Clusters"}}};
  std::vector<std::string> names;
  for (const auto& s : sections) names.push_back(s.first);
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (std::find(names.begin(), names.end(), it.key()) == names.end()) {
      auto close = closest_names(it.key(), names, 1);
      throw InputError("registry file '" + origin + "': unknown section '" + it.key() +
                       "'; accepted: hardware, models, grids, fabrics, nodes, clusters" +
                       (close.empty() ? "" : " (did you mean '" + close[0] + "'?)"));
    }
  }
  for (const auto& [section, target] : sections)
    if (doc.contains(section)) load_entries(reg, target.first, target.second, doc[section], origin);
}

json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json obj = json::object();
      for (const auto& kv : node) obj[kv.first.as<std::string>()] = yaml_to_json(kv.second);
      return obj;
    }
    case YAML::NodeType::Sequence: {
      json arr = json::array();
      for (const auto& item : node) arr.push_back(yaml_to_json(item));
      return arr;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (node.Tag() == "!") return s;  // quoted scalar stays text
      if (s == "true" || s == "false") return s == "true";
      try {
        size_t used = 0;
        double v = std::stod(s, &used);
        if (used == s.size()) return v;
      } catch (...) {
      }
      return s;
    }
    default: return nullptr;
  }
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
    json doc = json::parse(f.content);
    std::string path(f.path);
    docs.push_back({load_rank(kind_of_namespace(doc.at("namespace").get<std::string>(), path)), path, std::move(doc)});
  }
  std::stable_sort(docs.begin(), docs.end(), [](const Doc& a, const Doc& b) { return a.rank < b.rank; });
  for (const auto& d : docs) load_document(reg, d.content, d.path);
}

void load_user_text(Registry& reg, std::string_view text, const std::string& origin, bool yaml) {
  json doc;
  if (yaml) {
    try {
      doc = yaml_to_json(YAML::Load(std::string(text)));
    } catch (const YAML::Exception& e) {
      throw InputError("registry file '" + origin + "': malformed YAML at line " + std::to_string(e.mark.line + 1) +
                       ": " + e.msg);
    }
  } else {
    try {
      doc = json::parse(text);
    } catch (const json::parse_error& e) {
      throw InputError("registry file '" + origin + "': malformed JSON: " + e.what());
    }
  }
  load_document(reg, doc, origin);
}

}  // namespace mlsysim::registry
