// The registry as Python sees it: lookups return copies, so a Python object
// never points into a registry that load_registry_file later replaces.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include <vector>

#include "bindings.hpp"
#include "core/suggest.hpp"

namespace nb = nanobind;

namespace mlsysim::python {

namespace {

Registry& mutable_registry() {
  static Registry registry = Registry::builtin();
  return registry;
}

template <typename T>
std::vector<T> copies(const Collection<T>& collection) {
  std::vector<T> out;
  out.reserve(collection.all().size());
  for (const auto& entry : collection.all()) out.push_back(*entry);
  return out;
}

}  // namespace

const Registry& current_registry() { return mutable_registry(); }

void bind_registry(nb::module_& m) {
  m.def("hardware", [](std::string_view name) { return current_registry().hardware(name); }, nb::arg("name"));
  m.def("model", [](std::string_view name) { return current_registry().model(name); }, nb::arg("name"));
  m.def("grid", [](std::string_view name) { return current_registry().grid(name); }, nb::arg("name"));
  m.def("datacenter", [](std::string_view name) { return current_registry().datacenter(name); }, nb::arg("name"));
  m.def("fabric", [](std::string_view name) { return current_registry().fabric(name); }, nb::arg("name"));
  m.def("node", [](std::string_view name) { return current_registry().node(name); }, nb::arg("name"));
  m.def("cluster", [](std::string_view name) { return current_registry().cluster(name); }, nb::arg("name"));

  m.def("hardware_entries", [] { return copies(current_registry().hardware_entries()); });
  m.def("model_entries", [] { return copies(current_registry().model_entries()); });
  m.def("grid_entries", [] { return copies(current_registry().grid_entries()); });
  m.def("datacenter_entries", [] { return copies(current_registry().datacenter_entries()); });
  m.def("fabric_entries", [] { return copies(current_registry().fabric_entries()); });
  m.def("node_entries", [] { return copies(current_registry().node_entries()); });
  m.def("cluster_entries", [] { return copies(current_registry().cluster_entries()); });

  m.def(
      "load_registry_file",
      // All or nothing; throws InputError. Replaced entries stay alive in the
      // registry, so nodes and clusters that point at them remain valid.
      [](const std::string& path) { mutable_registry().load_file(path); },
      nb::arg("path"), "Adds the entries of a user YAML/JSON file to the process-wide registry.");

  m.def(
      "closest_names",
      [](std::string_view query, const std::vector<std::string>& candidates, size_t limit) {
        return closest_names(query, candidates, limit);
      },
      nb::arg("query"), nb::arg("candidates"), nb::arg("limit") = 3,
      "The registry's 'did you mean' ranking.");
  m.def(
      "did_you_mean",
      [](std::string_view query, const std::vector<std::string>& candidates, size_t limit) {
        return did_you_mean(query, candidates, limit);
      },
      nb::arg("query"), nb::arg("candidates"), nb::arg("limit") = 3,
      "The phrase every message uses: \"; did you mean 'a' or 'b'?\", or \"\".");
}

}  // namespace mlsysim::python
