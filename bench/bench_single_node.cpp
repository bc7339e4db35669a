// Speed of the roofline core and the generic door. Run: build/mlsysim_bench (make bench);
// the Python side is bench/bench_python.py (make bench-python).
#include <benchmark/benchmark.h>

#include "api/door.hpp"
#include "api/text_source.hpp"
#include "registry/loader.hpp"
#include "registry/registry.hpp"
#include "solvers/single_node.hpp"
#include "solvers/single_node_grid.hpp"

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

// The same solve through the generic door the CLI uses: name=value text in, a Record out.
void BM_SingleNodeDoor(benchmark::State& state) {
  const Registry& reg = Registry::builtin();
  const api::SolverSpec& spec = api::find_solver("SingleNodeModel");
  const std::vector<std::string> args = {"model=Llama3_8B", "hardware=H100", "batch_size=32"};
  for (auto _ : state) {
    api::TextSource source(spec, args, reg, spec.name);
    Record r = api::to_record(*spec.result, api::run_solver(spec, source).get());
    benchmark::DoNotOptimize(r.data());
  }
}
BENCHMARK(BM_SingleNodeDoor);

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

// The columnar grid (what mlsysim.sweep runs): the same 372,736 points, every
// result field written to its own array, on all cores.
void BM_SingleNodeGrid(benchmark::State& state) {
  const Registry& reg = Registry::builtin();
  SingleNodeGrid g;
  g.model = {&reg.model("Llama3_8B")};
  for (const auto& hw : reg.hardware_entries().all()) g.hardware.push_back(hw.get());
  for (int b = 1; b <= 1024; ++b) g.batch_size.push_back(b);
  g.precision = {Precision::fp32, Precision::tf32, Precision::bf16, Precision::fp16,
                 Precision::fp8,  Precision::int8, Precision::int4};
  g.efficiency = {0.5};
  g.is_training = {0};
  g.seq_len = {2048};
  g.zero_stage = {0};
  g.dp_size = {1};
  g.is_lora = {0};
  g.activation_recomputation = {0};
  const size_t n = g.size();
  std::vector<std::vector<double>> numbers(14, std::vector<double>(n));
  std::vector<std::vector<uint8_t>> flags(4, std::vector<uint8_t>(n));
  SingleNodeColumns c;
  double** number_columns[] = {&c.latency_s, &c.latency_compute_s, &c.latency_memory_s, &c.latency_overhead_s,
                               &c.throughput_per_s, &c.arithmetic_intensity_flop_per_byte, &c.energy_j,
                               &c.memory_footprint_bytes, &c.peak_flops_actual_flop_per_s,
                               &c.peak_bw_actual_bytes_per_s, &c.mfu, &c.hfu, &c.offload_spill_bytes,
                               &c.offload_effective_bw_bytes_per_s};
  for (size_t i = 0; i < 14; ++i) *number_columns[i] = numbers[i].data();
  c.feasible = flags[0].data();
  c.overhead_dominated = flags[1].data();
  c.bottleneck_memory = flags[2].data();
  c.valid = flags[3].data();
  const unsigned threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    evaluate_grid(g, c, threads);
    benchmark::DoNotOptimize(numbers[0].data());
  }
  state.counters["configs_per_s"] =
      benchmark::Counter(static_cast<double>(n * state.iterations()), benchmark::Counter::kIsRate);
}
// Arg: threads (0 = one per core).
BENCHMARK(BM_SingleNodeGrid)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

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

