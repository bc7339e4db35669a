// The registry's typed entries as read-only views (all numbers SI), and the accelerators,
// workloads, datacenters, fabrics, nodes and fleets users build of their own.
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include <memory>

#include "api/solver_spec.hpp"
#include "bindings.hpp"
#include "convert.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/precision.hpp"
#include "models/workload.hpp"
#include "solvers/sustainability.hpp"

namespace nb = nanobind;

namespace mlsysim::python {

namespace {
// ---- Fabrics, nodes and fleets of the user's own (the reference's NetworkFabric(...), Node(...),
// Fleet(...)). Each field is checked as the registry loader checks it, and a bad one is one
// ValueError (a wrong type: TypeError) naming the class and the field. A user-built entry points at
// the objects it was built from (its node, the node's accelerator, the fabric); it keeps those
// Python objects alive, so it stays valid however long it outlives the caller's references.

api::InputSpec field(const char* name, api::InputKind kind, Dimension dimension = Dimension::Dimensionless) {
  api::InputSpec in;
  in.name = name;
  in.kind = kind;
  in.dimension = dimension;
  return in;
}

std::string text_field(nb::handle o, const char* name) { return to_text(o, field(name, api::InputKind::Text)); }

// A quantity that must say its unit (a pint quantity or text such as "400 Gbps"): a bare number
// is refused, as the reference refuses it (bits or bytes? seconds or microseconds?).
double quantity_field(nb::handle o, const char* name, Dimension dimension, const char* example) {
  const bool text = PyUnicode_Check(o.ptr());
  bool bare = !text && !is_quantity(o) && PyNumber_Check(o.ptr()) && !PyBool_Check(o.ptr());
  if (text) {
    try {
      bare = parse_quantity(to_text(o, field(name, api::InputKind::Text))).dimension == Dimension::Dimensionless;
    } catch (const InputError&) {
      // to_number reports the malformed text
    }
  }
  if (bare)
    throw InputError(std::string(name) + " needs a unit (e.g. " + example + "), got " + shown(o));
  if (!text && !is_quantity(o))
    throw InputTypeError(std::string(name) + " must be a " + dimension_name(dimension) + " such as " + example +
                         ", got " + shown(o));
  const double v = to_number(o, field(name, api::InputKind::Quantity, dimension));  // checks the dimension
  if (!is_quantity(o)) return v;
  // pint's m_as multiplies by the unit's factor (5 us -> 4.9999999999999996e-06 s); a sub-unit
  // divides by its whole inverse instead, as the text parser does, so an entry rebuilt from a
  // registry entry's own quantities (its latency in us) is that entry to the last digit.
  try {
    const char* si = si_unit_name(dimension);
    nb::handle cls = o.type();
    const double magnitude = nb::cast<double>(nb::float_(o.attr("magnitude")));
    const double per_unit = nb::cast<double>(cls(1.0, o.attr("units")).attr("m_as")(si));
    if (per_unit >= 1) return magnitude * per_unit;
    return magnitude / nb::cast<double>(cls(1.0, si).attr("m_as")(o.attr("units")));
  } catch (const nb::python_error&) {
    return v;
  }
}

// A data rate (> 0, and within what the registry loader accepts: 1 KB/s to 1 EB/s).
double rate_field(nb::handle o, const char* name) {
  if (o.is_none())
    throw InputTypeError(std::string(name) + " is required: a data rate such as '400 Gbps' or '50 GB/s'");
  const double v = quantity_field(o, name, Dimension::BytesPerSecond, "'400 Gbps' or '50 GB/s'");
  if (!(v > 0)) throw InputError(std::string(name) + " must be positive, got " + shown(o));
  if (v < 1e3 || v > 1e18) throw InputError(std::string(name) + " must be in [1 KB/s, 1e18 B/s], got " + shown(o));
  return v;
}

long long whole_field(nb::handle o, const char* name, long long lo, long long hi) {
  const long long v = to_integer(o, field(name, api::InputKind::Integer));
  if (v < lo || v > hi)
    throw InputError(std::string(name) + " must be " + (v < lo ? "at least " : "at most ") +
                     std::to_string(v < lo ? lo : hi) + ", got " + shown(o));
  return v;
}

// The object whose storage a converted entity reference points into (the registry's own entries,
// found by name, need nothing kept alive).
nb::object owner_of(nb::handle o) {
  if (PyUnicode_Check(o.ptr()) || o.is_none()) return nb::none();
  if (nb::inst_check(o)) return nb::borrow(o);
  return nb::hasattr(o, "_core") ? nb::object(o.attr("_core")) : nb::none();
}

// Runs `build`, naming the class in front of any error.
template <typename Build>
void building(const char* cls, Build&& build) {
  try {
    build();
  } catch (const InputTypeError& e) {
    throw InputTypeError(std::string(cls) + ": " + e.what());
  } catch (const InputError& e) {
    throw InputError(std::string(cls) + ": " + e.what());
  }
}

void init_fabric(nb::pointer_and_handle<NetworkFabric> self, nb::handle name, nb::handle bandwidth, nb::handle latency,
                 nb::handle topology, nb::handle oversubscription_ratio) {
  NetworkFabric f;
  building("NetworkFabric", [&] {
    f.name = f.key = text_field(name, "name");
    f.bandwidth_bytes_per_s = rate_field(bandwidth, "bandwidth");
    if (!latency.is_none()) {
      const double s = quantity_field(latency, "latency", Dimension::Seconds, "'5 us'");
      if (!(s >= 0 && s <= 1e6)) throw InputError("latency must be in [0, 1e6] s, got " + shown(latency));
      f.latency_s = s;
    }
    f.topology = text_field(topology, "topology");
    const double r = to_number(oversubscription_ratio, field("oversubscription_ratio", api::InputKind::Number));
    if (!(r >= 1 && r <= 1e4))
      throw InputError("oversubscription_ratio must be in [1, 1e4] (1 is non-blocking), got " +
                       shown(oversubscription_ratio));
    f.oversubscription_ratio = r;
  });
  new (self.p) NetworkFabric(std::move(f));
}

void init_node(nb::pointer_and_handle<Node> self, nb::handle name, nb::handle accelerator,
               nb::handle accelerators_per_node, nb::handle intra_node_bw, nb::handle nics_per_node,
               nb::handle psus_per_node, nb::handle psu_redundancy) {
  Node n;
  building("Node", [&] {
    n.name = n.key = text_field(name, "name");
    if (accelerator.is_none()) throw InputTypeError("accelerator is required: a HardwareNode or a hardware name");
    n.accelerator = &to_hardware(accelerator, field("accelerator", api::InputKind::Hardware));
    if (accelerators_per_node.is_none())
      throw InputTypeError("accelerators_per_node is required (a whole number >= 1)");
    n.accelerators_per_node =
        static_cast<int>(whole_field(accelerators_per_node, "accelerators_per_node", 1, 1'000'000));
    n.intra_node_bw_bytes_per_s = rate_field(intra_node_bw, "intra_node_bw");
    n.nics_per_node = static_cast<int>(whole_field(nics_per_node, "nics_per_node", 0, 10'000));
    n.psus_per_node = static_cast<int>(whole_field(psus_per_node, "psus_per_node", 1, 10'000));
    const long long m = whole_field(psu_redundancy, "psu_redundancy", 0, 10'000);
    if (m >= n.psus_per_node)
      throw InputError("psu_redundancy (" + std::to_string(m) + ") must satisfy 0 <= psu_redundancy < psus_per_node (" +
                       std::to_string(n.psus_per_node) + ")");
    n.psu_redundancy = static_cast<int>(m);
  });
  new (self.p) Node(std::move(n));
  if (nb::object owner = owner_of(accelerator); !owner.is_none()) nb::keep_alive_obj(self.h, owner);
}

void init_fleet(nb::pointer_and_handle<Fleet> self, nb::handle name, nb::handle node, nb::handle count,
                nb::handle fabric, nb::handle region, nb::handle datacenter, nb::handle mtbf_hours) {
  Fleet f;
  std::unique_ptr<GridProfile> facility;
  building("Fleet", [&] {
    f.name = f.key = text_field(name, "name");
    if (node.is_none()) throw InputTypeError("node is required: a Node or a node name");
    f.node = &to_node(node, field("node", api::InputKind::Node));
    if (count.is_none()) throw InputTypeError("count is required (the number of nodes, a whole number >= 1)");
    f.count = static_cast<int>(whole_field(count, "count", 1, 10'000'000));
    if (fabric.is_none()) throw InputTypeError("fabric is required: a NetworkFabric or a fabric name");
    f.fabric = &to_fabric(fabric, field("fabric", api::InputKind::Fabric));
    if (!region.is_none()) f.region = &to_grid(region, field("region", api::InputKind::Grid));
    if (!datacenter.is_none()) {
      // The reference's energy model takes a fleet's datacenter before its region: its grid's
      // carbon and water, the facility's PUE. The solvers read the fleet's region, so the region
      // they see is that grid at the facility's PUE (owned by this fleet).
      const Datacenter dc = to_datacenter(datacenter, field("datacenter", api::InputKind::Datacenter));
      facility = std::make_unique<GridProfile>(*dc.grid);
      facility->pue = dc.pue();
      f.region = facility.get();
    }
    if (!mtbf_hours.is_none()) {
      double h;  // a bare number is in hours, as the field's name says
      const api::InputSpec time = field("mtbf_hours", api::InputKind::Quantity, Dimension::Seconds);
      if (PyUnicode_Check(mtbf_hours.ptr())) {
        const std::string text = to_text(mtbf_hours, time);
        Quantity q;
        try {
          q = parse_quantity(text);
        } catch (const InputError& e) {
          throw api::quantity_text_error(time, text, e);
        }
        if (q.dimension == Dimension::Dimensionless) h = q.value;
        else h = to_number(mtbf_hours, time) / 3600;
      } else if (is_quantity(mtbf_hours)) {
        try {
          h = nb::cast<double>(mtbf_hours.attr("m_as")("hour"));
        } catch (const nb::python_error&) {
          throw InputError("mtbf_hours: " + shown(mtbf_hours) + " is not a time such as '50000 hour'");
        }
      } else {
        h = to_number(mtbf_hours, field("mtbf_hours", api::InputKind::Number));
      }
      if (!(h >= 1e-3 && h <= 1e9))
        throw InputError("mtbf_hours must be in [1e-3, 1e9] hours, got " + shown(mtbf_hours));
      f.mtbf_hours = h;
    }
  });
  new (self.p) Fleet(std::move(f));
  for (nb::handle dependency : {node, fabric, region, datacenter})
    if (nb::object owner = owner_of(dependency); !owner.is_none()) nb::keep_alive_obj(self.h, owner);
  if (facility)
    nb::keep_alive_cb(self.h, facility.release(), [](void* p) noexcept { delete static_cast<GridProfile*>(p); });
}

// ---- Accelerators and workloads of the user's own (the reference's HardwareNode(...),
// TransformerWorkload(...), ...). mlsysim.hardware and mlsysim.models turn the Python arguments
// into one entry of the registry file schema (data/README.md, numbers in SI units) and this reads it
// with the registry loader itself, so a user-built entry passes exactly the checks a registry file's
// does. The loader works on a registry of its own: the entry comes back owned by the caller and the
// process's registry is untouched.

constexpr const char* kEntryOrigin = "<user entry>";
constexpr const char* kEntryKey = "user_entry";

template <typename T, typename Entries>
T one_entry(const std::string& entry_json, const char* section, Entries entries) {
  Registry scratch;
  try {
    scratch.load_text("{\"" + std::string(section) + "\": {\"" + kEntryKey + "\": " + entry_json + "}}",
                      kEntryOrigin, false);
  } catch (const InputError& e) {
    // The loader names a file and an entry the user never wrote: keep the field and the problem
    // ("field 'memory.bandwidth': must be positive"); mlsysim names the class.
    std::string message = e.what();
    const std::string file = std::string("registry file '") + kEntryOrigin + "': ";
    for (const std::string& prefix : {file + "entry '" + kEntryKey + "': ", file})
      if (message.starts_with(prefix)) {
        message = message.substr(prefix.size());
        break;
      }
    throw InputError(message);
  }
  if (entries(scratch).all().size() != 1) throw InputError("expected one entry");
  T entry = *entries(scratch).all().front();
  entry.key = entry.name;  // what messages call it
  entry.path.clear();      // no registry path: user-built
  entry.category.clear();
  return entry;
}

}  // namespace

void bind_entities(nb::module_& m) {
  nb::class_<Source>(m, "Source")
      .def_ro("kind", &Source::kind)
      .def_ro("ref", &Source::ref)
      .def_ro("url", &Source::url)
      .def_ro("verified", &Source::verified)
      .def_ro("notes", &Source::notes);

  nb::class_<ComputeCore>(m, "ComputeCore")
      .def_ro("peak_flops_per_s", &ComputeCore::peak_flops_per_s)
      .def_ro("precision_flops_per_s", &ComputeCore::precision_flops_per_s);

  nb::class_<MemoryHierarchy>(m, "MemoryHierarchy")
      .def_ro("capacity_bytes", &MemoryHierarchy::capacity_bytes)
      .def_ro("bandwidth_bytes_per_s", &MemoryHierarchy::bandwidth_bytes_per_s)
      .def_ro("sram_capacity_bytes", &MemoryHierarchy::sram_capacity_bytes)
      .def_ro("sram_bandwidth_bytes_per_s", &MemoryHierarchy::sram_bandwidth_bytes_per_s)
      .def_ro("flash_capacity_bytes", &MemoryHierarchy::flash_capacity_bytes)
      .def_ro("flash_bandwidth_bytes_per_s", &MemoryHierarchy::flash_bandwidth_bytes_per_s)
      .def_ro("l2_cache_bytes", &MemoryHierarchy::l2_cache_bytes);

  nb::class_<StorageHierarchy>(m, "StorageHierarchy")
      .def_ro("capacity_bytes", &StorageHierarchy::capacity_bytes)
      .def_ro("bandwidth_bytes_per_s", &StorageHierarchy::bandwidth_bytes_per_s)
      .def_ro("latency_s", &StorageHierarchy::latency_s);

  nb::class_<Link>(m, "Link")
      .def_ro("name", &Link::name)
      .def_ro("bandwidth_bytes_per_s", &Link::bandwidth_bytes_per_s)
      .def_ro("latency_s", &Link::latency_s)
      .def_ro("bidirectional_total", &Link::bidirectional_total)
      .def_prop_ro("bandwidth_per_direction_bytes_per_s", &Link::bandwidth_per_direction_bytes_per_s);

  nb::class_<HardwareNode>(m, "HardwareNode")
      .def_ro("key", &HardwareNode::key)
      .def_ro("path", &HardwareNode::path)
      .def_ro("category", &HardwareNode::category)
      .def_ro("name", &HardwareNode::name)
      .def_ro("release_year", &HardwareNode::release_year)
      .def_ro("compute", &HardwareNode::compute)
      .def_ro("memory", &HardwareNode::memory)
      .def_ro("storage", &HardwareNode::storage)
      .def_ro("interconnect", &HardwareNode::interconnect)
      .def_ro("nvlink", &HardwareNode::nvlink)
      .def_ro("tdp_w", &HardwareNode::tdp_w)
      .def_ro("battery_capacity_j", &HardwareNode::battery_capacity_j)
      .def_ro("unit_cost_usd", &HardwareNode::unit_cost_usd)
      .def_ro("embodied_carbon_kg", &HardwareNode::embodied_carbon_kg)
      .def_ro("accelerator_count", &HardwareNode::accelerator_count)
      .def_ro("dispatch_tax_s", &HardwareNode::dispatch_tax_s)
      .def_ro("source", &HardwareNode::source)
      .def(
          "ridge_point",
          [](const HardwareNode& h, std::string_view precision) { return h.ridge_point(parse_precision(precision)); },
          nb::arg("precision") = "fp16");

  nb::class_<Workload>(m, "Workload")
      .def_ro("key", &Workload::key)
      .def_ro("path", &Workload::path)
      .def_ro("category", &Workload::category)
      .def_ro("name", &Workload::name)
      .def_ro("architecture", &Workload::architecture)
      .def_prop_ro("kind", [](const Workload& w) { return workload_kind_name(w.kind); })
      .def_prop_ro("class_name", [](const Workload& w) { return workload_class_name(w.kind); })
      .def_ro("release_year", &Workload::release_year)
      .def_ro("parameters", &Workload::parameters)
      .def_ro("model_size_bytes", &Workload::model_size_bytes)
      .def_ro("inference_flops", &Workload::inference_flops)
      .def_ro("layers", &Workload::layers)
      .def_ro("hidden_dim", &Workload::hidden_dim)
      .def_ro("heads", &Workload::heads)
      .def_ro("kv_heads", &Workload::kv_heads)
      .def_ro("head_dim", &Workload::head_dim)
      .def_ro("kv_lora_rank", &Workload::kv_lora_rank)
      .def_ro("qk_rope_head_dim", &Workload::qk_rope_head_dim)
      .def_ro("active_parameters", &Workload::active_parameters)
      .def_ro("experts", &Workload::experts)
      .def_ro("active_experts_per_token", &Workload::active_experts_per_token)
      .def_ro("state_size", &Workload::state_size)
      .def_ro("denoising_steps", &Workload::denoising_steps)
      .def_ro("resolution", &Workload::resolution)
      .def_ro("training_ops", &Workload::training_ops)
      .def_ro("training_tokens", &Workload::training_tokens)
      .def_ro("context_length", &Workload::context_length)
      .def_ro("vocab_size", &Workload::vocab_size)
      .def_ro("source", &Workload::source);

  nb::class_<ComputationGraph>(m, "ComputationGraph")
      .def_ro("total_ops", &ComputationGraph::total_ops)
      .def_ro("weight_bytes", &ComputationGraph::weight_bytes)
      .def_ro("parameter_count", &ComputationGraph::parameter_count)
      .def_ro("layers", &ComputationGraph::layers);

  m.def(
      "hardware_entry",
      [](const std::string& entry_json) {
        return one_entry<HardwareNode>(entry_json, "hardware",
                                       [](const Registry& r) -> const auto& { return r.hardware_entries(); });
      },
      nb::arg("entry_json"),
      "One hardware entry (registry file schema, JSON, SI numbers) checked by the registry loader and returned "
      "as a HardwareNode of its own (path ''); the registry is unchanged. ValueError: \"field 'x': problem\".");
  m.def(
      "model_entry",
      [](const std::string& entry_json) {
        return one_entry<Workload>(entry_json, "models",
                                   [](const Registry& r) -> const auto& { return r.model_entries(); });
      },
      nb::arg("entry_json"), "The same for one model entry: a Workload of its own.");

  m.def("lower", &lower, nb::arg("workload"), nb::arg("bytes_per_param"));
  m.def("size_in_bytes", &size_in_bytes, nb::arg("workload"), nb::arg("bytes_per_param"));
  m.def(
      "bytes_per_element", [](std::string_view precision) { return bytes_per_element(parse_precision(precision)); },
      nb::arg("precision"));
  m.def(
      "precision_name", [](std::string_view precision) { return precision_name(parse_precision(precision)); },
      nb::arg("precision"));

  nb::class_<GridProfile>(m, "GridProfile")
      .def_ro("key", &GridProfile::key)
      .def_ro("path", &GridProfile::path)
      .def_ro("name", &GridProfile::name)
      .def_ro("carbon_intensity_g_per_kwh", &GridProfile::carbon_intensity_g_per_kwh)
      .def_ro("pue", &GridProfile::pue)
      .def_ro("wue_l_per_kwh", &GridProfile::wue_l_per_kwh)
      .def_ro("primary_source", &GridProfile::primary_source)
      .def_ro("renewable_pct", &GridProfile::renewable_pct)
      .def_ro("lat", &GridProfile::lat)
      .def_ro("lon", &GridProfile::lon)
      .def_ro("source", &GridProfile::source);

  nb::class_<Datacenter>(m, "Datacenter")
      .def(
          "__init__",
          // A facility of the user's own (the reference's Datacenter(name, grid, pue_override)); the
          // grid object stays alive as long as the datacenter.
          [](Datacenter* self, const std::string& name, const GridProfile* grid, std::optional<double> pue_override) {
            if (!grid) throw InputError("Datacenter: grid must be a GridProfile");
            if (pue_override && !(*pue_override >= 1 && *pue_override <= 10))
              throw InputError("Datacenter: pue_override must be in [1, 10], got " + python_repr(*pue_override));
            auto* d = new (self) Datacenter();
            d->key = name;
            d->name = name;
            d->grid = grid;
            d->pue_override = pue_override;
          },
          nb::arg("name"), nb::arg("grid"), nb::arg("pue_override") = nb::none(), nb::keep_alive<1, 3>())
      .def_ro("key", &Datacenter::key)
      .def_ro("path", &Datacenter::path)
      .def_ro("name", &Datacenter::name)
      .def_prop_ro("grid", [](const Datacenter& d) { return *d.grid; })
      .def_ro("pue_override", &Datacenter::pue_override)
      .def_prop_ro("pue", &Datacenter::pue)
      .def_ro("source", &Datacenter::source);

  nb::class_<NetworkFabric>(m, "NetworkFabric")
      .def("__init__", &init_fabric, nb::arg("name").none(), nb::arg("bandwidth").none(),
           nb::arg("latency").none() = nb::none(),
           nb::arg("topology").none() = "fat-tree", nb::arg("oversubscription_ratio").none() = 1.0,
           "A fabric of the user's own; bandwidth and latency with their units ('400 Gbps', '5 us').")
      .def_ro("key", &NetworkFabric::key)
      .def_ro("path", &NetworkFabric::path)
      .def_ro("name", &NetworkFabric::name)
      .def_ro("topology", &NetworkFabric::topology)
      .def_ro("bandwidth_bytes_per_s", &NetworkFabric::bandwidth_bytes_per_s)
      .def_ro("latency_s", &NetworkFabric::latency_s)
      .def_ro("oversubscription_ratio", &NetworkFabric::oversubscription_ratio)
      .def_ro("source", &NetworkFabric::source);

  // The entries a node or fleet points at come back as references (the user's own objects, for a
  // user-built one), each keeping its node or fleet alive.
  nb::class_<Node>(m, "Node")
      .def("__init__", &init_node, nb::arg("name").none(), nb::arg("accelerator").none(),
           nb::arg("accelerators_per_node").none(), nb::arg("intra_node_bw").none(),
           nb::arg("nics_per_node").none() = 1, nb::arg("psus_per_node").none() = 2,
           nb::arg("psu_redundancy").none() = 0,
           "A node of the user's own: `accelerators_per_node` of `accelerator` (a HardwareNode or its name).")
      .def_ro("key", &Node::key)
      .def_ro("path", &Node::path)
      .def_ro("name", &Node::name)
      .def_prop_ro("accelerator", [](const Node& n) { return n.accelerator; }, nb::rv_policy::reference_internal)
      .def_ro("accelerators_per_node", &Node::accelerators_per_node)
      .def_ro("intra_node_bw_bytes_per_s", &Node::intra_node_bw_bytes_per_s)
      .def_ro("nics_per_node", &Node::nics_per_node)
      .def_ro("psus_per_node", &Node::psus_per_node)
      .def_ro("psu_redundancy", &Node::psu_redundancy)
      .def_ro("source", &Node::source);

  nb::class_<Fleet>(m, "Fleet")
      .def("__init__", &init_fleet, nb::arg("name").none(), nb::arg("node").none(), nb::arg("count").none(),
           nb::arg("fabric").none(), nb::arg("region").none() = nb::none(), nb::arg("datacenter").none() = nb::none(),
           nb::arg("mtbf_hours").none() = nb::none(),
           "A cluster of the user's own: `count` nodes on `fabric` (each a registry entry, a user-built one "
           "or a name), optionally on a grid (`region`) or in a facility (`datacenter`).")
      .def_ro("key", &Fleet::key)
      .def_ro("path", &Fleet::path)
      .def_ro("name", &Fleet::name)
      .def_prop_ro("node", [](const Fleet& f) { return f.node; }, nb::rv_policy::reference_internal)
      .def_ro("count", &Fleet::count)
      .def_prop_ro("fabric", [](const Fleet& f) { return f.fabric; }, nb::rv_policy::reference_internal)
      // The grid the solvers use: the region, or a datacenter's grid at that facility's PUE.
      .def_prop_ro("region", [](const Fleet& f) { return f.region; }, nb::rv_policy::reference_internal)
      .def_prop_ro("effective_pue", [](const Fleet& f) { return f.region ? f.region->pue : kDefaultFacilityPue; })
      .def_ro("mtbf_hours", &Fleet::mtbf_hours)
      .def_prop_ro("total_accelerators", &Fleet::total_accelerators)
      .def_ro("source", &Fleet::source);
}

}  // namespace mlsysim::python
