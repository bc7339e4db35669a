#pragma once
// Solver inputs from Python objects (the generic binding's InputSource), shared by _core.solve
// and _core.search_evaluate.
#include <nanobind/nanobind.h>

#include <algorithm>
#include <string>
#include <vector>

#include "api/solver_spec.hpp"
#include "convert.hpp"
#include "core/errors.hpp"
#include "core/suggest.hpp"

namespace mlsysim::python {

// Solver inputs as Python objects: registry entries or their names, numbers,
// booleans, text, pint quantities. A wrong type is a TypeError, a wrong value
// a ValueError, each one line naming the input.
class PythonSource : public api::InputSource {
 public:
  // `values`: a tuple of every input in spec order, or a dict of some of them.
  PythonSource(const api::SolverSpec& spec, nanobind::handle values) : spec_(spec), values_(values) {
    if (PyTuple_Check(values.ptr())) {
      if (static_cast<size_t>(PyTuple_GET_SIZE(values.ptr())) != spec.inputs.size())
        throw InputTypeError(spec.name + " takes " + std::to_string(spec.inputs.size()) + " values, got " +
                             std::to_string(PyTuple_GET_SIZE(values.ptr())));
      tuple_ = true;
      return;
    }
    if (!PyDict_Check(values.ptr()))
      throw InputTypeError(spec.name + ": values must be a dict of input names or a tuple, got " + shown(values));
    std::vector<std::string> names;
    for (const auto& in : spec.inputs) names.push_back(in.name);
    for (auto [key, value] : nanobind::borrow<nanobind::dict>(values)) {
      if (!PyUnicode_Check(key.ptr())) throw InputTypeError(spec.name + ": input names must be text, got " + shown(key));
      std::string name = nanobind::cast<std::string>(key);
      if (std::find(names.begin(), names.end(), name) == names.end())
        throw InputTypeError(spec.name + "() got an unexpected keyword argument '" + name + "'" +
                             did_you_mean(name, names) + " (accepted: " + join_names(names) + ")");
    }
  }

  bool given(const api::InputSpec& in) override { return tuple_ || PyDict_GetItemString(values_.ptr(), in.name.c_str()); }
  bool is_none(const api::InputSpec& in) override { return value(in).is_none(); }

  long long integer(const api::InputSpec& in) override { return to_integer(value(in), in); }
  double number(const api::InputSpec& in) override { return to_number(value(in), in); }
  Dimension dimension_of(const api::InputSpec& in) override { return mlsysim::python::dimension_of(value(in), in); }
  bool flag(const api::InputSpec& in) override { return to_flag(value(in), in); }
  std::string text(const api::InputSpec& in) override { return to_text(value(in), in); }
  Precision precision(const api::InputSpec& in) override { return to_precision(value(in), in); }
  const Workload& model(const api::InputSpec& in) override { return to_model(value(in), in); }
  const HardwareNode& hardware(const api::InputSpec& in) override { return to_hardware(value(in), in); }
  const GridProfile& grid(const api::InputSpec& in) override { return to_grid(value(in), in); }
  Datacenter datacenter(const api::InputSpec& in) override { return to_datacenter(value(in), in); }
  GridList grid_list(const api::InputSpec& in) override { return to_grid_list(value(in), in); }
  const NetworkFabric& fabric(const api::InputSpec& in) override { return to_fabric(value(in), in); }
  const Node& node(const api::InputSpec& in) override { return to_node(value(in), in); }
  const Fleet& cluster(const api::InputSpec& in) override { return to_cluster(value(in), in); }

 private:
  nanobind::handle value(const api::InputSpec& in) {
    if (tuple_) return PyTuple_GET_ITEM(values_.ptr(), &in - spec_.inputs.data());
    PyObject* v = PyDict_GetItemString(values_.ptr(), in.name.c_str());
    if (!v) throw InputError("missing parameter '" + in.name + "'");
    return v;
  }

  const api::SolverSpec& spec_;
  nanobind::handle values_;
  bool tuple_ = false;
};

}  // namespace mlsysim::python
