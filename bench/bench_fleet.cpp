// Speed of the fleet-operations solvers: one solve each, inputs resolved once.
#include <benchmark/benchmark.h>

#include "registry/registry.hpp"
#include "solvers/checkpoint.hpp"
#include "solvers/data_pipeline.hpp"
#include "solvers/efficiency.hpp"
#include "solvers/orchestration.hpp"
#include "solvers/reliability.hpp"
#include "solvers/responsible.hpp"
#include "solvers/scaling.hpp"

namespace {

using namespace mlsysim;

const Registry& reg() { return Registry::builtin(); }

void BM_ReliabilitySolve(benchmark::State& state) {  // Frontier_8K, a 720 h job
  const ReliabilityInputs in{&reg().cluster("Frontier_8K"), 720 * 3600.0};
  for (auto _ : state) benchmark::DoNotOptimize(solve_reliability(in).goodput_ratio);
}
BENCHMARK(BM_ReliabilitySolve);

void BM_CheckpointSolve(benchmark::State& state) {  // T06-05
  CheckpointInputs in;
  in.model = &reg().model("Llama3_70B");
  in.hardware = &reg().hardware("H100");
  for (auto _ : state) benchmark::DoNotOptimize(solve_checkpoint(in).write_time_s);
}
BENCHMARK(BM_CheckpointSolve);

void BM_ScalingSolve(benchmark::State& state) {
  ScalingInputs in;
  in.compute_budget = {1e24, Dimension::Flop};
  for (auto _ : state) benchmark::DoNotOptimize(solve_scaling(in).optimal_parameters);
}
BENCHMARK(BM_ScalingSolve);

void BM_DataSolve(benchmark::State& state) {  // T04-02
  const DataInputs in{17.68e9, &reg().hardware("A100")};
  for (auto _ : state) benchmark::DoNotOptimize(solve_data(in).utilization);
}
BENCHMARK(BM_DataSolve);

void BM_TransformationSolve(benchmark::State& state) {  // T04-03
  const TransformationInputs in{256, 500e3, 2e9, 7.24e-3};
  for (auto _ : state) benchmark::DoNotOptimize(solve_transformation(in).slowdown_factor);
}
BENCHMARK(BM_TransformationSolve);

void BM_OrchestrationSolve(benchmark::State& state) {
  const OrchestrationInputs in{&reg().cluster("Research_256"), 0.5, 86400};
  for (auto _ : state) benchmark::DoNotOptimize(solve_orchestration(in).avg_wait_time_s);
}
BENCHMARK(BM_OrchestrationSolve);

void BM_EfficiencySolve(benchmark::State& state) {
  EfficiencyInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  in.workload_type = KernelType::Attention;
  in.use_flash_attention = true;
  for (auto _ : state) benchmark::DoNotOptimize(solve_efficiency(in).mfu);
}
BENCHMARK(BM_EfficiencySolve);

void BM_ResponsibleSolve(benchmark::State& state) {
  const ResponsibleInputs in{100 * 3600.0, 0.5, 1e-5, 0.01};
  for (auto _ : state) benchmark::DoNotOptimize(solve_responsible(in).dp_slowdown_factor);
}
BENCHMARK(BM_ResponsibleSolve);

}  // namespace
