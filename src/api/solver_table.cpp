#include "api/solver_table.hpp"

#include "core/errors.hpp"
#include "registry/suggest.hpp"
#include "solvers/single_node.hpp"

namespace mlsysim {

namespace {

SingleNodeInputs single_node_inputs(const ParamValues& v, const Registry& reg) {
  SingleNodeInputs in;
  in.model = &v.model("model", reg);
  in.hardware = &v.hardware("hardware", reg);
  // Range checks live in the solver, so the CLI and Python report them alike.
  in.batch_size = v.count("batch_size");
  in.precision = v.precision("precision");
  in.efficiency = v.number("efficiency");
  in.raise_errors = v.flag("raise_errors");
  in.is_training = v.flag("is_training");
  in.seq_len = v.count("seq_len");
  in.zero_stage = v.count("zero_stage");
  in.dp_size = v.count("dp_size");
  in.is_lora = v.flag("is_lora");
  in.activation_recomputation = v.flag("activation_recomputation");
  return in;
}

std::vector<SolverSpec> build_table() {
  std::vector<SolverSpec> table;
  table.push_back(SolverSpec{
      "SingleNodeModel",
      {"Engine.solve", "Engine", "roofline"},
      "Roofline on one accelerator: latency, throughput, bottleneck, memory fit, MFU, energy",
      {
          {"model", ParamKind::Model, "", "workload to run", Dimension::Dimensionless, true},
          {"hardware", ParamKind::Hardware, "", "accelerator", Dimension::Dimensionless, true},
          {"batch_size", ParamKind::Integer, "1", "samples per step (>= 1)"},
          {"precision", ParamKind::Precision, "fp16", "numeric precision"},
          {"efficiency", ParamKind::Number, "0.5", "achieved fraction of peak compute, in (0, 1]"},
          {"raise_errors", ParamKind::Bool, "false", "fail with exit 2 when the model does not fit"},
          {"is_training", ParamKind::Bool, "false", "model a training step (3x FLOPs, training memory)"},
          {"seq_len", ParamKind::Integer, "2048", "sequence length for training activation memory"},
          {"zero_stage", ParamKind::Integer, "0", "ZeRO stage 0-3 (training)"},
          {"dp_size", ParamKind::Integer, "1", "data-parallel degree for ZeRO sharding (training)"},
          {"is_lora", ParamKind::Bool, "false", "LoRA fine-tuning (training)"},
          {"activation_recomputation", ParamKind::Bool, "false", "full activation recomputation (training)"},
      },
      [](const ParamValues& v, const Registry& reg) { return to_record(solve_single_node(single_node_inputs(v, reg))); },
  });
  return table;
}

}  // namespace

const std::vector<SolverSpec>& solver_table() {
  static const std::vector<SolverSpec> table = build_table();
  return table;
}

const SolverSpec& find_solver(std::string_view name) {
  const std::string wanted = to_lower(name);
  std::vector<std::string> names;
  for (const auto& s : solver_table()) {
    if (to_lower(s.name) == wanted) return s;
    for (const auto& a : s.aliases)
      if (to_lower(a) == wanted) return s;
    names.push_back(s.name);
  }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  auto close = closest_names(name, names, 1);
  throw InputError("unknown solver '" + std::string(name) + "'" +
                   (close.empty() ? "" : "; did you mean '" + close[0] + "'?") + " (available: " + list + ")");
}

}  // namespace mlsysim
