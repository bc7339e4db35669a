#include "api/door.hpp"

#include "core/errors.hpp"
#include "registry/suggest.hpp"

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
  throw InputError("unknown solver '" + std::string(name) + "'" + did_you_mean(name, names) +
                   " (available: " + join_names(names) + ")");
}

std::shared_ptr<const void> run_solver(const SolverSpec& spec, InputSource& source) {
  for (const InputSpec& in : spec.inputs)
    if (in.required && !source.given(in))
      throw InputError(spec.name + " needs " + in.name + "=<" + accepted_values(in) + ">");
  std::shared_ptr<void> inputs = spec.make_inputs();
  for (const InputSpec& in : spec.inputs)
    if (source.given(in)) in.assign(inputs.get(), in, source);
  return spec.solve(inputs.get());
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
