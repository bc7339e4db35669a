// ParallelismOptimizer: the best TP x PP (x EP ...) split of a cluster for training.
#include "api/spec_builder.hpp"
#include "solvers/parallelism_optimizer.hpp"

namespace mlsysim::api {

namespace {
Record config_record(const ParallelismConfig& c) {
  Record r = {{"tp", Value(c.tp)}, {"pp", Value(c.pp)}, {"dp", Value(c.dp)}};
  if (c.full) {
    r.emplace_back("ep", Value(c.ep));
    r.emplace_back("v_stages", Value(c.v_stages));
    r.emplace_back("microbatch_count", Value(c.microbatch_count));
    r.emplace_back("zero_stage", Value(static_cast<long long>(c.zero_stage)));
    r.emplace_back("activation_recomputation", Value(c.activation_recomputation));
  }
  return r;
}

const ResultSpec& candidate_result() {
  static const ResultSpec spec = [] {
    using C = ParallelismCandidate;
    ResultBuilder<C> r("ParallelismCandidate", "One configuration the search priced");
    r.computed("config", [](const C& c) { return config_record(c.config); }, "config",
               "tp, pp, dp (the full search adds ep, v_stages, microbatch_count, zero_stage, activation_recomputation)");
    r.field("mfu", &C::mfu, "mfu", "reference: scaling efficiency x efficiency; full: the cluster's MFU")
        .dimensionless();
    r.field("throughput_per_s", &C::throughput_per_s, "throughput", "samples per second of the cluster").unit("1/s");
    r.field("step_time_s", &C::step_time_s, "step_time", "DistributedModel's step latency").unit("ms");
    r.field("memory_per_gpu_bytes", &C::memory_per_gpu_bytes, "memory_per_gpu", "training state per accelerator")
        .unit("GB")
        .extra();
    return r.build();
  }();
  return spec;
}

const ResultSpec& parallelism_result() {
  static const ResultSpec spec = [] {
    using R = ParallelismResult;
    ResultBuilder<R> r("ParallelismOptimizerResult", "The best parallelism split, the runners-up and the search size");
    r.computed("objective_value", [](const R& p) { return p.best.mfu; }, "objective_value", "the best MFU")
        .dimensionless();
    r.computed("best_config", [](const R& p) { return config_record(p.best.config); }, "best_config",
               "the winning degrees");
    r.field("total_searched", &R::total_searched, "total_searched",
            "reference: feasible configurations (as 0.3.0); full: configurations priced");
    r.computed("best_mfu", [](const R& p) { return p.best.mfu; }, "best_mfu", "its MFU").dimensionless();
    r.computed("best_throughput_per_s", [](const R& p) { return p.best.throughput_per_s; }, "best_throughput",
               "its samples per second")
        .unit("1/s");
    r.computed("best_step_time_s", [](const R& p) { return p.best.step_time_s; }, "best_step_time", "its step time")
        .unit("ms");
    r.field("search_space_size", &R::search_space_size, "search_space_size",
            "reference: as total_searched (0.3.0); full: every configuration in the space");
    r.field("feasible_configurations", &R::feasible_configurations, "feasible_configurations",
            "priced configurations whose training state fits")
        .extra();
    r.list("top_candidates", &R::top_candidates, candidate_result(), "top_candidates", "the best few, best first");
    r.list("pareto_front", &R::pareto_front, candidate_result(), "pareto_front",
           "full search: configurations no other beats on both step time and memory per GPU, by memory")
        .extra();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_ParallelismOptimizer() {
  static const SolverSpec spec = [] {
    using In = ParallelismInputs;
    SolverBuilder<In, ParallelismResult> s("ParallelismOptimizer", solve_parallelism, parallelism_result(),
                                           "Parallelism search: the TP x PP x DP split with the best MFU");
    s.walls({14});
    s.input("model", &In::model, "workload to train").required("Llama3_70B");
    s.input("fleet", &In::fleet, "cluster").required("Frontier_8K");
    s.input("batch_size", &In::batch_size, "global batch, samples (>= 1)").required("4096");
    s.input("precision", &In::precision, "numeric precision");
    s.input("efficiency", &In::efficiency, "single-node efficiency, in [1e-9, 1]");
    s.input("max_tp", &In::max_tp, "largest tensor-parallel degree (none: the node size)");
    s.input("max_pp", &In::max_pp, "largest pipeline degree (none: the cluster; full search: the layer count)");
    s.input("overlap_comm", &In::overlap_comm, "overlap the DP all-reduce with backward compute");
    s.input("seq_len", &In::seq_len, "tokens per sample (>= 1)");
    s.input("activation_recomputation", &In::activation_recomputation,
            "recompute activations (reference search; the full search tries both)");
    s.choice("search", &In::search, {{"reference", ParallelismSearch::Reference}, {"full", ParallelismSearch::Full}},
             "reference: 0.3.0's power-of-two TP x PP space; full: every TP, PP, EP, v, microbatch, ZeRO, recompute")
        .extra();
    s.input("top_n", &In::top_n, "candidates reported (>= 1)").extra();
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
