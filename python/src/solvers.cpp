// Solvers return the same Record the CLI prints as JSON (SI keys), as a dict,
// so Python and CLI results cannot drift apart.
#include <nanobind/nanobind.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/vector.h>

#include <type_traits>
#include <variant>

#include "api/record.hpp"
#include "api/solver_table.hpp"
#include "bindings.hpp"
#include "solvers/single_node.hpp"

namespace nb = nanobind;

namespace mlsysim::python {

namespace {

nb::dict to_dict(const Record& record) {
  nb::dict out;
  for (const Field& field : record) {
    out[field.key.c_str()] = std::visit(
        [](const auto& v) -> nb::object {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) return nb::none();
          else return nb::cast(v);
        },
        field.value);
  }
  return out;
}

nb::dict solve(const Workload& model, const HardwareNode& hardware, int batch_size, std::string_view precision,
               double efficiency, bool raise_errors, bool is_training, int seq_len, int zero_stage, int dp_size,
               bool is_lora, bool activation_recomputation) {
  SingleNodeInputs in;
  in.model = &model;
  in.hardware = &hardware;
  in.batch_size = batch_size;
  in.precision = parse_precision(precision);
  in.efficiency = efficiency;
  in.raise_errors = raise_errors;
  in.is_training = is_training;
  in.seq_len = seq_len;
  in.zero_stage = zero_stage;
  in.dp_size = dp_size;
  in.is_lora = is_lora;
  in.activation_recomputation = activation_recomputation;
  return to_dict(to_record(solve_single_node(in)));
}

// One dict per feasible point: hardware name, batch_size, precision, record.
nb::list sweep(const Workload& model, const std::vector<const HardwareNode*>& hardware,
               const std::vector<int>& batch_sizes, const std::vector<std::string>& precisions, double efficiency) {
  std::vector<Precision> parsed;
  for (const auto& p : precisions) parsed.push_back(parse_precision(p));
  nb::list out;
  for (const SweepPoint& point : sweep_single_node(model, hardware, batch_sizes, parsed, efficiency)) {
    nb::dict row;
    row["hardware"] = point.hardware->name;
    row["batch_size"] = point.batch_size;
    row["precision"] = precision_name(point.precision);
    row["record"] = to_dict(to_record(point.profile));
    out.append(row);
  }
  return out;
}

nb::dict solve_record(std::string_view solver, const std::map<std::string, std::string>& params) {
  const SolverSpec& spec = find_solver(solver);
  std::vector<std::string> assignments;
  for (const auto& [name, value] : params) assignments.push_back(name + "=" + value);
  ParamValues values(spec.params, parse_assignments(assignments, spec.params, spec.name));
  return to_dict(spec.run(values, current_registry()));
}

}  // namespace

void bind_solvers(nb::module_& m) {
  m.def("solve_single_node", &solve, nb::arg("model"), nb::arg("hardware"), nb::arg("batch_size") = 1,
        nb::arg("precision") = "fp16", nb::arg("efficiency") = 0.5, nb::arg("raise_errors") = false,
        nb::arg("is_training") = false, nb::arg("seq_len") = 2048, nb::arg("zero_stage") = 0,
        nb::arg("dp_size") = 1, nb::arg("is_lora") = false, nb::arg("activation_recomputation") = false,
        "Roofline on one accelerator; returns the SI record (latency_s, ...).");
  m.def("sweep_single_node", &sweep, nb::arg("model"), nb::arg("hardware"), nb::arg("batch_sizes"),
        nb::arg("precisions"), nb::arg("efficiency") = 0.5,
        "Every hardware x batch x precision; points that do not fit are skipped.");
  m.def("solve_record", &solve_record, nb::arg("solver"), nb::arg("params"),
        "Runs a solver by name from name=value text, like `mlsysim solve`; returns the SI record.");
}

}  // namespace mlsysim::python
