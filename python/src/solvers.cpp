// Every solver through one generic binding: _core.solver_specs() describes
// them (the same data as `mlsysim solve --describe NAME --output json`) and
// _core.solve(solver, values) runs one from Python objects. The mlsysim
// package generates its classes from the specs, so no solver has code here.
// Results come back as a lazy handle: a field is converted when it is read.
#include <nanobind/nanobind.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>

#include <algorithm>
#include <memory>

#include "api/describe.hpp"
#include "api/door.hpp"
#include "bindings.hpp"
#include "convert.hpp"
#include "python_source.hpp"
#include "core/errors.hpp"
#include "core/suggest.hpp"

namespace nb = nanobind;

namespace mlsysim::python {

using api::InputKind;
using api::InputSpec;
using api::OutputKind;
using api::ResultSpec;
using api::SolverSpec;

namespace {


// A solved result, read lazily: `get(i)` converts output i when asked. It
// keeps the inputs alive, since a result may point into the entries it was
// solved on (a trace names its hardware).
struct Result {
  const ResultSpec* spec;
  std::shared_ptr<const void> data;
  nb::object inputs;

  nb::object get(size_t i) const {
    if (i >= spec->outputs.size()) throw nb::index_error("no such result field");
    const api::OutputSpec& out = spec->outputs[i];
    if (out.kind == OutputKind::Result) {
      const void* child = out.child(data.get());
      if (!child) return nb::none();
      return nb::cast(Result{out.nested, std::shared_ptr<const void>(data, child), inputs});
    }
    if (out.kind == OutputKind::ResultList) {
      nb::list items;
      const size_t n = out.size(data.get());
      for (size_t k = 0; k < n; ++k)
        items.append(nb::cast(Result{out.nested, std::shared_ptr<const void>(data, out.item(data.get(), k)), inputs}));
      return items;
    }
    return to_python(out.value(data.get()));
  }

  nb::object warnings() const {
    if (spec->warnings_output < 0) return nb::list();
    return get(static_cast<size_t>(spec->warnings_output));
  }
};

const SolverSpec& solver_of(nb::handle which) {
  if (PyLong_Check(which.ptr())) {
    const size_t i = nb::cast<size_t>(which);
    if (i >= api::solver_table().size()) throw nb::index_error("no solver with that index");
    return *api::solver_table()[i];
  }
  if (!PyUnicode_Check(which.ptr())) throw InputTypeError("solver must be a name or an index, got " + shown(which));
  return api::find_solver(nb::cast<std::string>(which));
}

}  // namespace

void bind_solvers(nb::module_& m) {
  nb::class_<Result>(m, "Result", "A solver's result; fields are converted when read (SI units).")
      .def("get", &Result::get, nb::arg("index"), "Output `index` of the result spec, as SI numbers.")
      .def_prop_ro("warnings", &Result::warnings)
      .def_prop_ro("result", [](const Result& r) { return r.spec->name; })
      .def(
          "to_record", [](const Result& r) { return to_python(Value(api::to_record(*r.spec, r.data.get()))); },
          "Every field under its SI key, nested results as dicts: what `mlsysim solve ... -o json` prints.");

  m.def(
      "solver_specs",
      [] {
        nb::list out;
        for (const SolverSpec* s : api::solver_table()) out.append(to_python(Value(api::describe(*s))));
        return out;
      },
      "Every solver's description: inputs with defaults, result fields with SI keys and units.");

  m.def(
      "solve",
      [](nb::handle solver, nb::handle values) {
        const SolverSpec& spec = solver_of(solver);
        PythonSource source(spec, values);
        return Result{spec.result, api::run_solver(spec, source), nb::borrow(values)};
      },
      nb::arg("solver").none(), nb::arg("values").none(),
      "Runs a solver (name or index into solver_specs()) on `values`: a dict of inputs by name, or a tuple of "
      "every input in spec order. Raises ValueError/TypeError on bad input.");
}

}  // namespace mlsysim::python
