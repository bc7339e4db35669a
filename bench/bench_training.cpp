// Speed of the training family: one DistributedModel step, the reference and
// full ParallelismOptimizer searches, TrainingMemoryModel.
#include <benchmark/benchmark.h>

#include "registry/registry.hpp"
#include "solvers/distributed.hpp"
#include "solvers/parallelism_optimizer.hpp"
#include "solvers/training_memory.hpp"

namespace {

using namespace mlsysim;

const Registry& reg() { return Registry::builtin(); }

// TG-05: Llama-3-8B on Research_256, TP 8 x PP 4 x DP 8, 16 microbatches, ZeRO-1.
void BM_DistributedSolve(benchmark::State& state) {
  DistributedInputs in;
  in.model = &reg().model("Llama3_8B");
  in.fleet = &reg().cluster("Research_256");
  in.batch_size = 1024;
  in.efficiency = 0.45;
  in.tp_size = 8;
  in.pp_size = 4;
  in.microbatch_count = 16;
  in.zero_stage = 1;
  for (auto _ : state) {
    DistributedResult r = solve_distributed(in);
    benchmark::DoNotOptimize(r.step_latency_total_s);
  }
}
BENCHMARK(BM_DistributedSolve);

// GPT-3 175B on 1,024 A100s (the configuration Calculon is timed on, bench/bench_peers.py).
void BM_DistributedSolveGpt3(benchmark::State& state) {
  DistributedInputs in;
  in.model = &reg().model("GPT3");
  in.fleet = &reg().cluster("Training_1K_A100");
  in.batch_size = 1536;
  in.tp_size = 8;
  in.pp_size = 16;
  in.microbatch_count = 192;
  in.activation_recomputation = true;
  for (auto _ : state) {
    DistributedResult r = solve_distributed(in);
    benchmark::DoNotOptimize(r.step_latency_total_s);
  }
}
BENCHMARK(BM_DistributedSolveGpt3);

void BM_TrainingMemorySolve(benchmark::State& state) {  // TG-03
  TrainingMemoryInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  in.batch_size = 8;
  in.seq_len = 1024;
  for (auto _ : state) {
    TrainingMemoryResult r = solve_training_memory(in);
    benchmark::DoNotOptimize(r.total_memory_bytes);
  }
}
BENCHMARK(BM_TrainingMemorySolve);

// Llama-3-70B on Frontier_8K at batch 4096: 0.3.0's 23 power-of-two splits, then the full space.
void BM_ParallelismSearch(benchmark::State& state) {
  ParallelismInputs in;
  in.model = &reg().model("Llama3_70B");
  in.fleet = &reg().cluster("Frontier_8K");
  in.batch_size = 4096;
  in.search = state.range(0) ? ParallelismSearch::Full : ParallelismSearch::Reference;
  long long searched = 0;
  for (auto _ : state) {
    ParallelismResult r = solve_parallelism(in);
    searched += r.total_searched;
    benchmark::DoNotOptimize(r.best.step_time_s);
  }
  state.counters["configs_per_s"] = benchmark::Counter(static_cast<double>(searched), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParallelismSearch)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// A space of more than 100,000 configurations: DeepSeek-V3 on 100,000 H100s at batch 100,000,
// TP up to the whole cluster (every divisor TP, PP <= 61 layers, EP | 256 experts, v, m, ZeRO, recompute).
void BM_ParallelismSearchLarge(benchmark::State& state) {
  ParallelismInputs in;
  in.model = &reg().model("DeepSeek_V3");
  in.fleet = &reg().cluster("Mega_100K");
  in.batch_size = 100000;
  in.max_tp = 100000;
  in.search = ParallelismSearch::Full;
  long long searched = 0;
  for (auto _ : state) {
    ParallelismResult r = solve_parallelism(in);
    searched += r.total_searched;
    benchmark::DoNotOptimize(r.best.step_time_s);
  }
  state.counters["configs"] = static_cast<double>(searched) / static_cast<double>(state.iterations());
  state.counters["configs_per_s"] = benchmark::Counter(static_cast<double>(searched), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParallelismSearchLarge)->Unit(benchmark::kMillisecond);

}  // namespace
