#include "convert.hpp"

#include <nanobind/stl/string.h>

#include <cmath>
#include <cstring>

#include "bindings.hpp"
#include "core/errors.hpp"

namespace nb = nanobind;

namespace mlsysim::python {

using api::InputKind;
using api::InputSpec;

std::string shown(nb::handle value) {
  std::string text;
  try {
    text = nb::cast<std::string>(nb::repr(value));
  } catch (...) {
    PyErr_Clear();
    text = "<unprintable " + std::string(Py_TYPE(value.ptr())->tp_name) + ">";
  }
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

bool is_quantity(nb::handle o) { return nb::hasattr(o, "magnitude") && nb::hasattr(o, "units"); }

namespace {

bool is_numpy_bool(nb::handle o) {
  const char* name = Py_TYPE(o.ptr())->tp_name;
  return std::strcmp(name, "numpy.bool") == 0 || std::strcmp(name, "numpy.bool_") == 0;
}

// A pint quantity (any unit of the input's kind) or text such as "2 GB/s".
double quantity(nb::handle o, const InputSpec& in) {
  if (PyUnicode_Check(o.ptr())) {
    Quantity q;
    try {
      q = parse_quantity(to_text(o, in));
    } catch (const InputError& e) {
      throw api::quantity_text_error(in, to_text(o, in), e);
    }
    if (q.dimension == Dimension::Dimensionless) return scale_by_unit(q.value, in.bare_unit_factor);
    if (q.dimension != in.dimension && q.dimension != in.alt_dimension)
      throw InputError(in.name + ": " + shown(o) + " is a " + dimension_name(q.dimension) + ", expected " +
                       accepted_values(in));
    return q.value;
  }
  double v;
  try {
    v = nb::cast<double>(o.attr("m_as")(si_unit_name(dimension_of(o, in))));
  } catch (const nb::python_error&) {
    throw InputError(in.name + ": " + shown(o) + " is not " + accepted_values(in));
  }
  if (!std::isfinite(v)) throw InputError(in.name + " must be a finite number, got " + shown(o));
  return v;
}

template <typename T, typename Lookup>
const T& entity(nb::handle o, const InputSpec& in, const char* type_name, Lookup lookup) {
  T* direct = nullptr;
  if (nb::try_cast<T*>(o, direct, false) && direct) return *direct;
  if (PyUnicode_Check(o.ptr())) {
    try {
      return lookup(current_registry(), to_text(o, in));
    } catch (const UnknownNameError& e) {
      throw InputError(in.name + ": " + e.what());
    }
  }
  if (nb::hasattr(o, "_core")) {
    nb::object core = o.attr("_core");
    if (nb::try_cast<T*>(core, direct, false) && direct) return *direct;
  }
  throw InputTypeError(in.name + " must be " + type_name + " or a registry name, got " + shown(o));
}

}  // namespace

long long to_integer(nb::handle o, const InputSpec& in) {
  PyObject* p = o.ptr();
  if (PyBool_Check(p) || is_numpy_bool(o)) throw InputTypeError(in.name + " must be a whole number, got " + shown(o));
  if (PyFloat_Check(p)) {
    const double d = PyFloat_AS_DOUBLE(p);
    if (!std::isfinite(d) || d != std::floor(d)) throw InputError(in.name + " must be a whole number, got " + shown(o));
    if (std::fabs(d) > 9e15) throw InputError(in.name + " must be at most 9e15, got " + shown(o));
    return static_cast<long long>(d);
  }
  if (PyLong_Check(p) || PyIndex_Check(p)) {
    nb::object index = nb::steal(PyNumber_Index(p));
    if (!index.is_valid()) {
      PyErr_Clear();
      throw InputTypeError(in.name + " must be a whole number, got " + shown(o));
    }
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
    if (overflow > 0) throw InputError(in.name + " must be at most 2**63 - 1, got " + shown(o));
    if (overflow < 0) throw InputError(in.name + " must be at least -2**63, got " + shown(o));
    return v;
  }
  throw InputTypeError(in.name + " must be a whole number, got " + shown(o));
}

Dimension dimension_of(nb::handle o, const InputSpec& in) {
  if (PyUnicode_Check(o.ptr())) {
    try {
      const Dimension d = parse_quantity(to_text(o, in)).dimension;
      return d == Dimension::Dimensionless ? in.dimension : d;
    } catch (const InputError&) {
      return in.dimension;  // to_number reports the malformed text
    }
  }
  if (is_quantity(o) && in.alt_dimension != Dimension::Dimensionless) {
    // Whichever of the two SI units the quantity converts to.
    try {
      o.attr("m_as")(si_unit_name(in.alt_dimension));
      return in.alt_dimension;
    } catch (const nb::python_error&) {
      return in.dimension;
    }
  }
  return in.dimension;
}

double to_number(nb::handle o, const InputSpec& in) {
  PyObject* p = o.ptr();
  double v;
  if (PyFloat_Check(p)) {
    v = PyFloat_AS_DOUBLE(p);
  } else if (PyBool_Check(p) || is_numpy_bool(o)) {
    throw InputTypeError(in.name + " must be a number, got " + shown(o));
  } else if (PyLong_Check(p)) {
    v = PyLong_AsDouble(p);
    if (v == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      throw InputError(in.name + " is too large: " + shown(o));
    }
  } else if (in.kind == InputKind::Quantity && (PyUnicode_Check(p) || is_quantity(o))) {
    return quantity(o, in);
  } else if (in.kind == InputKind::Number && is_quantity(o)) {  // Q_(7e9, "count"): a dimensionless quantity
    try {
      v = nb::cast<double>(o.attr("m_as")(""));
    } catch (const nb::python_error&) {
      throw InputTypeError(in.name + " must be a number (or a dimensionless quantity), got " + shown(o));
    }
  } else if (!PyUnicode_Check(p) && !is_quantity(o) && PyNumber_Check(p)) {  // numpy scalars
    nb::object f = nb::steal(PyNumber_Float(p));
    if (!f.is_valid()) {
      PyErr_Clear();
      throw InputTypeError(in.name + " must be a number, got " + shown(o));
    }
    v = PyFloat_AS_DOUBLE(f.ptr());
  } else {
    throw InputTypeError(in.name + " must be " + (in.kind == InputKind::Quantity ? accepted_values(in) : "a number") +
                         ", got " + shown(o));
  }
  if (!std::isfinite(v)) throw InputError(in.name + " must be a finite number, got " + shown(o));
  return in.kind == InputKind::Quantity ? scale_by_unit(v, in.bare_unit_factor) : v;
}

bool to_flag(nb::handle o, const InputSpec& in) {
  if (o.ptr() == Py_True) return true;
  if (o.ptr() == Py_False) return false;
  if (is_numpy_bool(o)) return PyObject_IsTrue(o.ptr()) == 1;
  throw InputTypeError(in.name + " must be True or False, got " + shown(o));
}

std::string to_text(nb::handle o, const InputSpec& in) {
  if (!PyUnicode_Check(o.ptr()))
    throw InputTypeError(in.name + " must be " + (in.kind == InputKind::Text ? "text" : accepted_values(in)) +
                         ", got " + shown(o));
  Py_ssize_t size = 0;
  const char* utf8 = PyUnicode_AsUTF8AndSize(o.ptr(), &size);
  if (!utf8) {
    PyErr_Clear();
    throw InputError(in.name + ": not valid text (" + shown(o) + ")");
  }
  return std::string(utf8, static_cast<size_t>(size));
}

Precision to_precision(nb::handle o, const InputSpec& in) {
  if (!PyUnicode_Check(o.ptr())) throw InputTypeError(in.name + " must be text such as 'fp16', got " + shown(o));
  try {
    return parse_precision(to_text(o, in));
  } catch (const InputTypeError&) {
    throw;
  } catch (const InputError& e) {
    throw InputError(in.name + ": " + e.what());
  }
}

const Workload& to_model(nb::handle o, const InputSpec& in) {
  return entity<Workload>(o, in, "a Workload", [](const Registry& r, std::string_view n) -> const Workload& { return r.model(n); });
}
const HardwareNode& to_hardware(nb::handle o, const InputSpec& in) {
  return entity<HardwareNode>(o, in, "a HardwareNode",
                              [](const Registry& r, std::string_view n) -> const HardwareNode& { return r.hardware(n); });
}
const GridProfile& to_grid(nb::handle o, const InputSpec& in) {
  return entity<GridProfile>(o, in, "a GridProfile",
                             [](const Registry& r, std::string_view n) -> const GridProfile& { return r.grid(n); });
}
GridList to_grid_list(nb::handle o, const InputSpec& in) {
  if (!PyList_Check(o.ptr()) && !PyTuple_Check(o.ptr()))
    throw InputTypeError(in.name + " must be a list of grid names such as ['Quebec', 'Iowa'], got " + shown(o));
  GridList out;
  for (nb::handle item : o) {
    const GridProfile& g = to_grid(item, in);
    out.names.push_back(g.key);
    out.grids.push_back(&g);
  }
  if (out.grids.empty()) throw InputError(in.name + " is empty; give at least one grid name");
  return out;
}

Datacenter to_datacenter(nb::handle o, const InputSpec& in) {
  if (PyUnicode_Check(o.ptr())) {
    try {
      return current_registry().site(to_text(o, in));
    } catch (const UnknownNameError& e) {
      throw InputError(in.name + ": " + e.what());
    }
  }
  nb::object core = nb::hasattr(o, "_core") ? nb::object(o.attr("_core")) : nb::borrow(o);
  Datacenter* dc = nullptr;
  if (nb::try_cast<Datacenter*>(core, dc, false) && dc) return *dc;
  GridProfile* grid = nullptr;
  if (nb::try_cast<GridProfile*>(core, grid, false) && grid) return Datacenter::of_grid(*grid);
  throw InputTypeError(in.name + " must be a Datacenter, a GridProfile or a registry name, got " + shown(o));
}
const NetworkFabric& to_fabric(nb::handle o, const InputSpec& in) {
  return entity<NetworkFabric>(o, in, "a NetworkFabric",
                               [](const Registry& r, std::string_view n) -> const NetworkFabric& { return r.fabric(n); });
}
const Node& to_node(nb::handle o, const InputSpec& in) {
  return entity<Node>(o, in, "a Node", [](const Registry& r, std::string_view n) -> const Node& { return r.node(n); });
}
const Fleet& to_cluster(nb::handle o, const InputSpec& in) {
  return entity<Fleet>(o, in, "a Fleet", [](const Registry& r, std::string_view n) -> const Fleet& { return r.cluster(n); });
}

nb::object to_python(const Value& value) {
  return std::visit(
      [](const auto& v) -> nb::object {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nb::none();
        } else if constexpr (std::is_same_v<T, List>) {
          nb::list out;
          for (const Value& item : v) out.append(to_python(item));
          return out;
        } else if constexpr (std::is_same_v<T, Record>) {
          nb::dict out;
          for (const auto& [key, item] : v) out[key.c_str()] = to_python(item);
          return out;
        } else {
          return nb::cast(v);
        }
      },
      value.data);
}

}  // namespace mlsysim::python
