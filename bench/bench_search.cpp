// Speed of the design-space search (src/api/search.hpp): points per second over any solver's
// description, on every core. The Dask executor's overhead is bench/bench_search.py.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "api/door.hpp"
#include "api/text_search.hpp"
#include "registry/registry.hpp"

namespace {

using namespace mlsysim;

std::string all_hardware() {
  std::string out;
  for (const auto& h : Registry::builtin().hardware_entries().all()) out += (out.empty() ? "" : ",") + h->key;
  return out;
}

// SingleNodeModel: Llama-3-8B on every accelerator x batch 1..1024 x 7 precisions (372,736
// points, the columnar grid's benchmark), minimising latency under a throughput floor.
void BM_SearchSingleNode(benchmark::State& state) {
  const api::SolverSpec& spec = api::find_solver("SingleNodeModel");
  const api::SearchSpace space = api::text_search_space(
      spec, {"model=Llama3_8B", "hardware=" + all_hardware(), "batch_size=1:1024", "precision=fp32,tf32,bf16,fp16,fp8,int8,int4"},
      Registry::builtin());
  const api::Goal objective{api::ResultPath(*spec.result, "latency_s"), false}, none;
  const std::vector<api::Constraint> where = {api::parse_constraint(*spec.result, "throughput_per_s>100")};
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto cols = api::evaluate(space, objective, none, where, 0, space.size(), threads);
    benchmark::DoNotOptimize(cols.objective.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(space.size()));
}
BENCHMARK(BM_SearchSingleNode)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// DistributedModel: TP x PP x microbatches x ZeRO on Research_256 for Llama-3-8B, minimising
// the step time, with the Pareto front against memory.
void BM_SearchDistributed(benchmark::State& state) {
  const api::SolverSpec& spec = api::find_solver("DistributedModel");
  const api::SearchSpace space = api::text_search_space(
      spec, {"model=Llama3_8B", "fleet=Research_256", "batch_size=1024", "tp_size=1,2,4,8", "pp_size=1,2,4,8",
             "microbatch_count=1,2,4,8,16,32", "efficiency=0.3:0.6:31"},
      Registry::builtin());
  const api::Goal objective{api::ResultPath(*spec.result, "step_latency_total_s"), false};
  const api::Goal second{api::ResultPath(*spec.result, "scaling_efficiency"), true};
  for (auto _ : state) {
    auto cols = api::evaluate(space, objective, second, {}, 0, space.size(), 2);
    benchmark::DoNotOptimize(cols.objective.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(space.size()));
}
BENCHMARK(BM_SearchDistributed)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
