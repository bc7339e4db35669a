// The training family: TrainingMemoryModel, DistributedModel, MoERoutingModel,
// NetworkRooflineModel, TopologyModel pinned to the goldens (0.3.0's values
// where goldens.md predates it), invariants, and bad input.
#include <cmath>

#include "serving_fixtures.hpp"
#include "solvers/distributed.hpp"
#include "solvers/moe_routing.hpp"
#include "solvers/network_roofline.hpp"
#include "solvers/topology.hpp"
#include "solvers/training_memory.hpp"
#include "systems/link_latency.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::expect_rel;
using testing::reg;

TrainingMemoryInputs memory(const char* model, const char* hw, long long batch, long long seq = 2048) {
  TrainingMemoryInputs in;
  in.model = &reg().model(model);
  in.hardware = &reg().hardware(hw);
  in.batch_size = batch;
  in.seq_len = seq;
  return in;
}

DistributedInputs distributed(const char* model, const char* cluster, long long batch, long long tp = 1,
                              long long pp = 1, long long m = 1) {
  DistributedInputs in;
  in.model = &reg().model(model);
  in.fleet = &reg().cluster(cluster);
  in.batch_size = batch;
  in.tp_size = tp;
  in.pp_size = pp;
  in.microbatch_count = m;
  return in;
}

TEST(TrainingMemoryGolden, TG03_Llama3_8B_H100) {
  const TrainingMemoryResult r = solve_training_memory(memory("Llama3_8B", "H100", 8, 1024));
  EXPECT_FALSE(r.feasible);
  expect_rel(r.weights_bytes, 16.060000000000002e9, 1e-12);
  expect_rel(r.gradients_bytes, 16.060000000000002e9, 1e-12);
  expect_rel(r.optimizer_state_bytes, 96.36e9, 1e-12);
  expect_rel(r.activations_bytes, 36.507222016e9, 1e-12);  // 34 s b h bytes per layer, 32 layers
  expect_rel(r.communication_buffers_bytes, 0.803e9, 1e-12);
  expect_rel(r.total_memory_bytes, 165.790222016e9, 1e-12);
  expect_rel(r.memory_utilization, 1.9300522051751614, 1e-12);
}

TEST(TrainingMemoryInvariants, ZeroStagesShardMoreAndShardingDivides) {
  TrainingMemoryInputs in = memory("Llama3_70B", "H100", 64);
  in.dp_size = 8;
  double previous = INFINITY;
  for (int z = 0; z <= 3; ++z) {
    in.zero_stage = z;
    const double total = solve_training_memory(in).total_memory_bytes;
    EXPECT_LE(total, previous) << "ZeRO-" << z;
    previous = total;
  }
  in.zero_stage = 0;
  const TrainingMemoryResult one = solve_training_memory(in);
  in.tp_size = 8;
  in.sequence_parallel = true;
  const TrainingMemoryResult eight = solve_training_memory(in);
  expect_rel(eight.weights_bytes, one.weights_bytes / 8, 1e-12);
  expect_rel(eight.activations_bytes, one.activations_bytes / 8, 1e-12);
  in.optimizer = TrainingOptimizer::Sgd;
  expect_rel(solve_training_memory(in).optimizer_state_bytes, eight.optimizer_state_bytes / 3, 1e-12);
}

TEST(TrainingMemoryBadInput, OneClearErrorEach) {
  auto msg = [](TrainingMemoryInputs in) { return error_of([&] { solve_training_memory(in); }); };
  EXPECT_NE(msg(memory("ResNet50", "H100", 8)).find("needs a transformer"), std::string::npos);
  TrainingMemoryInputs in = memory("Llama3_8B", "H100", 0);
  EXPECT_NE(msg(in).find("batch_size must be >= 1"), std::string::npos);
  in = memory("Llama3_8B", "H100", 8);
  in.zero_stage = 4;
  EXPECT_NE(msg(in).find("zero_stage must be in [0, 3]"), std::string::npos);
  in.zero_stage = 0;
  in.trainable_fraction = 1.5;
  EXPECT_NE(msg(in).find("trainable_fraction"), std::string::npos);
}

// TG-05 as 0.3.0 computes it: the TP all-reduces cover one stage's layers.
TEST(DistributedGolden, TG05_Llama3_8B_Research256) {
  DistributedInputs in = distributed("Llama3_8B", "Research_256", 1024, 8, 4, 16);
  in.efficiency = 0.45;
  in.zero_stage = 1;
  const DistributedResult r = solve_distributed(in);
  EXPECT_EQ(r.dp, 8);
  expect_rel(r.step_latency_total_s, 1.392709736332057, 1e-6);  // the older goldens.md pin: 5.0885 s
  expect_rel(r.bubble_fraction, 3.0 / 19, 1e-12);
  expect_rel(r.node_profile.profile.latency_s, 0.8878154330974047, 1e-9);
  expect_rel(r.dp_communication_latency_s, 0.07096250000000001, 1e-9);
  expect_rel(r.tp_communication_latency_s, 0.2674664095288889, 1e-9);
  expect_rel(r.pipeline_bubble_latency_s, 0.16646539370576338, 1e-9);
  expect_rel(r.effective_throughput_per_s, 735.2572996989895, 1e-9);
}

TEST(DistributedGolden, TD02_DataParallelOnly) {
  const DistributedResult r = solve_distributed(distributed("Llama3_70B", "Research_256", 256));
  expect_rel(r.node_profile.profile.latency_s, 2.4292850000000008, 1e-9);
  expect_rel(r.dp_communication_latency_s, 3.2879681111111113, 1e-9);
  expect_rel(r.step_latency_total_s, 5.717253111111112, 1e-9);
  expect_rel(r.scaling_efficiency, 0.424904224596746, 1e-9);
  expect_rel(r.effective_throughput_per_s, 44.77674768368756, 1e-9);
  EXPECT_EQ(r.pipeline_bubble_latency_s, 0.0);
}

// TD-04: bubble fraction, bubble latency and efficiency over P and M (0.3.0's values).
TEST(DistributedGolden, TD04_PipelineSweep) {
  struct Row {
    long long p, m;
    double bubble, bubble_s, efficiency;
  };
  const Row rows[] = {{2, 1, 0.5, 1.756773599595551, 0.27078387094483125},
                      {2, 16, 1.0 / 17, 0.10979834997472194, 0.3629128944116158},
                      {4, 4, 3.0 / 7, 1.3175801996966634, 0.29818027633996647},
                      {8, 16, 7.0 / 23, 0.7685884498230538, 0.3337201433193738}};
  for (const Row& row : rows) {
    const DistributedResult r = solve_distributed(distributed("Llama3_70B", "Research_256", 256, 1, row.p, row.m));
    expect_rel(r.bubble_fraction, row.bubble, 1e-12);
    expect_rel(r.pipeline_bubble_latency_s, row.bubble_s, 1e-9);
    expect_rel(r.scaling_efficiency, row.efficiency, 1e-9);
  }
}

TEST(DistributedGolden, TD05_ConfigComparison) {
  const DistributedResult r = solve_distributed(distributed("Llama3_70B", "Research_256", 256, 8, 4, 16));
  EXPECT_EQ(r.dp, 8);
  expect_rel(r.scaling_efficiency, 0.5780321460485465, 1e-9);
  expect_rel(r.effective_throughput_per_s, 84.23181531330808, 1e-9);
}

TEST(DistributedInvariants, MoreMicrobatchesNeverRaiseTheBubble) {
  double previous = 1;
  for (long long m : {1, 2, 4, 8, 16, 32, 64, 128, 256}) {
    const DistributedResult r = solve_distributed(distributed("Llama3_70B", "Research_256", 256, 1, 8, m));
    EXPECT_LE(r.bubble_fraction, previous) << m;
    previous = r.bubble_fraction;
  }
}

TEST(DistributedInvariants, EfficiencyAtMostOneAndFasterFabricNeverSlower) {
  for (const char* cluster : {"Research_256", "Frontier_8K", "Lab_64_A100", "Training_1K"}) {
    const DistributedResult base = solve_distributed(distributed("Llama3_70B", cluster, 4096, 8, 4, 16));
    EXPECT_LE(base.scaling_efficiency, 1.0);
    EXPECT_GT(base.scaling_efficiency, 0.0);
    Fleet faster = reg().cluster(cluster);  // the same cluster on a 4x faster fabric
    NetworkFabric fabric = *faster.fabric;
    fabric.bandwidth_bytes_per_s *= 4;
    faster.fabric = &fabric;
    DistributedInputs in = distributed("Llama3_70B", cluster, 4096, 8, 4, 16);
    in.fleet = &faster;
    EXPECT_LE(solve_distributed(in).step_latency_total_s, base.step_latency_total_s) << cluster;
  }
}

TEST(DistributedInvariants, OverlapAndAccumulationNeverSlowAStep) {
  DistributedInputs in = distributed("Llama3_70B", "Frontier_8K", 4096, 8, 2, 8);
  const double plain = solve_distributed(in).step_latency_total_s;
  in.overlap_comm = true;
  EXPECT_LT(solve_distributed(in).step_latency_total_s, plain);
  in.overlap_comm = false;
  in.congestion_factor = 2;
  EXPECT_GT(solve_distributed(in).step_latency_total_s, plain);
}

TEST(DistributedFeatures, TopologyOverrideGoesThroughTopologyModel) {
  DistributedInputs in = distributed("Llama3_70B", "Research_256", 256);
  const DistributedResult plain = solve_distributed(in);
  in.topology_override = Topology::FatTree;  // beta 1: the fabric's own rate
  expect_rel(solve_distributed(in).step_latency_total_s, plain.step_latency_total_s, 1e-12);
  in.topology_override = Topology::Ring;  // 32 nodes: beta = 1/16, a much slower DP all-reduce
  const DistributedResult ring = solve_distributed(in);
  EXPECT_GT(ring.dp_communication_latency_s, 10 * plain.dp_communication_latency_s);
  EXPECT_EQ(ring.constraint_trace().size(), 2u);
}

TEST(DistributedFeatures, ExpertParallelAllToAll) {
  DistributedInputs in = distributed("Mixtral_8x7B", "Research_256", 256);
  in.ep_size = 8;
  const DistributedResult r = solve_distributed(in);
  EXPECT_EQ(r.dp, 32);
  EXPECT_GT(r.ep_communication_latency_s, 0);
  // The imbalance scales the bandwidth term, not the 7 latency steps.
  const double steps = 7 * inter_node_latency_s(*in.fleet->fabric);
  in.moe_routing_imbalance_factor = 1.5;
  expect_rel(solve_distributed(in).ep_communication_latency_s - steps, (r.ep_communication_latency_s - steps) * 1.5,
             1e-9);
}

TEST(DistributedBadInput, OneClearErrorEach) {
  auto msg = [](DistributedInputs in) { return error_of([&] { solve_distributed(in); }); };
  EXPECT_NE(msg(distributed("Llama3_8B", "Research_256", 256, 3)).find("must divide the 256 accelerators"),
            std::string::npos);
  EXPECT_NE(msg(distributed("Llama3_8B", "Research_256", 64)).find("smaller than the data-parallel degree 256"),
            std::string::npos);
  EXPECT_NE(msg(distributed("Llama3_8B", "Research_256", 300)).find("does not split evenly"), std::string::npos);
  EXPECT_NE(msg(distributed("Llama3_8B", "Research_256", 256, 1, 2, 3)).find("microbatch_count 3 must divide"),
            std::string::npos);
  DistributedInputs in = distributed("Llama3_8B", "Research_256", 256);
  in.ep_size = 2;
  EXPECT_NE(msg(in).find("needs a mixture-of-experts model"), std::string::npos);
  in = distributed("Llama3_8B", "Research_256", 256);
  in.overlap_efficiency = 1.5;
  EXPECT_NE(msg(in).find("overlap_efficiency must be in [0.0, 1.0]"), std::string::npos);
  in.overlap_efficiency = 0.85;
  in.zero_stage = 5;
  EXPECT_NE(msg(in).find("zero_stage"), std::string::npos);
  in.zero_stage = 0;
  in.congestion_factor = 0.5;
  EXPECT_NE(msg(in).find("congestion_factor must be >= 1.0"), std::string::npos);
  // No batch: one sample per microbatch per replica.
  in = distributed("Llama3_8B", "Research_256", 0, 1, 2, 4);
  in.batch_size.reset();
  EXPECT_EQ(solve_distributed(in).node_profile.local_batch, 4);
}

TEST(MoERouting, ImbalanceInflatesExpertsUpToTheirCount) {
  MoERoutingInputs in;
  in.model = &reg().model("Mixtral_8x7B");
  in.batch_size = 8;
  in.seq_len = 2048;
  in.ep_size = 8;
  in.routing_imbalance_factor = 1.3;
  in.fleet = &reg().cluster("Research_256");
  const MoERoutingResult r = solve_moe_routing(in);
  expect_rel(r.effective_active_experts, 2.6, 1e-12);
  expect_rel(r.token_dispatch_bytes, 305.345331e6, 1e-8);       // 0.3.0: 305.345331 MB
  expect_rel(*r.all_to_all_latency_s, 24.777626496e-3, 1e-9);  // 0.3.0: 24.777626496 ms
  in.routing_imbalance_factor = 100;
  EXPECT_EQ(solve_moe_routing(in).effective_active_experts, 8.0);  // capped at the 8 experts
  in.model = &reg().model("Llama3_8B");
  EXPECT_NE(error_of([&] { solve_moe_routing(in); }).find("not a mixture-of-experts"), std::string::npos);
}

TEST(NetworkRoofline, DataParallelSyncIsNetworkBound) {
  NetworkRooflineInputs in;
  in.model = &reg().model("Llama3_8B");
  in.fleet = &reg().cluster("Research_256");
  const NetworkRooflineResult r = solve_network_roofline(in);
  EXPECT_EQ(r.profile.bottleneck, Bottleneck::Network);
  EXPECT_EQ(r.profile.arithmetic_intensity_flop_per_byte, 1.5);  // 6P / (2P x 2 B)
  EXPECT_EQ(r.constraint_trace()[0],
            "Network Roofline: CI 1.5 flop/B vs ridge 20254720.0 flop/B; binding ceiling is network.");
}

TEST(Topology, BisectionFractionsAndTheCap) {
  auto topo = [](Topology t, long long n) {
    return solve_topology({&reg().fabric("InfiniBand_NDR"), t, n});
  };
  EXPECT_EQ(topo(Topology::FatTree, 64).bisection_bw_fraction, 1.0);
  EXPECT_EQ(topo(Topology::Dragonfly, 64).bisection_bw_fraction, 0.85);
  expect_rel(topo(Topology::Ring, 64).bisection_bw_fraction, 2.0 / 64, 1e-12);
  expect_rel(topo(Topology::Torus3d, 64).bisection_bw_fraction, 0.5, 1e-12);
  expect_rel(topo(Topology::Torus3d, 64).hops_avg, 3.0, 1e-12);
  // A ring of one node is not twice the link rate (0.3.0: 2.0).
  EXPECT_EQ(topo(Topology::Ring, 1).bisection_bw_fraction, 1.0);
  EXPECT_EQ(topo(Topology::Torus3d, 2).bisection_bw_fraction, 1.0);
  expect_rel(topo(Topology::FatTree, 64).effective_bw_bytes_per_s, 50e9, 1e-12);
  EXPECT_NE(error_of([&] { topo(Topology::Torus3d, 0); }).find("num_nodes must be >= 1"), std::string::npos);
}

}  // namespace
}  // namespace mlsysim
