#include "solvers/parallelism_optimizer.hpp"

#include <algorithm>
#include <tuple>

#include "core/errors.hpp"
#include "hardware/precision_support.hpp"
#include "solvers/distributed.hpp"

namespace mlsysim {

namespace {

constexpr double kAdamBytesPerParam = 12;
constexpr double kPrescreenHeadroom = 0.9;  // the reference's prescreen keeps 10 % of HBM free
constexpr long long kMaxVirtualStages = 8;

std::vector<long long> divisors(long long n) {
  std::vector<long long> small, large;
  for (long long d = 1; d * d <= n; ++d)
    if (n % d == 0) {
      small.push_back(d);
      if (d != n / d) large.push_back(n / d);
    }
  small.insert(small.end(), large.rbegin(), large.rend());
  return small;
}

DistributedInputs base_inputs(const ParallelismInputs& in) {
  DistributedInputs d;  // evaluate_distributed needs batch_size set
  d.model = in.model;
  d.fleet = in.fleet;
  d.batch_size = in.batch_size;
  d.precision = in.precision;
  d.efficiency = in.efficiency;
  d.overlap_comm = in.overlap_comm;
  d.seq_len = in.seq_len;
  d.activation_recomputation = in.activation_recomputation;
  return d;
}

ParallelismCandidate candidate(const DistributedInputs& d, const DistributedResult& r, double mfu) {
  ParallelismCandidate c;
  c.config = {d.tp_size, d.pp_size, r.dp, d.ep_size, d.v_stages, d.microbatch_count, d.zero_stage,
              d.activation_recomputation};
  c.mfu = mfu;
  c.throughput_per_s = r.effective_throughput_per_s;
  c.step_time_s = r.step_latency_total_s;
  c.memory_per_gpu_bytes = r.node_profile.profile.memory_footprint_bytes;
  return c;
}

// 0.3.0's search: power-of-two TP (<= the node) and PP, one-sample microbatches.
ParallelismResult reference_search(const ParallelismInputs& in) {
  const Fleet& fleet = *in.fleet;
  const long long n = fleet.total_accelerators();
  const long long limit_tp = in.max_tp.value_or(fleet.node->accelerators_per_node);
  const long long limit_pp = in.max_pp.value_or(n);
  const Workload& model = *in.model;
  const double capacity = fleet.node->accelerator->memory.capacity_bytes;
  const double weights_fp16 = size_in_bytes(model, 2.0);

  ParallelismResult res;
  std::vector<ParallelismCandidate> found;
  for (long long tp = 1, i = 0; i < 10 && tp <= limit_tp; ++i, tp *= 2) {
    for (long long pp = 1, j = 0; j < 10 && pp <= limit_pp; ++j, pp *= 2) {
      if (tp * pp > n || n % (tp * pp) != 0) continue;
      const long long dp = n / (tp * pp);
      // Weights + same-size gradients + Adam state, sharded by TP x PP, in 90 % of HBM.
      const double weights = weights_fp16 / static_cast<double>(tp) / static_cast<double>(pp);
      const double optimizer = model.parameters ? *model.parameters * kAdamBytesPerParam / static_cast<double>(tp * pp)
                                                : weights * 6.0;
      if (weights + weights + optimizer > capacity * kPrescreenHeadroom) continue;
      // Splits DistributedModel rejects: idle replicas, pipeline stages without a layer.
      if (in.batch_size < dp) continue;
      if (model.layers && *model.layers > 0 && pp > *model.layers) continue;
      DistributedInputs d = base_inputs(in);
      d.tp_size = tp;
      d.pp_size = pp;
      d.microbatch_count = pp > 1 ? std::max(1LL, in.batch_size / dp) : 1;
      try {
        const DistributedResult r = evaluate_distributed(d);
        if (!r.node_profile.profile.feasible) continue;
        found.push_back(candidate(d, r, r.scaling_efficiency * in.efficiency));
      } catch (const InputError&) {
        continue;  // as 0.3.0: a configuration its DistributedModel rejects is skipped
      }
    }
  }
  if (found.empty())
    throw InputError("no TP x PP x DP split of " + fleet.name + " fits its training state in accelerator memory: "
                     "enable activation_recomputation, lower batch_size or seq_len, or use more accelerators");
  res.total_searched = res.search_space_size = res.feasible_configurations = static_cast<long long>(found.size());
  // max() keeps the first of equal MFUs; the stable sort keeps their order.
  res.best = *std::max_element(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.mfu < b.mfu; });
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.mfu > b.mfu; });
  found.resize(std::min<size_t>(found.size(), static_cast<size_t>(in.top_n)));
  res.top_candidates = std::move(found);
  return res;
}

// Step time first, then memory, then the smaller degrees: a total order, so
// the answer does not depend on the order the space is walked in.
auto rank_key(const ParallelismCandidate& c) {
  const ParallelismConfig& k = c.config;
  return std::make_tuple(c.step_time_s, c.memory_per_gpu_bytes, k.tp, k.pp, k.ep, k.v_stages, k.microbatch_count,
                         k.zero_stage, k.activation_recomputation);
}

ParallelismResult full_search(const ParallelismInputs& in) {
  const Fleet& fleet = *in.fleet;
  const Workload& model = *in.model;
  const long long n = fleet.total_accelerators();
  const long long layers = model.layers && *model.layers > 0 ? *model.layers : 1;
  const long long limit_tp = in.max_tp.value_or(fleet.node->accelerators_per_node);
  const long long limit_pp = std::min(in.max_pp.value_or(layers), layers);  // every stage holds a layer
  const bool moe = model.experts && *model.experts > 1 && model.active_experts_per_token;

  ParallelismResult res;
  res.search = ParallelismSearch::Full;
  std::vector<ParallelismCandidate> found;
  long long splits = 0;  // (tp, pp, ep) whose data-parallel degree divides the batch
  DistributedInputs d = base_inputs(in);
  const long long node = fleet.node->accelerators_per_node;
  for (long long tp : divisors(n)) {
    if (tp > limit_tp) break;
    if (node % tp != 0 && tp % node != 0) continue;  // a TP group fills part of a node, or whole nodes
    for (long long pp : divisors(n / tp)) {
      if (pp > limit_pp) break;
      for (long long ep : moe ? divisors(n / (tp * pp)) : std::vector<long long>{1}) {
        if (moe && *model.experts % ep != 0) continue;
        const long long dp = n / (tp * pp * ep);
        if (dp > in.batch_size || in.batch_size % dp != 0) continue;
        ++splits;
        const long long local = in.batch_size / dp;
        for (long long m : pp > 1 ? divisors(local) : std::vector<long long>{1}) {
          for (long long v = 1; v <= (pp > 1 ? kMaxVirtualStages : 1) && pp * v <= layers; ++v) {
            for (int zero = 0; zero <= (dp > 1 ? 3 : 0); ++zero) {
              for (bool recompute : {false, true}) {
                d.tp_size = tp, d.pp_size = pp, d.ep_size = ep, d.microbatch_count = m, d.v_stages = v;
                d.zero_stage = zero;
                d.activation_recomputation = recompute;
                ++res.search_space_size;
                const DistributedResult r = evaluate_distributed(d);
                ++res.total_searched;
                if (!r.node_profile.profile.feasible) continue;
                found.push_back(candidate(d, r, r.node_profile.profile.mfu * r.scaling_efficiency));
                found.back().config.full = true;
              }
            }
          }
        }
      }
    }
  }
  if (splits == 0)
    throw InputError("no split of the " + std::to_string(n) + " accelerators of " + fleet.name +
                     " (tp <= " + std::to_string(limit_tp) + ", pp <= " + std::to_string(limit_pp) +
                     ") leaves a data-parallel degree that divides batch_size " + std::to_string(in.batch_size) +
                     ": choose a batch that is a multiple of the cluster size over tp x pp, or raise max_tp");
  if (found.empty())
    throw InputError("no configuration of " + fleet.name + " fits " + model.name + "'s training state at batch " +
                     std::to_string(in.batch_size) + " and " + std::to_string(in.seq_len) +
                     " tokens, even with ZeRO-3 and recomputation: lower the batch or seq_len, or use more accelerators");

  res.feasible_configurations = static_cast<long long>(found.size());
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return rank_key(a) < rank_key(b); });
  res.best = found.front();
  // Pareto front of (step time, memory per GPU): by memory, keep each that is faster than all before it.
  std::vector<ParallelismCandidate> by_memory = found;
  std::sort(by_memory.begin(), by_memory.end(), [](const auto& a, const auto& b) {
    return std::tie(a.memory_per_gpu_bytes, a.step_time_s) < std::tie(b.memory_per_gpu_bytes, b.step_time_s);
  });
  for (const auto& c : by_memory)
    if (res.pareto_front.empty() || c.step_time_s < res.pareto_front.back().step_time_s) res.pareto_front.push_back(c);
  found.resize(std::min<size_t>(found.size(), static_cast<size_t>(in.top_n)));
  res.top_candidates = std::move(found);
  return res;
}

}  // namespace

ParallelismResult solve_parallelism(const ParallelismInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.fleet) throw InputError("fleet is required");
  require_count_at_least(in.batch_size, 1, "batch_size");
  require_count_at_least(in.seq_len, 1, "seq_len");
  require_in_range(in.efficiency, 1e-9, 1.0, "efficiency");
  if (in.max_tp) require_count_at_least(*in.max_tp, 1, "max_tp");
  if (in.max_pp) require_count_at_least(*in.max_pp, 1, "max_pp");
  require_count_at_least(in.top_n, 1, "top_n");
  require_precision_supported(*in.fleet->node->accelerator, in.precision);
  // The full search lists the divisors of the per-replica batch: keep that to milliseconds.
  constexpr long long kMaxFullSearchBatch = 1'000'000'000;
  if (in.search == ParallelismSearch::Full && in.batch_size > kMaxFullSearchBatch)
    throw InputError("batch_size must be at most " + std::to_string(kMaxFullSearchBatch) +
                     " samples for the full search, got " + std::to_string(in.batch_size));
  return in.search == ParallelismSearch::Full ? full_search(in) : reference_search(in);
}

}  // namespace mlsysim
