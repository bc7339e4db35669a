// Speed of the serving family. Inputs are resolved once; each iteration is one solve.
#include <benchmark/benchmark.h>

#include "registry/registry.hpp"
#include "solvers/batching_optimizer.hpp"
#include "solvers/compression.hpp"
#include "solvers/continuous_batching.hpp"
#include "solvers/decode_bound.hpp"
#include "solvers/inference_scaling.hpp"
#include "solvers/serving.hpp"
#include "solvers/serving_capacity.hpp"
#include "solvers/tail_latency.hpp"
#include "solvers/weight_streaming.hpp"

namespace {

using namespace mlsysim;

const Registry& reg() { return Registry::builtin(); }

// One ServingModel solve: Llama-2-7B on an H100, 2048 tokens, batch 1 (the
// configuration llm-analysis and 0.3.0 are timed on, bench/bench_peers.py).
void BM_ServingSolve(benchmark::State& state) {
  ServingInputs in;
  in.model = &reg().model("Llama2_7B");
  in.hardware = &reg().hardware("H100");
  in.seq_len = 2048;
  for (auto _ : state) {
    ServingResult r = solve_serving(in);
    benchmark::DoNotOptimize(r.ttft_s);
  }
}
BENCHMARK(BM_ServingSolve);

// The same with every feature on: disaggregated, speculative, cached prefix, chunked.
void BM_ServingSolveAllFeatures(benchmark::State& state) {
  ServingInputs in;
  in.model = &reg().model("Llama3_70B");
  in.hardware = &reg().hardware("H100");
  in.seq_len = 8192;
  in.batch_size = 8;
  in.decode_hardware = &reg().hardware("H200");
  in.draft_model = &reg().model("Llama3_8B");
  in.cached_prefix_len = 4096;
  in.prefill_chunk_tokens = 512;
  for (auto _ : state) {
    ServingResult r = solve_serving(in);
    benchmark::DoNotOptimize(r.itl_s);
  }
}
BENCHMARK(BM_ServingSolveAllFeatures);

void BM_ContinuousBatchingSolve(benchmark::State& state) {  // TS-01
  ContinuousBatchingInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  in.max_seq_len = 8192;
  in.mean_request_tokens = 2048;
  in.max_batch_size = 4096;
  for (auto _ : state) {
    ContinuousBatchingResult r = solve_continuous_batching(in);
    benchmark::DoNotOptimize(r.throughput_tokens_per_s);
  }
}
BENCHMARK(BM_ContinuousBatchingSolve);

// Erlang C over c servers is O(c): a pool of 8 and one of 1,000.
void BM_TailLatencySolve(benchmark::State& state) {
  TailLatencyInputs in;
  in.num_replicas = static_cast<int>(state.range(0));
  in.service_latency_s = 0.02;
  in.arrival_rate_qps = 0.8 * in.num_replicas / in.service_latency_s;
  for (auto _ : state) {
    TailLatencyResult r = solve_tail_latency(in);
    benchmark::DoNotOptimize(r.p99_latency_s);
  }
}
BENCHMARK(BM_TailLatencySolve)->Arg(8)->Arg(1000);

// Scans replica counts 1, 2, ... until the P99 target holds.
void BM_ServingCapacitySolve(benchmark::State& state) {
  ServingCapacityInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  in.qps = 200;
  in.target_p99_latency_s = 5;
  for (auto _ : state) {
    ServingCapacityResult r = solve_serving_capacity(in);
    benchmark::DoNotOptimize(r.required_replicas);
  }
}
BENCHMARK(BM_ServingCapacitySolve);

// Scans batch sizes 1..256 (a ServingModel and an M/M/c solve each).
void BM_BatchingOptimizerSolve(benchmark::State& state) {
  BatchingOptimizerInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  in.seq_len = 128;
  in.sla_latency_s = 5;
  in.arrival_rate_qps = 10;
  for (auto _ : state) {
    BatchingOptimizerResult r = solve_batching_optimizer(in);
    benchmark::DoNotOptimize(r.best_batch_size);
  }
}
BENCHMARK(BM_BatchingOptimizerSolve);

void BM_DecodeBoundSolve(benchmark::State& state) {
  DecodeBoundInputs in;
  in.model = &reg().model("Llama3_70B");
  in.hardware = &reg().hardware("H100");
  for (auto _ : state) {
    DecodeBoundResult r = solve_decode_bound(in);
    benchmark::DoNotOptimize(r.memory_time_s);
  }
}
BENCHMARK(BM_DecodeBoundSolve);

void BM_InferenceScalingSolve(benchmark::State& state) {
  InferenceScalingInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  for (auto _ : state) {
    InferenceScalingResult r = solve_inference_scaling(in);
    benchmark::DoNotOptimize(r.total_reasoning_time_s);
  }
}
BENCHMARK(BM_InferenceScalingSolve);

void BM_WeightStreamingSolve(benchmark::State& state) {  // T10-02
  WeightStreamingInputs in;
  in.model = &reg().model("GPT3");
  in.hardware = &reg().hardware("Cerebras_CS3");
  in.seq_len = 2048;
  for (auto _ : state) {
    WeightStreamingResult r = solve_weight_streaming(in);
    benchmark::DoNotOptimize(r.throughput_tokens_per_s);
  }
}
BENCHMARK(BM_WeightStreamingSolve);

void BM_CompressionSolve(benchmark::State& state) {
  CompressionInputs in;
  in.model = &reg().model("Llama3_8B");
  in.hardware = &reg().hardware("H100");
  in.target_bitwidth = 4;
  for (auto _ : state) {
    CompressionResult r = solve_compression(in);
    benchmark::DoNotOptimize(r.inference_speedup);
  }
}
BENCHMARK(BM_CompressionSolve);

}  // namespace
