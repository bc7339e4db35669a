// Speed of the roofline core. Run: build/mlsysim_bench
#include <benchmark/benchmark.h>

#include "registry/loader.hpp"
#include "registry/registry.hpp"
#include "solvers/single_node.hpp"

namespace {

using namespace mlsysim;

// One solve: Llama-3-8B on an H100, batch 32, fp16 (inputs already resolved).
void BM_SingleNodeSolve(benchmark::State& state) {
  const Registry& reg = Registry::builtin();
  SingleNodeInputs in;
  in.model = &reg.model("Llama3_8B");
  in.hardware = &reg.hardware("H100");
  in.batch_size = 32;
  for (auto _ : state) {
    PerformanceProfile p = solve_single_node(in);
    benchmark::DoNotOptimize(p.latency_s);
  }
}
BENCHMARK(BM_SingleNodeSolve);

// Same, training with full recomputation (the transformer memory path).
void BM_SingleNodeSolveTraining(benchmark::State& state) {
  const Registry& reg = Registry::builtin();
  SingleNodeInputs in;
  in.model = &reg.model("Llama3_8B");
  in.hardware = &reg.hardware("H100");
  in.batch_size = 8;
  in.is_training = true;
  in.activation_recomputation = true;
  for (auto _ : state) {
    PerformanceProfile p = solve_single_node(in);
    benchmark::DoNotOptimize(p.latency_s);
  }
}
BENCHMARK(BM_SingleNodeSolveTraining);

// Design-space sweep: every hardware × batch 1..1024 × 7 precisions for one model.
void BM_SingleNodeSweep(benchmark::State& state) {
  const Registry& reg = Registry::builtin();
  const Workload& model = reg.model("Llama3_8B");
  const Precision precisions[] = {Precision::fp32, Precision::tf32, Precision::bf16, Precision::fp16,
                                  Precision::fp8,  Precision::int8, Precision::int4};
  int64_t configs = 0;
  for (auto _ : state) {
    SingleNodeInputs in;
    in.model = &model;
    double total = 0;
    for (const auto& hw : reg.hardware_entries().all()) {
      in.hardware = hw.get();
      for (int batch = 1; batch <= 1024; ++batch) {
        in.batch_size = batch;
        for (Precision p : precisions) {
          in.precision = p;
          total += solve_single_node(in).latency_s;
          ++configs;
        }
      }
    }
    benchmark::DoNotOptimize(total);
  }
  state.counters["configs_per_s"] = benchmark::Counter(static_cast<double>(configs), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SingleNodeSweep)->Unit(benchmark::kMillisecond);

// Parsing the embedded registry: what every CLI start pays once.
void BM_RegistryParse(benchmark::State& state) {
  for (auto _ : state) {
    Registry reg;
    registry::load_embedded(reg, registry::embedded_files());
    benchmark::DoNotOptimize(&reg);
  }
}
BENCHMARK(BM_RegistryParse)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
