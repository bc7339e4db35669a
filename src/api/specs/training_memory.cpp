// TrainingMemoryModel: per-accelerator training memory, component by component.
#include "api/specs/training_memory.hpp"

#include "api/spec_builder.hpp"
#include "solvers/training_memory.hpp"

namespace mlsysim::api {

Record parallelism_record(long long dp, long long tp, long long pp, long long ep) {
  return {{"dp", Value(dp)}, {"tp", Value(tp)}, {"pp", Value(pp)}, {"ep", Value(ep)}};
}

const ResultSpec& training_memory_result() {
  static const ResultSpec spec = [] {
    using R = TrainingMemoryResult;
    ResultBuilder<R> r("TrainingMemoryResult", "What one accelerator holds during a training step");
    r.field("feasible", &R::feasible, "feasible", "the total fits in the accelerator's memory");
    r.field("total_memory_bytes", &R::total_memory_bytes, "total_memory", "sum of the five components").unit("GB");
    r.field("available_memory_bytes", &R::available_memory_bytes, "available_memory", "accelerator memory capacity")
        .unit("GB");
    r.field("memory_utilization", &R::memory_utilization, "memory_utilization", "total / available (a fraction)")
        .dimensionless()
        .infinite_allowed();
    r.field("weights_bytes", &R::weights_bytes, "weights", "parameters / (TP x PP x EP) x bytes per element").unit("GB");
    r.field("gradients_bytes", &R::gradients_bytes, "gradients", "trainable parameters' gradients, same width")
        .unit("GB");
    r.field("optimizer_state_bytes", &R::optimizer_state_bytes, "optimizer_state",
            "12 B (Adam/AdamW) or 4 B (SGD) per trainable parameter")
        .unit("GB");
    r.field("activations_bytes", &R::activations_bytes, "activations",
            "Korthikanti per-layer bytes x layers of this stage, local microbatch")
        .unit("GB");
    r.field("communication_buffers_bytes", &R::communication_buffers_bytes, "communication_buffers",
            "gradient bucket + pipeline send/receive buffers")
        .unit("GB");
    r.computed("precision", [](const R& m) { return std::string(precision_name(m.precision)); }, "precision",
               "the precision used");
    r.computed("optimizer", [](const R& m) { return std::string(optimizer_name(m.optimizer)); }, "optimizer",
               "the optimizer used");
    r.computed("activation_checkpointing",
               [](const R& m) { return std::string(checkpointing_name(m.activation_checkpointing)); },
               "activation_checkpointing", "none, selective or full");
    r.computed("parallelism", [](const R& m) { return parallelism_record(m.dp, m.tp, m.pp, m.ep); }, "parallelism",
               "degrees: dp, tp, pp, ep");
    r.computed("constraint_trace", [](const R& m) { return m.constraint_trace(); }, "constraint_trace",
               "the components, with their numbers");
    return r.build();
  }();
  return spec;
}

const SolverSpec& spec_TrainingMemoryModel() {
  static const SolverSpec spec = [] {
    using In = TrainingMemoryInputs;
    SolverBuilder<In, TrainingMemoryResult> s(
        "TrainingMemoryModel", solve_training_memory, training_memory_result(),
        "Training memory per accelerator: weights, gradients, optimizer, activations, buffers");
    s.walls({2});
    s.input("model", &In::model, "transformer to train").required("Llama3_8B");
    s.input("hardware", &In::hardware, "accelerator").required("H100");
    s.input("batch_size", &In::batch_size, "global batch, samples (>= 1)").required("8");
    s.input("seq_len", &In::seq_len, "tokens per sample (>= 1)");
    s.input("precision", &In::precision, "precision of weights, gradients and activations");
    s.choice("optimizer", &In::optimizer,
             {{"adam", TrainingOptimizer::Adam},
              {"adamw", TrainingOptimizer::AdamW},
              {"sgd", TrainingOptimizer::Sgd},
              {"none", TrainingOptimizer::None}},
             "optimizer whose state is held");
    s.choice("activation_checkpointing", &In::activation_checkpointing,
             {{"none", ActivationStrategy::None},
              {"selective", ActivationStrategy::Selective},
              {"full", ActivationStrategy::Full}},
             "activation recomputation: none, selective (attention) or full");
    s.input("tp_size", &In::tp_size, "tensor-parallel degree (>= 1)");
    s.input("pp_size", &In::pp_size, "pipeline-parallel degree (>= 1)");
    s.input("dp_size", &In::dp_size, "data-parallel degree (>= 1)");
    s.input("ep_size", &In::ep_size, "expert-parallel degree (>= 1)");
    s.input("zero_stage", &In::zero_stage, "ZeRO stage 0-3");
    s.input("gradient_accumulation_steps", &In::gradient_accumulation_steps, "micro-steps per step (>= 1)");
    s.input("trainable_fraction", &In::trainable_fraction, "share of parameters trained, in [0, 1]");
    s.input("communication_buffer_fraction", &In::communication_buffer_fraction,
            "gradient bucket as a share of the gradients, in [0, 1]");
    s.input("sequence_parallel", &In::sequence_parallel, "split activations across the TP group (Megatron-LM)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
