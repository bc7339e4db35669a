// `mlsysim optimize batching MODEL HARDWARE --sla-ms N --qps Q`: the largest
// batch that meets a P99 SLA (BatchingOptimizer). `optimize parallelism` is
// in optimize_parallelism.cpp.
#include <fmt/format.h>

#include <iostream>

#include "api/door.hpp"
#include "api/text_source.hpp"
#include "commands.hpp"
#include "human.hpp"
#include "render.hpp"

namespace mlsysim::cli {

namespace {

struct BatchingOptions {
  std::string model, hardware, sla_ms, qps, seq_len = "128", replicas = "1", precision = "fp16", efficiency = "0.5",
                                                max_batch = "256";
};

int run_batching(const BatchingOptions& o, const Shared& shared) {
  if (o.hardware.empty()) {
    if (!is_plan_path(o.model)) throw InputError("optimize batching needs MODEL HARDWARE, or a plan file (PLAN.yaml)");
    return run_plan_optimize("batching", o.model, {100.0, false, o.sla_ms, o.qps}, shared);
  }
  Registry reg = load_registry(shared);
  const api::SolverSpec& spec = api::find_solver("BatchingOptimizer");
  api::TextSource source(spec,
                         {"model=" + o.model, "hardware=" + o.hardware, "seq_len=" + o.seq_len,
                          "sla_latency_ms=" + o.sla_ms, "arrival_rate_qps=" + o.qps, "num_replicas=" + o.replicas,
                          "precision=" + o.precision, "efficiency=" + o.efficiency, "max_search_batch=" + o.max_batch},
                         reg, "optimize batching");
  Record r = api::to_record(*spec.result, api::run_solver(spec, source).get());
  if (shared.output == "json") {
    nlohmann::ordered_json j = {{"optimizer", spec.name}, {"model", reg.model(o.model).key},
                                {"hardware", reg.hardware(o.hardware).key}};
    const nlohmann::ordered_json fields = to_json(r);
    for (const auto& [k, v] : fields.items()) j[k] = v;
    print_json(j);
    return kSuccess;
  }
  const Value& best = *find_path(r, "best_batch_size");
  fmt::print("Batching {} on {}  ({} tokens per request at {} QPS, P99 SLA {} ms, {} replica(s))\n",
             reg.model(o.model).name, reg.hardware(o.hardware).name, o.seq_len, o.qps, o.sla_ms, o.replicas);
  if (!*find_path(r, "is_feasible")->get_if<bool>()) {
    fmt::print("  No batch size from 1 to {} fits and meets the SLA: relax it, add replicas, or lower the QPS.\n",
               o.max_batch);
    return kSuccess;
  }
  fmt::print("  Best batch size   {}  (searched 1..{})\n", *best.get_if<long long>(), o.max_batch);
  fmt::print("  P99 latency       {}\n", human_field("p99_latency_s", *find_path(r, "p99_latency_s")));
  fmt::print("  SLO headroom      {} (P99 wait / 5x service time; above 1 violates)\n",
             human_number(*find_path(r, "slo_headroom_ratio")->get_if<double>()));
  fmt::print("  Token demand      {}  (QPS x tokens per request)\n",
             human_field("max_throughput_tokens_per_s", *find_path(r, "max_throughput_tokens_per_s")));
  return kSuccess;
}

}  // namespace

Command add_optimize(CLI::App& app) {
  auto* optimize = app.add_subcommand("optimize", "Inverse questions: the best configuration for a target");
  optimize->require_subcommand(1);
  auto o = std::make_shared<BatchingOptions>();
  auto* batching = optimize->add_subcommand("batching", "Largest batch size that meets a P99 SLA at a QPS");
  batching->add_option("model", o->model, "Transformer model name, or a plan file")->required();
  batching->add_option("hardware", o->hardware, "Hardware name (not with a plan file)");
  batching->add_option("--sla-ms", o->sla_ms, "P99 latency SLA in ms (or with a unit: '2 s')")->required();
  batching->add_option("--qps", o->qps, "Arrival rate, requests per second")->required();
  batching->add_option("-s,--seq-len", o->seq_len, "Tokens generated per request")->capture_default_str();
  batching->add_option("--replicas", o->replicas, "Serving replicas")->capture_default_str();
  batching->add_option("-p,--precision", o->precision, "Precision")->capture_default_str();
  batching->add_option("-e,--efficiency", o->efficiency, "Achieved fraction of peak compute")->capture_default_str();
  batching->add_option("--max-batch", o->max_batch, "Largest batch size tried")->capture_default_str();
  auto parallelism = add_optimize_parallelism(*optimize);
  auto plan = std::make_shared<std::string>();
  auto placement_options = std::make_shared<PlanOptimizeOptions>();
  auto* placement = optimize->add_subcommand("placement", "Grid region with the lowest TCO plus a carbon tax, for a plan's fleet");
  placement->add_option("plan", *plan, "Plan file (mlsys.yaml) with a fleet")->required();
  placement->add_option("--carbon-tax", placement_options->carbon_tax, "USD per tonne CO2e")->capture_default_str();
  return {optimize, [o, batching, parallelism, placement, plan, placement_options](const Shared& shared) {
            if (batching->parsed()) return run_batching(*o, shared);
            if (placement->parsed()) return run_plan_optimize("placement", *plan, *placement_options, shared);
            return parallelism(shared);
          }};
}

}  // namespace mlsysim::cli
