#include "api/door.hpp"

#include <cmath>

#include "core/errors.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"

namespace mlsysim::api {

#define MLSYSIM_SOLVER(Name) const SolverSpec& spec_##Name();
#include "api/solvers.def"
#undef MLSYSIM_SOLVER

const std::vector<const SolverSpec*>& solver_table() {
  static const std::vector<const SolverSpec*> table = {
#define MLSYSIM_SOLVER(Name) &spec_##Name(),
#include "api/solvers.def"
#undef MLSYSIM_SOLVER
  };
  return table;
}

const SolverSpec& find_solver(std::string_view name) {
  const std::string wanted = to_lower(name);
  std::vector<std::string> names;
  for (const SolverSpec* s : solver_table()) {
    if (to_lower(s->name) == wanted) return *s;
    for (const auto& a : s->aliases)
      if (to_lower(a) == wanted) return *s;
    names.push_back(s->name);
  }
  throw InputError("unknown solver " + in_quotes(name) + did_you_mean(name, names) +
                   " (available: " + join_names(names) + ")");
}

namespace {
// No result number is NaN, and none is infinite unless its field says an
// infinity is a real answer: a registry number or input beyond what the model
// handles is an error here, never a silently wrong "inf" or null.
void require_finite_result(const SolverSpec& solver, const ResultSpec& spec, const void* result,
                           const std::string& prefix) {
  for (const OutputSpec& out : spec.outputs) {
    if (out.kind == OutputKind::Number) {
      const double* v = out.value(result).get_if<double>();
      if (v && (std::isnan(*v) || (std::isinf(*v) && !out.infinite_ok)))
        throw InputError(solver.name + ": the result's " + prefix + out.key + " came out " +
                         (std::isnan(*v) ? "undefined (NaN)" : "infinite") +
                         "; an input or a registry number is outside what the model handles");
    } else if (out.kind == OutputKind::Result) {
      if (const void* child = out.child(result)) require_finite_result(solver, *out.nested, child, prefix + out.key + ".");
    } else if (out.kind == OutputKind::ResultList) {
      for (size_t i = 0, n = out.size(result); i < n; ++i)
        require_finite_result(solver, *out.nested, out.item(result, i), prefix + out.key + "." + std::to_string(i) + ".");
    }
  }
}
}  // namespace

std::shared_ptr<const void> run_solver(const SolverSpec& spec, InputSource& source) {
  for (const InputSpec& in : spec.inputs)
    if (in.required && !source.given(in))
      throw InputError(spec.name + " needs " + in.name + "=<" + accepted_values(in) + ">");
  std::shared_ptr<void> inputs = spec.make_inputs();
  for (const InputSpec& in : spec.inputs)
    if (source.given(in)) in.assign(inputs.get(), in, source);
  std::shared_ptr<const void> result = spec.solve(inputs.get());
  require_finite_result(spec, *spec.result, result.get(), "");
  return result;
}

Value field_value(const OutputSpec& out, const void* result) {
  switch (out.kind) {
    case OutputKind::Result: {
      const void* child = out.child(result);
      return child ? Value(to_record(*out.nested, child)) : Value();
    }
    case OutputKind::ResultList: {
      List items;
      const size_t n = out.size(result);
      items.reserve(n);
      for (size_t i = 0; i < n; ++i) items.emplace_back(to_record(*out.nested, out.item(result, i)));
      return Value(std::move(items));
    }
    default: return out.value(result);
  }
}

Record to_record(const ResultSpec& spec, const void* result) {
  Record record;
  record.reserve(spec.outputs.size());
  for (const OutputSpec& out : spec.outputs) record.emplace_back(out.key, field_value(out, result));
  return record;
}

}  // namespace mlsysim::api
