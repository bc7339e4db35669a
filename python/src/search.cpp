// The design-space search from Python: _core.search_evaluate runs a grid (or a piece of one) of
// any solver on every core with the GIL released and returns numpy columns; _core.search_summary
// finds the best point, the top rows and the Pareto front from merged columns. mlsysim/search.py
// builds the user's API (and the executor path) on these two.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <cstring>
#include <memory>

#include "api/door.hpp"
#include "api/search.hpp"
#include "bindings.hpp"
#include "convert.hpp"
#include "core/errors.hpp"
#include "python_source.hpp"

namespace nb = nanobind;

namespace mlsysim::python {

namespace {

template <typename T>
nb::ndarray<nb::numpy, T, nb::ndim<1>> array_of(const std::vector<T>& v) {
  T* data = new T[v.empty() ? 1 : v.size()];
  if (!v.empty()) std::memcpy(data, v.data(), v.size() * sizeof(T));
  nb::capsule owner(data, [](void* p) noexcept { delete[] static_cast<T*>(p); });
  return nb::ndarray<nb::numpy, T, nb::ndim<1>>(data, {v.size()}, owner);
}

template <typename T>
std::vector<T> vector_of(nb::ndarray<const T, nb::ndim<1>, nb::c_contig> a) {
  return std::vector<T>(a.data(), a.data() + a.shape(0));
}

// `fixed`: {name: value}; `axes`: [(name, [values...]), ...] in grid order.
api::SearchSpace python_space(const api::SolverSpec& spec, nb::dict fixed, nb::list axes) {
  api::SearchSpace space;
  space.solver = &spec;
  space.base = spec.make_inputs();
  PythonSource source(spec, fixed);  // checks the names
  std::vector<const api::InputSpec*> given;
  for (const api::InputSpec& in : spec.inputs)
    if (source.given(in)) {
      api::read_one(spec, in, source, space.base.get());
      given.push_back(&in);
    }
  for (nb::handle item : axes) {
    nb::tuple pair = nb::cast<nb::tuple>(item);
    const std::string name = nb::cast<std::string>(pair[0]);
    const api::InputSpec* input = nullptr;
    for (const api::InputSpec& in : spec.inputs)
      if (in.name == name) input = &in;
    if (!input) {
      nb::dict probe;
      probe[name.c_str()] = nb::none();
      PythonSource check(spec, probe);  // the unknown-name error with "did you mean"
      throw InputTypeError(spec.name + ": unknown input " + name);
    }
    if (source.given(*input)) throw InputTypeError(name + " is both fixed and an axis");
    api::SearchSpace::Axis axis;
    axis.input = input;
    for (nb::handle v : pair[1]) {
      nb::dict one;
      one[name.c_str()] = v;
      PythonSource value(spec, one);
      axis.values.push_back(api::read_one(spec, *input, value));
      axis.labels.emplace_back(std::string());  // labels stay on the Python side
    }
    if (axis.values.empty()) throw InputError(name + ": an axis needs at least one value");
    space.axes.push_back(std::move(axis));
  }
  api::require_complete(space, given);
  return space;
}

}  // namespace

void bind_search(nb::module_& m) {
  m.def(
      "search_evaluate",
      [](const std::string& solver, nb::dict fixed, nb::list axes, const std::string& objective, bool maximize,
         std::optional<std::string> second, bool second_maximize, const std::vector<std::string>& where, size_t begin,
         std::optional<size_t> end, int threads) {
        const api::SolverSpec& spec = api::find_solver(solver);
        const api::SearchSpace space = python_space(spec, fixed, axes);
        const size_t total = space.size();
        api::Goal goal{api::ResultPath(*spec.result, objective), maximize}, other;
        if (second) other = {api::ResultPath(*spec.result, *second), second_maximize};
        std::vector<api::Constraint> constraints;
        for (const auto& w : where) constraints.push_back(api::parse_constraint(*spec.result, w));
        api::SearchColumns cols;
        {
          nb::gil_scoped_release release;
          cols = api::evaluate(space, goal, other, constraints, begin, end.value_or(total), threads);
        }
        nb::dict out;
        out["size"] = total;
        out["begin"] = cols.begin;
        out["objective"] = array_of(cols.objective);
        out["second"] = second ? nb::object(nb::cast(array_of(cols.second))) : nb::none();
        out["status"] = array_of(cols.status);
        out["first_invalid"] = cols.first_invalid.empty() ? nb::none() : nb::cast(cols.first_invalid[0]);
        return out;
      },
      nb::arg("solver"), nb::arg("fixed"), nb::arg("axes"), nb::arg("objective"), nb::arg("maximize") = false,
      nb::arg("second") = nb::none(), nb::arg("second_maximize") = false, nb::arg("where") = std::vector<std::string>{},
      nb::arg("begin") = 0, nb::arg("end") = nb::none(), nb::arg("threads") = 0,
      "Evaluates points [begin, end) of a search grid; numpy columns of the objectives and the status "
      "(0 satisfies, 1 violates a constraint, 2 invalid).");

  m.def(
      "search_summary",
      [](nb::ndarray<const double, nb::ndim<1>, nb::c_contig> objective,
         std::optional<nb::ndarray<const double, nb::ndim<1>, nb::c_contig>> second,
         nb::ndarray<const uint8_t, nb::ndim<1>, nb::c_contig> status, bool maximize,
         std::optional<bool> second_maximize, size_t top) {
        api::SearchColumns cols;
        cols.objective = vector_of(objective);
        if (second) cols.second = vector_of(*second);
        cols.status = vector_of(status);
        if (cols.status.size() != cols.objective.size() || (second && cols.second.size() != cols.objective.size()))
          throw InputError("search_summary: columns of different lengths");
        const api::SearchSummary s = api::summarize(cols, maximize, second ? second_maximize : std::nullopt, top);
        nb::dict out;
        out["best"] = s.best ? nb::cast(*s.best) : nb::none();
        out["pareto"] = s.pareto;
        out["top"] = s.top;
        out["satisfying"] = s.satisfying;
        out["invalid"] = s.invalid;
        return out;
      },
      nb::arg("objective"), nb::arg("second"), nb::arg("status"), nb::arg("maximize"), nb::arg("second_maximize"),
      nb::arg("top") = 10);
}

}  // namespace mlsysim::python
