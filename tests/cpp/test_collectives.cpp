// The formula library against the hand-derived TF-* goldens (goldens.md).
#include <cmath>

#include "models/transformer.hpp"
#include "models/workload.hpp"
#include "physics/collectives.hpp"
#include "physics/pipeline.hpp"
#include "physics/propagation.hpp"
#include "registry/registry.hpp"
#include "serving_fixtures.hpp"
#include "systems/link_latency.hpp"

namespace mlsysim {
namespace {

using testing::expect_rel;

// 1 GB over 8 ranks on 50 GB/s links with 500 ns per step.
constexpr double kM = 1e9, kBw = 50e9, kAlpha = 500e-9;

TEST(Collectives, TF07_RingAllReduce) {
  expect_rel(ring_allreduce_time(kM, 8, kBw, kAlpha), 2.0 * 7 / 8 * 0.02 + 2 * 7 * 500e-9, 1e-12);  // 0.035007 s
  EXPECT_EQ(ring_allreduce_time(kM, 1, kBw, kAlpha), 0.0);
  // All-gather and reduce-scatter are each one half of the ring.
  expect_rel(ring_allgather_time(kM, 8, kBw, kAlpha) + ring_reduce_scatter_time(kM, 8, kBw, kAlpha),
             ring_allreduce_time(kM, 8, kBw, kAlpha), 1e-12);
}

TEST(Collectives, TF08_TreeIsSlowerThanRingForLargeMessages) {
  expect_rel(tree_allreduce_time(kM, 8, kBw, kAlpha), 2 * 3 * 0.02 + 2 * 3 * 500e-9, 1e-12);  // 0.120003 s
  EXPECT_GT(tree_allreduce_time(kM, 8, kBw, kAlpha), ring_allreduce_time(kM, 8, kBw, kAlpha));
  // A tiny message is latency-bound: log2(N) steps beat 2(N - 1).
  EXPECT_LT(tree_allreduce_time(8, 1024, kBw, kAlpha), ring_allreduce_time(8, 1024, kBw, kAlpha));
}

TEST(Collectives, TF09_AllToAll) {
  expect_rel(all_to_all_time(kM, 8, kBw, kAlpha), 7.0 / 8 * 0.02 + 7 * 500e-9, 1e-12);  // 0.0175035 s
  EXPECT_EQ(all_to_all_time(kM, 1, kBw, kAlpha), 0.0);
}

TEST(Collectives, TF13_HierarchicalSendsOneGthAcrossNodes) {
  const HierarchicalLinks links{300e9, 25e9, 500e-9, 5e-6};
  const double eight = hierarchical_allreduce_time(8e9, 4, 8, links);
  const double one = hierarchical_allreduce_time(8e9, 4, 1, links);
  EXPECT_GT(eight, 0);
  EXPECT_LT(eight, one);
  // g = 1 is a plain ring across the nodes.
  expect_rel(one, ring_allreduce_time(8e9, 4, 25e9, 5e-6), 1e-12);
}

TEST(Pipeline, TF16_BubbleShrinksWithMicrobatchesAndVirtualStages) {
  expect_rel(pipeline_bubble_fraction(4, 8, 1), 3.0 / 11, 1e-12);
  expect_rel(pipeline_bubble_fraction(4, 8, 4), 3.0 / 35, 1e-12);
  EXPECT_LT(pipeline_bubble_fraction(4, 64), pipeline_bubble_fraction(4, 8));
  EXPECT_EQ(pipeline_bubble_fraction(1, 8), 0.0);
  for (long long m = 1; m < 64; ++m) EXPECT_LE(pipeline_bubble_fraction(8, m + 1), pipeline_bubble_fraction(8, m));
}

TEST(Pipeline, TF04_Amdahl) {
  expect_rel(amdahl_speedup(0.9, 10), 5.2631578947368425, 1e-12);
  expect_rel(amdahl_speedup(1.0, 10), 10.0, 1e-12);
  expect_rel(amdahl_speedup(0.0, 1000), 1.0, 1e-12);
}

TEST(Propagation, TF02_FiberRoundTrip) {
  expect_rel(fiber_round_trip_s(1000e3), 0.010, 1e-12);  // 1,000 km: 10 ms
  EXPECT_EQ(fiber_round_trip_s(0), 0.0);
}

TEST(ActivationMemory, TF11_TF12_KorthikantiByMode) {
  EXPECT_DOUBLE_EQ(activation_memory_bytes(1, 1024, 1, 768, 12, 2, ActivationStrategy::None),
                   34.0 * 1024 * 768 + 5.0 * 12 * 1024 * 1024);  // 89,653,248 B
  EXPECT_DOUBLE_EQ(activation_memory_bytes(1, 1024, 1, 768, std::nullopt, 2, ActivationStrategy::Selective),
                   26'738'688.0);
  EXPECT_DOUBLE_EQ(activation_memory_bytes(1, 1024, 1, 768, std::nullopt, 2, ActivationStrategy::Full), 1'572'864.0);
  EXPECT_DOUBLE_EQ(activation_memory_bytes(12, 1024, 1, 768, std::nullopt, 4, ActivationStrategy::Selective),
                   12 * 2 * 26'738'688.0);
  EXPECT_THROW(activation_memory_bytes(1, 1024, 1, 768, std::nullopt, 2, ActivationStrategy::None), InputError);
}

// TF-17: 32 layers x 32 heads x 128 dims x 2,048 tokens x 2 (K and V) x 2 B = 1 GiB (Llama-2-7B's shape).
TEST(KvCache, TF17_OneGibibyte) {
  EXPECT_EQ(kv_cache_bytes(Registry::builtin().model("Llama2_7B"), 2048, 1, 2), 1073741824.0);
}

TEST(LinkLatency, FallbacksAreTheRegistrysFigures) {
  const Registry& reg = Registry::builtin();
  expect_rel(*reg.fabric("InfiniBand_NDR").latency_s, kInfinibandNdrLatencyS, 1e-12);
  NetworkFabric no_latency = reg.fabric("InfiniBand_NDR");
  no_latency.latency_s.reset();
  EXPECT_EQ(inter_node_latency_s(no_latency), kInfinibandNdrLatencyS);
  expect_rel(intra_node_latency_s(reg.node("DGX_H100")), kNvlinkClassLatencyS, 1e-12);
}

}  // namespace
}  // namespace mlsysim
