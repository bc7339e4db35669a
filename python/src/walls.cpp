// The 22 walls for Python (mlsysim/walls.py builds 0.3.0's helpers on this list).
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "api/walls.hpp"
#include "bindings.hpp"

namespace nb = nanobind;

namespace mlsysim::python {

void bind_walls(nb::module_& m) {
  m.def("walls", [] {
    nb::list out;
    for (const api::Wall& w : api::walls()) {
      nb::dict d;
      d["number"] = w.number;
      d["name"] = w.name;
      d["domain"] = w.domain;
      d["solver"] = w.solver;
      d["metric"] = w.metric;
      d["constraint"] = w.constraint;
      d["equation"] = w.equation;
      d["sources"] = w.sources;
      out.append(d);
    }
    return out;
  });
}

}  // namespace mlsysim::python
