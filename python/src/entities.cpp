// Read-only views of the registry's typed entries (all numbers SI).
#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include "bindings.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/precision.hpp"
#include "models/workload.hpp"

namespace nb = nanobind;

namespace mlsysim::python {

namespace {
// A raw pointer into the registry as a Python copy (None when unset). The
// registry keeps every entry it ever held alive (see registry.cpp).
template <typename T>
nb::object copy_or_none(const T* entry) {
  return entry ? nb::cast(*entry, nb::rv_policy::copy) : nb::none();
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
      .def_ro("key", &NetworkFabric::key)
      .def_ro("path", &NetworkFabric::path)
      .def_ro("name", &NetworkFabric::name)
      .def_ro("topology", &NetworkFabric::topology)
      .def_ro("bandwidth_bytes_per_s", &NetworkFabric::bandwidth_bytes_per_s)
      .def_ro("latency_s", &NetworkFabric::latency_s)
      .def_ro("oversubscription_ratio", &NetworkFabric::oversubscription_ratio)
      .def_ro("source", &NetworkFabric::source);

  nb::class_<Node>(m, "Node")
      .def_ro("key", &Node::key)
      .def_ro("path", &Node::path)
      .def_ro("name", &Node::name)
      .def_prop_ro("accelerator", [](const Node& n) { return copy_or_none(n.accelerator); })
      .def_ro("accelerators_per_node", &Node::accelerators_per_node)
      .def_ro("intra_node_bw_bytes_per_s", &Node::intra_node_bw_bytes_per_s)
      .def_ro("nics_per_node", &Node::nics_per_node)
      .def_ro("psus_per_node", &Node::psus_per_node)
      .def_ro("psu_redundancy", &Node::psu_redundancy)
      .def_ro("source", &Node::source);

  nb::class_<Fleet>(m, "Fleet")
      .def_ro("key", &Fleet::key)
      .def_ro("path", &Fleet::path)
      .def_ro("name", &Fleet::name)
      .def_prop_ro("node", [](const Fleet& f) { return copy_or_none(f.node); })
      .def_ro("count", &Fleet::count)
      .def_prop_ro("fabric", [](const Fleet& f) { return copy_or_none(f.fabric); })
      .def_prop_ro("region", [](const Fleet& f) { return copy_or_none(f.region); })
      .def_ro("mtbf_hours", &Fleet::mtbf_hours)
      .def_prop_ro("total_accelerators", &Fleet::total_accelerators)
      .def_ro("source", &Fleet::source);
}

}  // namespace mlsysim::python
