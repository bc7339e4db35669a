// ParallelismOptimizer: 0.3.0's answer from the reference search, and the full
// search equal to brute force over the same space.
#include <tuple>

#include "serving_fixtures.hpp"
#include "solvers/distributed.hpp"
#include "solvers/parallelism_optimizer.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::expect_rel;
using testing::reg;

ParallelismInputs search(const char* model, const char* cluster, long long batch, bool full = false) {
  ParallelismInputs in;
  in.model = &reg().model(model);
  in.fleet = &reg().cluster(cluster);
  in.batch_size = batch;
  in.search = full ? ParallelismSearch::Full : ParallelismSearch::Reference;
  return in;
}

// 0.3.0 prices 23 (tp, pp) splits for Llama-3-70B on Frontier_8K and picks TP 8 x PP 2. Seven of
// them have more pipeline stages (128 to 512) than the model's 80 layers, which DistributedModel
// rejects and the search skips: 16 remain, with the same answer.
TEST(ParallelismOptimizer, ReferenceSearchIsTheReferencesAnswer) {
  const ParallelismResult r = solve_parallelism(search("Llama3_70B", "Frontier_8K", 4096));
  EXPECT_EQ(r.total_searched, 16);
  EXPECT_EQ(r.best.config.tp, 8);
  EXPECT_EQ(r.best.config.pp, 2);
  EXPECT_EQ(r.best.config.dp, 512);
  expect_rel(r.best.step_time_s, 1.211300362759303, 1e-9);
  expect_rel(r.best.mfu, 0.36307749375806914, 1e-9);
  ASSERT_EQ(r.top_candidates.size(), 5u);
  for (size_t i = 1; i < r.top_candidates.size(); ++i)
    EXPECT_GE(r.top_candidates[i - 1].mfu, r.top_candidates[i].mfu);
}

TEST(ParallelismOptimizer, FullSearchBeatsTheReferenceSearch) {
  const ParallelismResult ref = solve_parallelism(search("Llama3_70B", "Frontier_8K", 4096));
  const ParallelismResult full = solve_parallelism(search("Llama3_70B", "Frontier_8K", 4096, true));
  EXPECT_LE(full.best.step_time_s, ref.best.step_time_s);
  EXPECT_GT(full.total_searched, 1000);
  // The Pareto front runs from the least memory to the fastest step, each point strictly faster.
  ASSERT_FALSE(full.pareto_front.empty());
  EXPECT_EQ(full.pareto_front.back().step_time_s, full.best.step_time_s);
  for (size_t i = 1; i < full.pareto_front.size(); ++i) {
    EXPECT_GE(full.pareto_front[i].memory_per_gpu_bytes, full.pareto_front[i - 1].memory_per_gpu_bytes);
    EXPECT_LT(full.pareto_front[i].step_time_s, full.pareto_front[i - 1].step_time_s);
  }
}

// Brute force: every integer degree up to its bound, through the public solver
// (which rejects what is not a valid split), ranked the same way.
ParallelismCandidate brute_force(const ParallelismInputs& p) {
  const Fleet& fleet = *p.fleet;
  const long long n = fleet.total_accelerators(), node = fleet.node->accelerators_per_node;
  const long long layers = *p.model->layers;
  const long long experts = p.model->experts.value_or(1);
  bool found = false;
  ParallelismCandidate best;
  auto key = [](const ParallelismCandidate& c) {
    const auto& k = c.config;
    return std::make_tuple(c.step_time_s, c.memory_per_gpu_bytes, k.tp, k.pp, k.ep, k.v_stages, k.microbatch_count,
                           k.zero_stage, k.activation_recomputation);
  };
  for (long long tp = 1; tp <= node; ++tp)
    for (long long pp = 1; pp <= layers; ++pp)
      for (long long ep = 1; ep <= experts; ++ep)
        for (long long m = 1; m <= p.batch_size; ++m)
          for (long long v = 1; v <= 8; ++v)
            for (int zero = 0; zero <= 3; ++zero)
              for (bool recompute : {false, true}) {
                if (n % (tp * pp * ep) || (node % tp && tp % node) || (experts % ep)) continue;
                const long long dp = n / (tp * pp * ep);
                if (p.batch_size % dp || (p.batch_size / dp) % m || pp * v > layers) continue;
                if ((pp == 1 && (m > 1 || v > 1)) || (dp == 1 && zero > 0)) continue;  // no effect: not a new config
                DistributedInputs d;
                d.model = p.model, d.fleet = p.fleet, d.batch_size = p.batch_size, d.precision = p.precision;
                d.efficiency = p.efficiency, d.overlap_comm = p.overlap_comm, d.seq_len = p.seq_len;
                d.tp_size = tp, d.pp_size = pp, d.ep_size = ep, d.microbatch_count = m, d.v_stages = v;
                d.zero_stage = zero, d.activation_recomputation = recompute;
                DistributedResult r;
                try {
                  r = solve_distributed(d);
                } catch (const InputError&) {
                  continue;
                }
                if (!r.node_profile.profile.feasible) continue;
                ParallelismCandidate c;
                c.config = {tp, pp, dp, ep, v, m, zero, recompute, true};
                c.step_time_s = r.step_latency_total_s;
                c.memory_per_gpu_bytes = r.node_profile.profile.memory_footprint_bytes;
                c.mfu = r.node_profile.profile.mfu * r.scaling_efficiency;
                if (!found || key(c) < key(best)) best = c, found = true;
              }
  return best;
}

TEST(ParallelismOptimizer, FullSearchEqualsBruteForce) {
  for (auto [model, cluster, batch] : {std::tuple{"Llama3_8B", "Lab_64_A100", 128LL},
                                       std::tuple{"Llama3_70B", "Lab_64_H100", 64LL},
                                       std::tuple{"Mixtral_8x7B", "Lab_64_H100", 128LL}}) {
    SCOPED_TRACE(model);
    const ParallelismInputs in = search(model, cluster, batch, true);
    const ParallelismResult r = solve_parallelism(in);
    const ParallelismCandidate b = brute_force(in);
    EXPECT_EQ(r.best.step_time_s, b.step_time_s);
    EXPECT_EQ(r.best.memory_per_gpu_bytes, b.memory_per_gpu_bytes);
    EXPECT_EQ(std::tie(r.best.config.tp, r.best.config.pp, r.best.config.ep, r.best.config.v_stages,
                       r.best.config.microbatch_count, r.best.config.zero_stage, r.best.config.activation_recomputation),
              std::tie(b.config.tp, b.config.pp, b.config.ep, b.config.v_stages, b.config.microbatch_count,
                       b.config.zero_stage, b.config.activation_recomputation));
  }
}

TEST(ParallelismOptimizerBadInput, OneClearErrorEach) {
  auto msg = [](ParallelismInputs in) { return error_of([&] { solve_parallelism(in); }); };
  EXPECT_NE(msg(search("Llama3_70B", "Frontier_8K", 0)).find("batch_size must be >= 1"), std::string::npos);
  ParallelismInputs in = search("Llama3_70B", "Frontier_8K", 4096);
  in.max_tp = 0;
  EXPECT_NE(msg(in).find("max_tp must be >= 1"), std::string::npos);
  // Nothing fits: a 405B model on 64 GPUs at a long context.
  in = search("Llama3_405B", "Lab_64_A100", 64);
  in.seq_len = 32768;
  EXPECT_NE(msg(in).find("fits its training state"), std::string::npos);
  in.search = ParallelismSearch::Full;
  EXPECT_NE(msg(in).find("even with ZeRO-3"), std::string::npos);
  // Full search: no split divides the batch.
  EXPECT_NE(msg(search("Llama3_70B", "Mega_100K", 16384, true)).find("divides batch_size 16384"), std::string::npos);
}

}  // namespace
}  // namespace mlsysim
