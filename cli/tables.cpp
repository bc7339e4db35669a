#include "tables.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/errors.hpp"
#include "core/printable.hpp"
#include "human.hpp"
#include "core/suggest.hpp"
#include "render.hpp"

namespace mlsysim::cli {

std::string text_table(const Row& header, const std::vector<Row>& rows) {
  std::vector<size_t> width(header.size());
  for (size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  auto line = [&](const Row& r) {
    std::string out;
    for (size_t i = 0; i < r.size(); ++i) out += fmt::format("{:<{}}  ", r[i], width[i]);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header);
  Row rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  out += line(rule);
  for (const auto& r : rows) out += line(r);
  return out;
}

namespace {

std::string table(const Row& header, const std::vector<Row>& rows) { return text_table(header, rows); }

std::string value(const std::string& key, double v) { return human_field(key, Value(v)); }
std::string opt(const std::string& key, const std::optional<double>& v) { return v ? value(key, *v) : "-"; }

std::vector<const HardwareNode*> hardware_by_peak(const Registry& reg) {
  std::vector<const HardwareNode*> hw;
  for (const auto& h : reg.hardware_entries().all()) hw.push_back(h.get());
  std::stable_sort(hw.begin(), hw.end(), [](auto* a, auto* b) { return a->compute.peak_flops_per_s > b->compute.peak_flops_per_s; });
  return hw;
}

std::vector<const Workload*> models_by_size(const Registry& reg) {
  std::vector<const Workload*> ms;
  for (const auto& m : reg.model_entries().all()) ms.push_back(m.get());
  std::stable_sort(ms.begin(), ms.end(), [](auto* a, auto* b) { return a->parameters.value_or(0) > b->parameters.value_or(0); });
  return ms;
}

std::string count_text(double n) {
  if (n >= 1e12) return fmt::format("{:.3g} T", n / 1e12);
  if (n >= 1e9) return fmt::format("{:.3g} B", n / 1e9);
  if (n >= 1e6) return fmt::format("{:.3g} M", n / 1e6);
  if (n >= 1e3) return fmt::format("{:.3g} K", n / 1e3);
  return fmt::format("{:g}", n);
}

const std::vector<std::string> kCategories = {"hardware", "models", "grids",    "datacenters",
                                               "systems",  "fabrics", "nodes",    "clusters"};

void check_category(const std::string& category) {
  if (!category.empty() && std::find(kCategories.begin(), kCategories.end(), category) == kCategories.end())
    throw InputError("unknown zoo category " + in_quotes(category) + did_you_mean(category, kCategories) +
                     " (accepted: " + join_names(kCategories) + ")");
}

// Whether `section` is shown for `category` ("" shows everything; "systems" is fabrics, nodes and
// clusters; "grids" shows the datacenters on them too).
bool shows(const std::string& category, const std::string& section) {
  if (category.empty() || category == section) return true;
  if (category == "grids" && section == "datacenters") return true;
  return category == "systems" && (section == "fabrics" || section == "nodes" || section == "clusters");
}

}  // namespace

std::string zoo_text(const Registry& reg, const std::string& category) {
  check_category(category);
  std::string out;
  if (shows(category, "hardware")) {
    std::vector<Row> rows;
    for (const auto* h : hardware_by_peak(reg))
      rows.push_back({h->key, h->name, h->category, value("x_flop_per_s", h->compute.peak_flops_per_s),
                      human_capacity(h->memory.capacity_bytes), value("x_bytes_per_s", h->memory.bandwidth_bytes_per_s),
                      opt("x_w", h->tdp_w)});
    out += "Hardware (" + std::to_string(rows.size()) + ")\n" +
           table({"Key", "Name", "Tier", "Peak FLOP/s", "Memory", "Bandwidth", "TDP"}, rows);
  }
  if (shows(category, "models")) {
    std::vector<Row> rows;
    for (const auto* m : models_by_size(reg))
      rows.push_back({m->key, m->name, m->category, m->architecture,
                      m->parameters ? count_text(*m->parameters) : opt("x_bytes", m->model_size_bytes),
                      m->layers ? std::to_string(*m->layers) : "-"});
    out += (out.empty() ? "" : "\n") + std::string("Models (") + std::to_string(rows.size()) + ")\n" +
           table({"Key", "Name", "Category", "Architecture", "Parameters", "Layers"}, rows);
  }
  if (shows(category, "grids")) {
    std::vector<Row> rows;
    for (const auto& g : reg.grid_entries().all())
      rows.push_back({g->key, g->name, fmt::format("{:g}", g->carbon_intensity_g_per_kwh), fmt::format("{:g}", g->pue),
                      fmt::format("{:g}", g->wue_l_per_kwh), g->primary_source});
    out += (out.empty() ? "" : "\n") + std::string("Grids (") + std::to_string(rows.size()) + ")\n" +
           table({"Key", "Name", "gCO2/kWh", "PUE", "WUE L/kWh", "Source"}, rows);
  }
  auto section = [&](const std::string& title, const Row& header, const std::vector<Row>& rows) {
    out += (out.empty() ? "" : "\n") + title + " (" + std::to_string(rows.size()) + ")\n" + table(header, rows);
  };
  if (shows(category, "datacenters")) {
    std::vector<Row> rows;
    for (const auto& d : reg.datacenter_entries().all())
      rows.push_back({d->key, d->name, d->grid->key, fmt::format("{:g}", d->pue())});
    section("Datacenters", {"Key", "Name", "Grid", "PUE"}, rows);
  }
  if (shows(category, "fabrics")) {
    std::vector<Row> rows;
    for (const auto& f : reg.fabric_entries().all())
      rows.push_back({f->key, f->name, f->topology, value("x_bytes_per_s", f->bandwidth_bytes_per_s),
                      opt("x_s", f->latency_s), fmt::format("{:g}", f->oversubscription_ratio)});
    section("Fabrics", {"Key", "Name", "Topology", "Bandwidth", "Latency", "Oversub"}, rows);
  }
  if (shows(category, "nodes")) {
    std::vector<Row> rows;
    for (const auto& n : reg.node_entries().all())
      rows.push_back({n->key, n->name, n->accelerator->key, std::to_string(n->accelerators_per_node),
                      value("x_bytes_per_s", n->intra_node_bw_bytes_per_s)});
    section("Nodes", {"Key", "Name", "Accelerator", "Per node", "Intra-node BW"}, rows);
  }
  if (shows(category, "clusters")) {
    std::vector<Row> rows;
    for (const auto& c : reg.cluster_entries().all())
      rows.push_back({c->key, c->name, c->node->key, std::to_string(c->count), std::to_string(c->total_accelerators()),
                      c->fabric->key, c->region ? c->region->key : "-"});
    section("Clusters", {"Key", "Name", "Node", "Nodes", "Accelerators", "Fabric", "Region"}, rows);
  }
  return out;
}

nlohmann::ordered_json zoo_json(const Registry& reg, const std::string& category) {
  check_category(category);
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  if (shows(category, "hardware")) {
    auto& arr = out["hardware"] = nlohmann::ordered_json::array();
    for (const auto* h : hardware_by_peak(reg)) {
      nlohmann::ordered_json e = {{"key", h->key},
                          {"path", h->path},
                          {"name", h->name},
                          {"peak_flops_flop_per_s", h->compute.peak_flops_per_s},
                          {"memory_capacity_bytes", h->memory.capacity_bytes},
                          {"memory_bandwidth_bytes_per_s", h->memory.bandwidth_bytes_per_s},
                          {"tdp_w", h->tdp_w ? nlohmann::ordered_json(*h->tdp_w) : nlohmann::ordered_json(nullptr)},
                          {"source", h->source.ref}};
      arr.push_back(e);
    }
  }
  if (shows(category, "models")) {
    auto& arr = out["models"] = nlohmann::ordered_json::array();
    for (const auto* m : models_by_size(reg))
      arr.push_back({{"key", m->key},
                     {"path", m->path},
                     {"name", m->name},
                     {"architecture", m->architecture},
                     {"parameters", m->parameters ? nlohmann::ordered_json(*m->parameters) : nlohmann::ordered_json(nullptr)},
                     {"layers", m->layers ? nlohmann::ordered_json(*m->layers) : nlohmann::ordered_json(nullptr)},
                     {"source", m->source.ref}});
  }
  if (shows(category, "grids")) {
    auto& arr = out["grids"] = nlohmann::ordered_json::array();
    for (const auto& g : reg.grid_entries().all())
      arr.push_back({{"key", g->key},
                     {"name", g->name},
                     {"carbon_intensity_g_per_kwh", g->carbon_intensity_g_per_kwh},
                     {"pue", g->pue},
                     {"wue_l_per_kwh", g->wue_l_per_kwh}});
  }
  if (shows(category, "datacenters")) {
    auto& arr = out["datacenters"] = nlohmann::ordered_json::array();
    for (const auto& d : reg.datacenter_entries().all())
      arr.push_back({{"key", d->key},
                     {"name", d->name},
                     {"grid", d->grid->key},
                     {"pue_override", d->pue_override ? nlohmann::ordered_json(*d->pue_override) : nlohmann::ordered_json(nullptr)},
                     {"pue", d->pue()}});
  }
  if (shows(category, "fabrics")) {
    auto& fabrics = out["fabrics"] = nlohmann::ordered_json::array();
    for (const auto& f : reg.fabric_entries().all())
      fabrics.push_back({{"key", f->key}, {"name", f->name}, {"bandwidth_bytes_per_s", f->bandwidth_bytes_per_s},
                         {"latency_s", f->latency_s ? nlohmann::ordered_json(*f->latency_s) : nlohmann::ordered_json(nullptr)},
                         {"oversubscription_ratio", f->oversubscription_ratio}});
  }
  if (shows(category, "nodes")) {
    auto& nodes = out["nodes"] = nlohmann::ordered_json::array();
    for (const auto& n : reg.node_entries().all())
      nodes.push_back({{"key", n->key}, {"name", n->name}, {"accelerator", n->accelerator->key},
                       {"accelerators_per_node", n->accelerators_per_node},
                       {"intra_node_bw_bytes_per_s", n->intra_node_bw_bytes_per_s}});
  }
  if (shows(category, "clusters")) {
    auto& clusters = out["clusters"] = nlohmann::ordered_json::array();
    for (const auto& c : reg.cluster_entries().all())
      clusters.push_back({{"key", c->key}, {"name", c->name}, {"node", c->node->key}, {"count", c->count},
                          {"total_accelerators", c->total_accelerators()}, {"fabric", c->fabric->key},
                          {"region", c->region ? nlohmann::ordered_json(c->region->key) : nlohmann::ordered_json(nullptr)}});
  }
  return out;
}

}  // namespace mlsysim::cli
