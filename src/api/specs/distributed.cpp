// DistributedModel: a training step under data, tensor, pipeline and expert parallelism.
#include "api/spec_builder.hpp"
#include "api/specs/profile_fields.hpp"
#include "api/specs/training_memory.hpp"
#include "solvers/distributed.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& replica_profile_result() {
  static const ResultSpec spec = [] {
    using P = ReplicaProfile;
    ResultBuilder<P> r("PerformanceProfile", "One model-parallel replica's training step (TP x PP x EP accelerators)");
    add_profile_fields(r, [](const P& p) -> const PerformanceProfile& { return p.profile; });
    r.computed("constraint_trace", [](const P& p) { return p.constraint_trace(); }, "constraint_trace",
               "the replica, its memory wall and its training-memory components");
    return r.build();
  }();
  return spec;
}

const ResultSpec& distributed_result() {
  static const ResultSpec spec = [] {
    using R = DistributedResult;
    ResultBuilder<R> r("DistributedResult", "A cluster's training step: compute, each collective, bubble, efficiency");
    r.nested("node_profile", &R::node_profile, replica_profile_result(), "node_profile",
             "one replica's step on its share of the batch");
    r.field("dp_communication_latency_s", &R::dp_communication_latency_s, "dp_communication_latency",
            "gradient all-reduce (ring, or hierarchical across nodes), per step")
        .unit("ms");
    r.field("tp_communication_latency_s", &R::tp_communication_latency_s, "tp_communication_latency",
            "4 activation all-reduces per layer of a stage")
        .unit("ms");
    r.field("ep_communication_latency_s", &R::ep_communication_latency_s, "ep_communication_latency",
            "all-to-all of routed tokens")
        .unit("ms");
    r.field("communication_latency_s", &R::communication_latency_s, "communication_latency", "dp + tp + ep")
        .unit("ms");
    r.field("pipeline_bubble_latency_s", &R::pipeline_bubble_latency_s, "pipeline_bubble_latency",
            "replica step x b / (1 - b)")
        .unit("ms");
    r.field("bubble_fraction", &R::bubble_fraction, "bubble_fraction", "(p - 1) / (v m + p - 1)").dimensionless();
    r.field("step_latency_total_s", &R::step_latency_total_s, "step_latency_total",
            "replica step + exposed communication + bubble, x straggler factor")
        .unit("ms");
    r.field("scaling_efficiency", &R::scaling_efficiency, "scaling_efficiency", "replica step / total step")
        .dimensionless();
    r.field("effective_throughput_per_s", &R::effective_throughput_per_s, "effective_throughput",
            "samples per second of the cluster: dp x replica throughput x scaling efficiency")
        .unit("1/s");
    r.computed("parallelism", [](const R& d) { return parallelism_record(d.dp, d.tp, d.pp, d.ep); }, "parallelism",
               "degrees: dp, tp, pp, ep");
    r.computed("constraint_trace", [](const R& d) { return d.constraint_trace(); }, "constraint_trace",
               "the split and the step latency");
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_DistributedModel() {
  static const SolverSpec spec = [] {
    using In = DistributedInputs;
    SolverBuilder<In, DistributedResult> s(
        "DistributedModel", solve_distributed, distributed_result(),
        "Training step of a cluster under data, tensor, pipeline and expert parallelism");
    s.walls({14});
    s.input("model", &In::model, "workload to train").required("Llama3_70B");
    s.input("fleet", &In::fleet, "cluster").required("Research_256");
    s.input("batch_size", &In::batch_size,
            "global batch, samples, a multiple of the data-parallel degree (none: dp x microbatch_count)");
    s.input("precision", &In::precision, "numeric precision");
    s.input("efficiency", &In::efficiency, "achieved fraction of peak compute, in [1e-9, 1]");
    s.input("tp_size", &In::tp_size, "tensor-parallel degree (>= 1)");
    s.input("pp_size", &In::pp_size, "pipeline-parallel degree (>= 1)");
    s.input("ep_size", &In::ep_size, "expert-parallel degree (>= 1; > 1 needs a mixture-of-experts model)");
    s.input("v_stages", &In::v_stages, "virtual pipeline stages per device (interleaved 1F1B, >= 1)");
    s.input("microbatch_count", &In::microbatch_count, "pipeline microbatches per step (divides batch_size)");
    s.optional_choice("topology_override", &In::topology_override,
             {{"fat_tree", Topology::FatTree},
              {"dragonfly", Topology::Dragonfly},
              {"torus_3d", Topology::Torus3d},
              {"ring", Topology::Ring}},
             "price inter-node links as this topology (TopologyModel); none keeps the fabric's rate");
    s.input("zero_stage", &In::zero_stage, "ZeRO stage 0-3");
    s.input("is_lora", &In::is_lora, "LoRA fine-tuning (1 % of the gradients synchronised)");
    s.input("activation_recomputation", &In::activation_recomputation, "recompute activations (4 passes, not 3)");
    s.input("overlap_comm", &In::overlap_comm, "overlap the DP all-reduce with backward compute");
    s.input("overlap_efficiency", &In::overlap_efficiency, "share of DP communication hidden, in [0, 1]");
    s.input("congestion_factor", &In::congestion_factor, "multiplier on every collective (>= 1)");
    s.input("straggler_factor", &In::straggler_factor, "multiplier on the step for the slowest rank (>= 1)");
    s.input("moe_routing_imbalance_factor", &In::moe_routing_imbalance_factor,
            "multiplier on expert-parallel traffic for hot experts (>= 1)");
    s.input("gradient_accumulation_steps", &In::gradient_accumulation_steps,
            "micro-steps per optimizer step; the DP all-reduce is amortised over them (>= 1)");
    s.input("seq_len", &In::seq_len, "tokens per sample (>= 1)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
