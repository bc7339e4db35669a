#include "solvers/distributed.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "hardware/precision_support.hpp"
#include "physics/collectives.hpp"
#include "physics/pipeline.hpp"
#include "physics/roofline.hpp"
#include "systems/link_latency.hpp"

namespace mlsysim {

namespace {

constexpr double kLayerTaxS = 1e-5;                 // framework tax per layer per pass (0.01 ms)
constexpr double kTrainingPasses = 3;               // forward + 2x backward
constexpr double kActivationTrafficPerSample = 0.1;  // Engine.solve's traffic heuristic
constexpr double kPcieFallbackBytesPerS = 64e9;
constexpr double kIdlePowerFraction = 0.30, kDynamicPowerFraction = 0.70;
constexpr double kAdamBytesPerParam = 12;
constexpr int kLoraRank = 16;  // sizes the trainable fraction, as TransformerWorkload.training_memory
constexpr double kLoraGradientShare = 0.01;  // LoRA's DP all-reduce moves 1 % of the gradients
// Megatron-LM: 2 all-reduces per layer forward (after attention, after the MLP) and 2 backward.
constexpr double kTpAllReducesPerLayer = 4;
constexpr double kDefaultHidden = 4096;

double or_default(const std::optional<int>& v, double fallback) { return v && *v ? *v : fallback; }

std::string gb1(double bytes) { return fixed_digits(bytes * 1e-9, 1) + " GB"; }

ReplicaProfile replica_profile(const DistributedInputs& in, long long dp, long long local_batch) {
  const Workload& model = *in.model;
  const HardwareNode& acc = *in.fleet->node->accelerator;
  ReplicaProfile rp;
  rp.tp = in.tp_size, rp.pp = in.pp_size, rp.ep = in.ep_size;
  rp.local_batch = local_batch;
  rp.accelerator = &acc;
  const long long replica = in.tp_size * in.pp_size * in.ep_size;
  const bool transformer = model.is_transformer();

  if (!transformer && replica == 1) {
    // A replica of one accelerator: SingleNodeModel's training step (its counts are ints).
    if (local_batch > 1'000'000'000 || in.seq_len > 1'000'000'000)
      throw InputError("batch_size / dp and seq_len must be at most 1000000000 for a one-accelerator replica");
    SingleNodeInputs s;
    s.model = &model;
    s.hardware = &acc;
    s.batch_size = static_cast<int>(local_batch);
    s.precision = in.precision;
    s.efficiency = in.efficiency;
    s.is_training = true;
    s.seq_len = static_cast<int>(in.seq_len);
    s.zero_stage = in.zero_stage;
    s.dp_size = static_cast<int>(dp);
    s.is_lora = in.is_lora;
    s.activation_recomputation = in.activation_recomputation;
    rp.profile = solve_single_node(s);
    rp.single_device = true;
    return rp;
  }

  PerformanceProfile& p = rp.profile;
  p.hardware = &acc;
  p.precision = in.precision;
  p.memory_capacity_bytes = acc.memory.capacity_bytes;
  const double bpp = bytes_per_element(in.precision);
  const double peak = acc.compute.peak_for(in.precision);
  const ComputationGraph graph = lower(model, bpp);
  const double replica_d = static_cast<double>(replica), batch = static_cast<double>(local_batch);

  // 1. The step's FLOPs, shared by the replica's accelerators.
  rp.tokens_per_sample = transformer ? in.seq_len : 1;
  const double sample_ops = graph.total_ops * static_cast<double>(rp.tokens_per_sample);
  const double model_ops = sample_ops * 3 * batch;
  const double hardware_ops = sample_ops * (in.activation_recomputation ? 4 : 3) * batch;
  const double effective_flops = peak * in.efficiency;
  p.latency_compute_s = hardware_ops / (effective_flops * replica_d);

  // 2. Training state on one accelerator.
  if (transformer) {
    double trainable = 1.0;
    if (in.is_lora) {
      const double lora_params = 2.0 * kLoraRank * or_default(model.hidden_dim, kDefaultHidden) * 4 * *model.layers;
      trainable = std::min(lora_params / *model.parameters, 1.0);
    }
    // Under 1F1B the first stage holds up to pp microbatches in flight.
    const long long in_flight = in.pp_size > 1 ? std::max(1LL, in.microbatch_count / in.pp_size) : 1;
    TrainingMemoryInputs m;
    m.model = &model;
    m.hardware = &acc;
    m.batch_size = local_batch * dp;
    m.seq_len = in.seq_len;
    m.precision = in.precision;
    m.activation_checkpointing = in.activation_recomputation ? ActivationStrategy::Full : ActivationStrategy::Selective;
    m.tp_size = in.tp_size, m.pp_size = in.pp_size, m.dp_size = dp, m.ep_size = in.ep_size;
    m.zero_stage = in.zero_stage;
    m.gradient_accumulation_steps = in.gradient_accumulation_steps * in_flight;
    m.trainable_fraction = trainable;
    rp.memory = solve_training_memory(m);
    p.memory_footprint_bytes = rp.memory->total_memory_bytes;
  } else {
    const double params = graph.weight_bytes / bpp;
    p.memory_footprint_bytes = (graph.weight_bytes * 2 + params * kAdamBytesPerParam) / replica_d;
  }
  p.feasible = p.memory_footprint_bytes <= acc.memory.capacity_bytes;

  // 3. The memory ceiling: HBM, or the host link when the state spills.
  double bw = acc.memory.bandwidth_bytes_per_s;
  if (!p.feasible) {
    const double link = acc.interconnect ? acc.interconnect->bandwidth_per_direction_bytes_per_s()
                                         : kPcieFallbackBytesPerS;
    bw = std::min(acc.memory.bandwidth_bytes_per_s, link);
    p.offload_spill_bytes = p.memory_footprint_bytes - acc.memory.capacity_bytes;
    p.offload_effective_bw_bytes_per_s = bw;
  }
  const double shard = graph.weight_bytes / replica_d;
  const double traffic = shard + shard * kActivationTrafficPerSample * batch;
  p.latency_memory_s = traffic / bw;
  const double device_ops = hardware_ops / replica_d;
  const RooflineRegime regime = roofline_regime(device_ops, traffic, device_ops / effective_flops, traffic / bw);
  p.bottleneck = regime.bottleneck;
  p.arithmetic_intensity_flop_per_byte = regime.intensity_flop_per_byte;

  // 4. Latency, utilisation and energy of the replica's step.
  const double layer_tax = or_default(model.layers, 1) * kLayerTaxS * kTrainingPasses;
  p.latency_overhead_s = acc.dispatch_tax_s + layer_tax;
  const double roofline_s = std::max(p.latency_compute_s, p.latency_memory_s);
  p.latency_s = roofline_s + acc.dispatch_tax_s + layer_tax;
  const double replica_peak = peak * replica_d;
  p.mfu = std::clamp(model_ops / p.latency_s / replica_peak, 0.0, 1.0);
  p.hfu = std::clamp(hardware_ops / p.latency_s / replica_peak, 0.0, 1.0);
  if (acc.tdp_w)
    p.energy_j = *acc.tdp_w * (kIdlePowerFraction + kDynamicPowerFraction * p.hfu) * replica_d * p.latency_s;
  p.throughput_per_s = batch / p.latency_s;
  p.peak_flops_actual_flop_per_s = effective_flops;
  p.peak_bw_actual_bytes_per_s = bw;
  p.overhead_dominated = p.latency_overhead_s > roofline_s;
  return rp;
}

}  // namespace

std::vector<std::string> ReplicaProfile::constraint_trace() const {
  if (single_device) return profile.constraint_trace();
  const long long replica = tp * pp * ep;
  std::vector<std::string> lines = {
      "Replica: TP" + std::to_string(tp) + " x PP" + std::to_string(pp) + " x EP" + std::to_string(ep) + " = " +
          std::to_string(replica) + " accelerators process " + std::to_string(local_batch) + " samples of " +
          std::to_string(tokens_per_sample) + " tokens per step.",
      "Memory Wall: " + gb1(profile.memory_footprint_bytes) + " per accelerator " +
          (profile.feasible ? "fits " : "exceeds ") + gb1(profile.memory_capacity_bytes) + " on " +
          accelerator->name + "."};
  if (memory)
    for (auto& line : memory->constraint_trace()) lines.push_back(std::move(line));
  return lines;
}

std::vector<std::string> DistributedResult::constraint_trace() const {
  std::vector<std::string> lines = {"Distributed Wall: dp=" + std::to_string(dp) + ", tp=" + std::to_string(tp) +
                                    ", pp=" + std::to_string(pp) + ", ep=" + std::to_string(ep) +
                                    "; step latency " + pint_pretty(step_latency_total_s * 1e3) + " ms."};
  if (ep > 1 && moe_routing_imbalance_factor > 1.0)
    lines.push_back("MoE Routing: expert-parallel traffic inflated by " + fixed_digits(moe_routing_imbalance_factor, 2) +
                    "x for hot-expert imbalance.");
  if (topology)
    lines.push_back(std::string("Topology: inter-node links priced as a ") + topology_name(*topology) +
                    " (TopologyModel's effective bandwidth).");
  return lines;
}

DistributedResult solve_distributed(const DistributedInputs& in) {
  if (!in.model) throw InputError("model is required");
  if (!in.fleet) throw InputError("fleet is required");
  require_count_at_least(in.tp_size, 1, "tp_size");
  require_count_at_least(in.pp_size, 1, "pp_size");
  require_count_at_least(in.ep_size, 1, "ep_size");
  if (in.batch_size) require_count_at_least(*in.batch_size, 1, "batch_size");
  require_count_at_least(in.gradient_accumulation_steps, 1, "gradient_accumulation_steps");
  require_count_at_least(in.v_stages, 1, "v_stages");
  require_count_at_least(in.microbatch_count, 1, "microbatch_count");
  require_count_at_least(in.seq_len, 1, "seq_len");
  require_count_in_range(in.zero_stage, 0, 3, "zero_stage");
  require_in_range(in.efficiency, 1e-9, 1.0, "efficiency");
  require_in_range(in.overlap_efficiency, 0.0, 1.0, "overlap_efficiency");
  require_at_least(in.moe_routing_imbalance_factor, 1.0, "moe_routing_imbalance_factor", "1.0 is balanced routing");
  require_at_least(in.congestion_factor, 1.0, "congestion_factor", "1.0 is an idle network");
  require_at_least(in.straggler_factor, 1.0, "straggler_factor", "1.0 is no straggler");
  const Fleet& fleet = *in.fleet;
  const Node& node = *fleet.node;
  require_precision_supported(*node.accelerator, in.precision);
  if (in.model->layers && *in.model->layers > 0 && in.pp_size > *in.model->layers)
    throw InputError("pp_size " + std::to_string(in.pp_size) + " exceeds the " + std::to_string(*in.model->layers) +
                     " layers of " + in.model->key + ": every pipeline stage needs at least one layer");
  if (in.ep_size > 1 && !(in.model->experts && in.model->active_experts_per_token))
    throw InputError("ep_size " + std::to_string(in.ep_size) + " needs a mixture-of-experts model; " + in.model->key +
                     " has no experts (use ep_size=1, or Mixtral_8x7B, GPT4, DeepSeek_V3)");

  // 1. Split the cluster: TP x PP x EP accelerators per replica, the rest data-parallel.
  const long long n = fleet.total_accelerators();
  long long group = 0;
  const bool overflow = __builtin_mul_overflow(in.tp_size, in.pp_size, &group) ||
                        __builtin_mul_overflow(group, in.ep_size, &group);
  if (overflow || group > n || n % group != 0)
    throw InputError("tp_size x pp_size x ep_size = " + std::to_string(in.tp_size) + " x " + std::to_string(in.pp_size) +
                     " x " + std::to_string(in.ep_size) + (overflow ? "" : " = " + std::to_string(group)) +
                     " must divide the " +
                     std::to_string(n) + " accelerators of " + fleet.name);
  const long long dp = n / group;
  DistributedInputs checked = in;
  checked.batch_size = in.batch_size.value_or(dp * in.microbatch_count);
  const long long batch = *checked.batch_size;
  if (batch < dp)
    throw InputError("batch_size " + std::to_string(batch) + " is smaller than the data-parallel degree " +
                     std::to_string(dp) + " (" + std::to_string(n) + " accelerators / " + std::to_string(group) +
                     " per replica): every replica needs a sample; raise the batch or tp/pp/ep");
  if (batch % dp != 0)
    throw InputError("batch_size " + std::to_string(batch) + " does not split evenly over the " +
                     std::to_string(dp) + " data-parallel replicas; use a multiple of " + std::to_string(dp));
  if (batch % in.microbatch_count != 0)
    throw InputError("microbatch_count " + std::to_string(in.microbatch_count) + " must divide batch_size " +
                     std::to_string(batch));
  return evaluate_distributed(checked);
}

DistributedResult evaluate_distributed(const DistributedInputs& in) {
  const Fleet& fleet = *in.fleet;
  const Node& node = *fleet.node;
  const long long group = in.tp_size * in.pp_size * in.ep_size;
  const long long dp = fleet.total_accelerators() / group;
  const long long local_batch = std::max(1LL, *in.batch_size / dp);

  DistributedResult r;
  r.dp = dp, r.tp = in.tp_size, r.pp = in.pp_size, r.ep = in.ep_size;
  r.moe_routing_imbalance_factor = in.moe_routing_imbalance_factor;
  r.node_profile = replica_profile(in, dp, local_batch);
  const double replica_s = r.node_profile.profile.latency_s;

  const Workload& model = *in.model;
  const double bpp = bytes_per_element(in.precision);
  const double hidden = or_default(model.hidden_dim, kDefaultHidden);
  const double fabric_latency = inter_node_latency_s(*fleet.fabric);
  double inter_bw = fleet.fabric->bandwidth_bytes_per_s / fleet.fabric->oversubscription_ratio;
  if (in.topology_override) {
    r.topology = in.topology_override;
    inter_bw = solve_topology({fleet.fabric, *in.topology_override, fleet.count}).effective_bw_bytes_per_s;
  }

  // 2. DP: all-reduce the gradients of one TP x PP shard (the shards' groups run side by side).
  double dp_s = 0;
  if (dp > 1) {
    double gradients = size_in_bytes(model, bpp) / static_cast<double>(in.tp_size * in.pp_size);
    if (in.is_lora) gradients *= kLoraGradientShare;
    const long long ranks_per_node = std::max(1LL, node.accelerators_per_node / group);
    const long long nodes_spanned = (dp + ranks_per_node - 1) / ranks_per_node;
    if (nodes_spanned == 1)
      dp_s = ring_allreduce_time(gradients, dp, node.intra_node_bw_bytes_per_s, intra_node_latency_s(node));
    else if (ranks_per_node == 1)
      dp_s = ring_allreduce_time(gradients, dp, inter_bw, fabric_latency);
    else
      dp_s = hierarchical_allreduce_time(gradients, nodes_spanned, ranks_per_node,
                                         {node.intra_node_bw_bytes_per_s, inter_bw, 500e-9, fabric_latency});
  }

  // 3. TP: 4 all-reduces of the activations per layer of one pipeline stage.
  double tp_s = 0;
  if (in.tp_size > 1) {
    const double stage_layers = std::ceil(or_default(model.layers, 1) / static_cast<double>(in.pp_size));
    const double activations = static_cast<double>(local_batch) * static_cast<double>(in.seq_len) * hidden * bpp;
    const bool in_node = in.tp_size <= node.accelerators_per_node;
    tp_s = ring_allreduce_time(activations, in.tp_size, in_node ? node.intra_node_bw_bytes_per_s : inter_bw,
                               in_node ? intra_node_latency_s(node) : fabric_latency) *
           kTpAllReducesPerLayer * stage_layers;
  }

  // 4. EP: all-to-all of the routed tokens (Fedus et al. 2022).
  double ep_s = 0;
  if (in.ep_size > 1) {
    const double top_k = or_default(model.active_experts_per_token, 1);
    const double tokens = static_cast<double>(local_batch) * static_cast<double>(in.seq_len) * hidden * bpp * top_k *
                          in.moe_routing_imbalance_factor;
    ep_s = all_to_all_time(tokens, in.ep_size, inter_bw, fabric_latency);
  }

  // 5. The bubble: idle share b of the pipelined step adds compute x b / (1 - b).
  r.bubble_fraction = pipeline_bubble_fraction(in.pp_size, in.microbatch_count, in.v_stages);
  r.pipeline_bubble_latency_s = in.pp_size > 1 ? replica_s * r.bubble_fraction / (1 - r.bubble_fraction) : 0;

  // 6. The step: congestion on every collective, DP amortised over accumulation, overlap, stragglers.
  dp_s *= in.congestion_factor;
  tp_s *= in.congestion_factor;
  ep_s *= in.congestion_factor;
  if (in.gradient_accumulation_steps > 1) dp_s /= static_cast<double>(in.gradient_accumulation_steps);
  r.dp_communication_latency_s = dp_s;
  r.tp_communication_latency_s = tp_s;
  r.ep_communication_latency_s = ep_s;
  r.communication_latency_s = dp_s + tp_s + ep_s;
  const double exposed_dp = in.overlap_comm ? dp_s * (1 - in.overlap_efficiency) : dp_s;
  r.step_latency_total_s = in.overlap_comm ? replica_s + exposed_dp + tp_s + ep_s + r.pipeline_bubble_latency_s
                                           : replica_s + r.communication_latency_s + r.pipeline_bubble_latency_s;
  if (in.straggler_factor > 1.0) r.step_latency_total_s *= in.straggler_factor;
  r.scaling_efficiency = replica_s / r.step_latency_total_s;
  r.effective_throughput_per_s =
      static_cast<double>(dp) * r.node_profile.profile.throughput_per_s * r.scaling_efficiency;
  return r;
}

}  // namespace mlsysim
