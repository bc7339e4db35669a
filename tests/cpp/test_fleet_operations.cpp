// Fleet operations: reliability, checkpoints, scaling laws, data and
// preprocessing, scheduling, software efficiency, responsible engineering,
// pinned to the goldens (0.3.0's values where the registry moved them) and
// to invariants.
#include <cmath>

#include "physics/reliability.hpp"
#include "serving_fixtures.hpp"
#include "solvers/checkpoint.hpp"
#include "solvers/data_pipeline.hpp"
#include "solvers/efficiency.hpp"
#include "solvers/orchestration.hpp"
#include "solvers/reliability.hpp"
#include "solvers/responsible.hpp"
#include "solvers/scaling.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::expect_rel;
using testing::reg;

// n DGX H100 nodes on InfiniBand NDR (the tutorials' ad-hoc fleets).
Fleet dgx_fleet(int nodes) {
  Fleet f = reg().cluster("Frontier_8K");
  f.count = nodes;
  return f;
}

ReliabilityResult reliability(const Fleet& f, double job_h, double checkpoint_s = 60, double recovery_s = 300) {
  return solve_reliability({&f, job_h * 3600, checkpoint_s, recovery_s});
}

TEST(Reliability, TF14_TF15_TF25_Formulas) {
  expect_rel(young_daly_interval_s(60, 50000 * 3600.0), 146969.38, 1e-7);
  expect_rel(cluster_mtbf_hours(50000, 1000), 50.0, 1e-12);
  expect_rel(cluster_mtbf_hours(50000, 1000, 0.5), 25.0, 1e-12);
  expect_rel(node_mtbf_hours(10'000, 1, 1e9, 0, 1e9, 0), 10'000, 1e-12);
  expect_rel(node_mtbf_hours(10'000, 4, 50'000, 2, 20'000, 2), 1851.85, 1e-5);  // 1e6 / 540
  expect_rel(failure_probability(100 * 3600.0, 100 * 3600.0), 1 - std::exp(-1.0), 1e-12);
}

// 0.3.0: a DGX H100 node is 4687.5 h (its 6 PSUs are 4 + 2 redundant, so none is in series;
// the older goldens' 4285.7 h counted two).
TEST(ReliabilityGolden, T06_03_NodeMtbfAndT12b_06) {
  const ReliabilityResult one = reliability(dgx_fleet(1), 720);
  expect_rel(one.fleet_mtbf_s / 3600, 4687.5, 1e-12);
  expect_rel(one.optimal_checkpoint_interval_s / 3600, 12.5, 1e-12);
  const ReliabilityResult r = reliability(dgx_fleet(64), 720, 120);
  expect_rel(r.fleet_mtbf_s / 3600, 73.2421875, 1e-12);
  expect_rel(r.failure_probability, 0.9999462087638012, 1e-12);
  expect_rel(r.expected_failures, 9.8304, 1e-12);
  expect_rel(r.optimal_checkpoint_interval_s / 60, 132.582521, 1e-8);
}

TEST(ReliabilityInvariants, MtbfFallsAsOneOverNAndIntervalGrowsWithCheckpointCost) {
  const double one = reliability(dgx_fleet(1), 720).fleet_mtbf_s;
  for (int n : {2, 8, 64, 1024, 12500}) expect_rel(reliability(dgx_fleet(n), 720).fleet_mtbf_s, one / n, 1e-12);
  double previous = 0;
  for (double c : {1.0, 10.0, 60.0, 600.0, 3600.0}) {
    const double tau = reliability(dgx_fleet(64), 720, c).optimal_checkpoint_interval_s;
    EXPECT_GT(tau, previous);
    previous = tau;
  }
  // Out of regime (delta >= 2 MTBF): the value stands, with 0.3.0's warning.
  const ReliabilityResult out = reliability(dgx_fleet(12500), 720, 3 * 3600);
  ASSERT_EQ(out.warnings().size(), 1u);
  EXPECT_EQ(out.goodput_ratio, 0.0);
}

TEST(ReliabilityBadInput, OneClearErrorEach) {
  const Fleet f = dgx_fleet(8);
  EXPECT_NE(error_of([&] { reliability(f, -1); }).find("job_duration_hours must be >= 0, got -1.0 h"),
            std::string::npos);
  EXPECT_NE(error_of([&] { reliability(f, 720, 0); }).find("checkpoint_time_s must be > 0"), std::string::npos);
  EXPECT_NE(error_of([&] { reliability(f, 720, 60, -5); }).find("avg_recovery_time_s"), std::string::npos);
}

CheckpointResult checkpoint(const char* model, double interval_h, long long writers = 1,
                            CheckpointOptimizer o = CheckpointOptimizer::Adam) {
  CheckpointInputs in;
  in.model = &reg().model(model);
  in.hardware = &reg().hardware("H100");
  in.optimizer = o;
  in.checkpoint_interval_s = interval_h * 3600;
  in.n_writers = writers;
  return solve_checkpoint(in);
}

TEST(CheckpointGolden, T06_05_Llama3_70B) {
  const CheckpointResult r = checkpoint("Llama3_70B", 1);
  expect_rel(r.checkpoint_size_bytes, 988.4e9, 1e-12);
  expect_rel(r.write_time_s, 141.2, 1e-12);
  expect_rel(r.mfu_penalty, 141.2 / 3600, 1e-12);  // 3.92 %
  EXPECT_TRUE(r.storage_bottleneck);
  // Writers scale until the filesystem's 500 GB/s binds; SGD saves 4 B per parameter.
  expect_rel(checkpoint("Llama3_70B", 1, 1000).write_time_s, 988.4e9 / 500e9, 1e-12);
  expect_rel(checkpoint("Llama3_70B", 1, 1, CheckpointOptimizer::Sgd).checkpoint_size_bytes, 282.4e9, 1e-12);
  EXPECT_NE(error_of([] { checkpoint("Llama3_70B", 1, 0); }).find("n_writers must be >= 1"), std::string::npos);
}

TEST(Scaling, ChinchillaAndT12b_04) {
  ScalingInputs in;
  in.compute_budget = {1e23, Dimension::Flop};
  const ScalingResult r = solve_scaling(in);
  expect_rel(r.optimal_parameters, std::sqrt(1e23 / 120), 1e-12);
  expect_rel(r.tokens_per_parameter, 20, 1e-12);
  in.compute_budget = {512 * 989e12 * 30 * 86400 * 0.4, Dimension::Flop};
  in.target_model_size = reg().model("Llama3_70B").parameters;
  const ScalingResult t = solve_scaling(in);
  expect_rel(t.optimal_tokens, 1.2393823e12, 1e-7);
  expect_rel(t.tokens_per_parameter, 17.554990088998387, 1e-12);  // under-trained
  // A budget in accelerator time: H100-days at 40 % MFU.
  in = {};
  in.compute_budget = {86400, Dimension::Seconds};
  expect_rel(solve_scaling(in).compute_budget_flop, 86400 * 989e12 * 0.4, 1e-12);
}

TEST(ScalingInvariants, ABiggerBudgetNeverGivesASmallerModel) {
  double previous = 0;
  for (double c = 1e15; c <= 1e27; c *= 3.7) {
    ScalingInputs in;
    in.compute_budget = {c, Dimension::Flop};
    const double n = solve_scaling(in).optimal_parameters;
    EXPECT_GE(n, previous);
    previous = n;
  }
  ScalingInputs in;
  in.compute_budget = {0, Dimension::Flop};
  EXPECT_NE(error_of([&] { solve_scaling(in); }).find("compute_budget must be > 0"), std::string::npos);
}

TEST(DataGolden, T04_02_T12b_03) {
  DataInputs in;
  in.hardware = &reg().hardware("A100");
  in.workload_data_rate_bytes_per_s = 256 * 500e3 / 7.24e-3;
  const DataResult a = solve_data(in);
  expect_rel(a.demand_bw_bytes_per_s, 17.679558e9, 1e-7);
  expect_rel(a.supply_bw_bytes_per_s, 32e9, 1e-12);
  expect_rel(a.utilization, 0.5524861878453039, 1e-12);
  EXPECT_FALSE(a.is_stalled);
  EXPECT_EQ(a.bottleneck, "Interconnect");
  in.hardware = &reg().hardware("H100");
  in.workload_data_rate_bytes_per_s = 8e6;
  const DataResult h = solve_data(in);
  EXPECT_EQ(h.bottleneck, "Storage");
  expect_rel(h.supply_bw_bytes_per_s, 7e9, 1e-12);
  in.hardware = &reg().hardware("ESP32_S3");
  EXPECT_NE(error_of([&] { solve_data(in); }).find("lists neither a storage bandwidth nor a host link"),
            std::string::npos);
}

TransformationResult transform(long long batch, double cpu_bytes_per_s, double step_s) {
  return solve_transformation({batch, 500e3, cpu_bytes_per_s, step_s});
}

TEST(TransformationGolden, T04_03_And_MoreCpuNeverSlowsDown) {
  const TransformationResult r = transform(256, 2e9, 7.24e-3);
  expect_rel(r.transform_time_s, 64e-3, 1e-12);
  EXPECT_TRUE(r.is_bottleneck);
  expect_rel(r.accelerator_utilization, 0.113125, 1e-12);
  expect_rel(r.slowdown_factor, 8.839779005524862, 1e-12);
  double previous = INFINITY;
  for (int workers = 1; workers <= 64; workers *= 2) {  // T04-05: n x 250 MB/s
    const double s = transform(512, workers * 250e6, 13.97e-3).slowdown_factor;
    EXPECT_LE(s, previous);
    EXPECT_GE(s, 1.0);
    previous = s;
  }
  EXPECT_NE(error_of([] { transform(256, 0, 7.24e-3); }).find("cpu_throughput must be > 0"), std::string::npos);
}

TEST(Orchestration, MD1Queue) {
  const Fleet f = dgx_fleet(32);
  const OrchestrationResult r = solve_orchestration({&f, 0.5, 86400});
  EXPECT_EQ(r.cluster_utilization, 0.5);
  expect_rel(r.avg_wait_time_s, 0.5 / (2 * 1 * 0.5) * 86400, 1e-12);  // half a day
  expect_rel(r.avg_queue_length, 0.25, 1e-12);
  const OrchestrationResult full = solve_orchestration({&f, 2, 86400});
  EXPECT_FALSE(full.is_stable);
  EXPECT_TRUE(std::isinf(full.avg_wait_time_s));
  EXPECT_NE(error_of([&] { solve_orchestration({&f, 1, 0}); }).find("avg_job_duration_days must be > 0"),
            std::string::npos);
}

TEST(Efficiency, KernelTypesAndCaps) {
  EfficiencyInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  EXPECT_EQ(solve_efficiency(in).mfu, 0.5);  // FFN at efficiency 0.5
  in.efficiency = 1.0;
  EXPECT_EQ(solve_efficiency(in).mfu, 0.6);  // capped
  in.workload_type = KernelType::Attention;
  in.use_flash_attention = true;
  EXPECT_EQ(solve_efficiency(in).mfu, 0.85);
  in.use_flash_attention = false;
  const EfficiencyResult a = solve_efficiency(in);
  EXPECT_EQ(a.mfu, 0.6);
  EXPECT_EQ(a.occupancy_loss, 0.0);
  expect_rel(a.memory_stall, 0.4, 1e-12);
}

TEST(Responsible, PrivacyAndFairnessTaxes) {
  const ResponsibleResult r = solve_responsible({100 * 3600.0, 0.5, 1e-5, 0.01});
  EXPECT_EQ(r.dp_slowdown_factor, 5.0);
  expect_rel(r.effective_training_time_s, 500 * 3600.0, 1e-12);
  EXPECT_EQ(r.additional_data_requirement, 100.0);
  EXPECT_NE(error_of([] { solve_responsible({3600, 0, 1e-5, 0.01}); }).find("epsilon must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of([] { solve_responsible({3600, 1, 1.5, 0.01}); }).find("delta must be in (0, 1)"),
            std::string::npos);
}

}  // namespace
}  // namespace mlsysim
