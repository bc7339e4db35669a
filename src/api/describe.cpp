#include "api/describe.hpp"

namespace mlsysim::api {

namespace {

Value text_list(const std::vector<std::string>& items) { return Value(items); }

Value bare_default(const InputSpec& in) {
  const double* si = in.default_value.get_if<double>();
  return in.kind == InputKind::Quantity && si ? Value(*si / in.bare_unit_factor) : in.default_value;
}

Record describe_input(const InputSpec& in) {
  Record r = {
      {"name", in.name},
      {"kind", input_kind_name(in.kind)},
      {"help", in.help},
      {"required", in.required},
      {"nullable", in.nullable},
      // A quantity's default in the unit a bare number is read in, so it can be passed back as is.
      {"default", in.required ? Value() : bare_default(in)},
      {"accepted", accepted_values(in)},
      {"extra", in.extra},
  };
  if (in.kind == InputKind::Quantity) {
    r.emplace_back("dimension", dimension_name(in.dimension));
    r.emplace_back("si_unit", si_unit_name(in.dimension));
    r.emplace_back("bare_unit", in.bare_unit.empty() ? Value(si_unit_name(in.dimension)) : Value(in.bare_unit));
  }
  if (in.kind == InputKind::Choice) r.emplace_back("choices", text_list(in.choices));
  if (in.required) r.emplace_back("example", in.example);
  return r;
}

Record describe_output(const OutputSpec& out) {
  const char* si = out.kind == OutputKind::Number && !out.dimensionless ? si_unit_of_key(out.key) : nullptr;
  Record r = {
      {"key", out.key},
      {"attr", out.attr},
      {"kind", output_kind_name(out.kind)},
      {"help", out.help},
      {"si_unit", si ? Value(si) : Value()},
      {"display_unit", out.display_unit.empty() ? Value() : Value(out.display_unit)},
      {"ref_unit", out.ref_unit.empty() ? Value() : Value(out.ref_unit)},
      {"nullable", out.nullable},
      {"extra", out.extra},
      {"infinite_ok", out.infinite_ok},
  };
  if (out.nested) {
    r.emplace_back("result", out.nested->name);
    r.emplace_back("outputs", describe_outputs(*out.nested));
  }
  return r;
}

}  // namespace

List describe_outputs(const ResultSpec& spec) {
  List out;
  for (const OutputSpec& o : spec.outputs) out.emplace_back(describe_output(o));
  return out;
}

Record describe(const SolverSpec& spec) {
  List inputs, walls;
  for (const InputSpec& in : spec.inputs) inputs.emplace_back(describe_input(in));
  for (int w : spec.walls) walls.emplace_back(w);
  return {
      {"name", spec.name},
      {"summary", spec.summary},
      {"aliases", text_list(spec.aliases)},
      {"walls", Value(std::move(walls))},
      {"result", spec.result->name},
      {"result_summary", spec.result->summary},
      {"inputs", Value(std::move(inputs))},
      {"outputs", describe_outputs(*spec.result)},
  };
}

}  // namespace mlsysim::api
