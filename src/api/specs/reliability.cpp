// ReliabilityModel and CheckpointModel: failures, checkpoint interval, checkpoint cost.
#include "api/spec_builder.hpp"
#include "solvers/checkpoint.hpp"
#include "solvers/reliability.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& reliability_result() {
  static const ResultSpec spec = [] {
    using R = ReliabilityResult;
    ResultBuilder<R> r("ReliabilityResult", "How often a cluster's job fails, and how often it should checkpoint");
    r.field("fleet_mtbf_s", &R::fleet_mtbf_s, "fleet_mtbf", "node MTBF / nodes (every component in series)")
        .unit("hour");
    r.field("failure_probability", &R::failure_probability, "failure_probability", "1 - exp(-job / MTBF)")
        .dimensionless();
    r.field("optimal_checkpoint_interval_s", &R::optimal_checkpoint_interval_s, "optimal_checkpoint_interval",
            "Young: sqrt(2 x checkpoint time x MTBF)")
        .unit("s");
    r.field("expected_failures", &R::expected_failures, "expected_failures", "job / MTBF").dimensionless();
    r.field("goodput_ratio", &R::goodput_ratio, "goodput_ratio",
            "1 - checkpoint time / interval - recovery time / MTBF, at least 0")
        .dimensionless();
    r.field("node_mtbf_s", &R::node_mtbf_s, "node_mtbf", "1 / (GPUs/50,000 h + NICs/150,000 h + series PSUs/100,000 h)")
        .unit("hour")
        .extra();
    r.computed("warnings", [](const R& x) { return x.warnings(); }, "warnings",
               "the interval formula out of regime (checkpoint time >= 2 MTBF)")
        .extra();
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}

const ResultSpec& checkpoint_result() {
  static const ResultSpec spec = [] {
    using R = CheckpointResult;
    ResultBuilder<R> r("CheckpointResult", "A checkpoint's size, write time and the stall it costs");
    r.field("checkpoint_size_bytes", &R::checkpoint_size_bytes, "checkpoint_size",
            "parameters x 14 B (Adam, AdamW) or 4 B (SGD)")
        .unit("GB");
    r.field("write_time_s", &R::write_time_s, "write_time_seconds", "size / min(storage x writers, filesystem limit)")
        .unit("s");
    r.field("max_bandwidth_required_bytes_per_s", &R::max_bandwidth_required_bytes_per_s, "max_bandwidth_required",
            "the per-writer storage rate used (1 GB/s when the hardware lists none)")
        .unit("GB/s");
    r.field("storage_bottleneck", &R::storage_bottleneck, "storage_bottleneck", "a write takes over a minute");
    r.field("mfu_penalty", &R::mfu_penalty, "mfu_penalty_pct",
            "write time / checkpoint interval, a fraction (0.039 is 3.9 %) despite 0.3.0's name")
        .dimensionless();
    r.computed("constraint_trace", [](const R& x) { return x.constraint_trace(); }, "constraint_trace",
               "the write, and whether the storage rate is a fallback")
        .extra();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_ReliabilityModel() {
  static const SolverSpec spec = [] {
    using In = ReliabilityInputs;
    SolverBuilder<In, ReliabilityResult> s("ReliabilityModel", solve_reliability, reliability_result(),
                                           "Reliability: fleet MTBF, failures over a job, checkpoint interval, goodput");
    s.walls({15});
    s.input("fleet", &In::fleet, "cluster").required("Frontier_8K");
    s.input("job_duration_hours", &In::job_duration_s, "job length (>= 0)")
        .quantity(Dimension::Seconds, "h")
        .required("720");
    s.input("checkpoint_time_s", &In::checkpoint_time_s, "time to write one checkpoint (> 0)")
        .quantity(Dimension::Seconds, "s");
    s.input("avg_recovery_time_s", &In::avg_recovery_time_s, "reload, restart and re-warm after a failure (>= 0)")
        .quantity(Dimension::Seconds, "s");
    return s.build();
  }();
  return spec;
}

const SolverSpec& spec_CheckpointModel() {
  static const SolverSpec spec = [] {
    using In = CheckpointInputs;
    SolverBuilder<In, CheckpointResult> s("CheckpointModel", solve_checkpoint, checkpoint_result(),
                                          "Checkpointing: size, write time, storage bottleneck, MFU penalty");
    s.walls({19});
    s.input("model", &In::model, "model whose state is saved").required("Llama3_70B");
    s.input("hardware", &In::hardware, "accelerator whose storage spec each writer uses").required("H100");
    s.choice("optimizer", &In::optimizer,
             {{"adam", CheckpointOptimizer::Adam}, {"adamw", CheckpointOptimizer::AdamW},
              {"sgd", CheckpointOptimizer::Sgd}},
             "optimizer whose state is saved with the weights");
    s.input("checkpoint_interval_hours", &In::checkpoint_interval_s, "time between checkpoints (>= 0)")
        .quantity(Dimension::Seconds, "h");
    s.input("n_writers", &In::n_writers, "parallel (sharded) writers (>= 1)");
    s.input("filesystem_limit_gbs", &In::filesystem_limit_bytes_per_s, "aggregate filesystem write ceiling (> 0)")
        .quantity(Dimension::BytesPerSecond, "GB/s");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
