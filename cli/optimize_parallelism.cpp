// `mlsysim optimize parallelism MODEL CLUSTER --batch-size N [--full]`: the
// best TP x PP (x EP ...) split for training (ParallelismOptimizer).
#include <fmt/format.h>

#include <algorithm>

#include "api/door.hpp"
#include "api/text_source.hpp"
#include "commands.hpp"
#include "human.hpp"
#include "render.hpp"

namespace mlsysim::cli {

namespace {

struct ParallelismOptions {
  std::string model, cluster, batch_size, seq_len = "2048", precision = "fp16", efficiency = "0.5", max_tp, max_pp,
                                          top = "5";
  bool full = false, no_overlap = false, recompute = false;
};

std::string config_text(const Record& config) {
  std::string out;
  for (const auto& [k, v] : config) {
    if (!out.empty()) out += " ";
    if (const bool* b = v.get_if<bool>()) out += *b ? "recompute" : "";
    else out += k + "=" + std::to_string(*v.get_if<long long>());
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

int run_parallelism(const ParallelismOptions& o, const Shared& shared) {
  if (o.cluster.empty()) {
    if (!is_plan_path(o.model)) throw InputError("optimize parallelism needs MODEL CLUSTER -b BATCH, or a plan file (PLAN.yaml)");
    return run_plan_optimize("parallelism", o.model, {100.0, o.full, "", ""}, shared);
  }
  if (o.batch_size.empty()) throw InputError("--batch-size is required: optimize parallelism needs -b/--batch-size (the global batch)");
  Registry reg = load_registry(shared);
  const api::SolverSpec& spec = api::find_solver("ParallelismOptimizer");
  std::vector<std::string> args = {"model=" + o.model,
                                   "fleet=" + o.cluster,
                                   "batch_size=" + o.batch_size,
                                   "seq_len=" + o.seq_len,
                                   "precision=" + o.precision,
                                   "efficiency=" + o.efficiency,
                                   std::string("overlap_comm=") + (o.no_overlap ? "false" : "true"),
                                   std::string("activation_recomputation=") + (o.recompute ? "true" : "false"),
                                   std::string("search=") + (o.full ? "full" : "reference"),
                                   "top_n=" + o.top};
  if (!o.max_tp.empty()) args.push_back("max_tp=" + o.max_tp);
  if (!o.max_pp.empty()) args.push_back("max_pp=" + o.max_pp);
  api::TextSource source(spec, args, reg, "optimize parallelism");
  Record r = api::to_record(*spec.result, api::run_solver(spec, source).get());
  const Fleet& fleet = reg.cluster(o.cluster);
  if (shared.output == "json") {
    nlohmann::ordered_json j = {{"optimizer", spec.name}, {"model", reg.model(o.model).key}, {"fleet", fleet.key}};
    const nlohmann::ordered_json fields = to_json(r);  // a named object: items() does not extend a temporary
    for (const auto& [k, v] : fields.items()) j[k] = v;
    print_json(j);
    return kSuccess;
  }
  auto count = [&](const char* k) { return *find_path(r, k)->get_if<long long>(); };
  fmt::print("Parallelism for {} on {}  (batch {}, {} tokens, {}; {} search)\n", reg.model(o.model).name, fleet.name,
             o.batch_size, o.seq_len, o.precision, o.full ? "full" : "0.3.0's power-of-two TP x PP");
  fmt::print("  Best              {}\n", config_text(*find_path(r, "best_config")->get_if<Record>()));
  fmt::print("  Step time         {}\n", human_field("best_step_time_s", *find_path(r, "best_step_time_s")));
  fmt::print("  Throughput        {} samples/s\n", human_number(*find_path(r, "best_throughput_per_s")->get_if<double>()));
  fmt::print("  MFU               {}{}\n", human_number(*find_path(r, "best_mfu")->get_if<double>()),
             o.full ? "" : "  (scaling efficiency x efficiency, as 0.3.0 ranks)");
  if (o.full)
    fmt::print("  Searched          {} configurations, {} of them fit in memory\n"
               "                    (ZeRO costs no extra communication in this model: equal step times go to the\n"
               "                    least memory per GPU)\n",
               count("total_searched"), count("feasible_configurations"));
  else
    fmt::print("  Searched          {} feasible (tp, pp) splits\n", count("total_searched"));
  auto table = [&](const char* key, const char* title) {
    const List& rows = *find_path(r, key)->get_if<List>();
    if (rows.empty()) return;
    size_t width = 0;
    for (const Value& row : rows)
      width = std::max(width, config_text(*find_path(*row.get_if<Record>(), "config")->get_if<Record>()).size());
    fmt::print("{}\n", title);
    for (const Value& row : rows) {
      const Record& c = *row.get_if<Record>();
      fmt::print("  {:<{}}  {:>9}  MFU {:<7} {:>9} per GPU\n", config_text(*find_path(c, "config")->get_if<Record>()),
                 width, human_field("step_time_s", *find_path(c, "step_time_s")),
                 human_number(*find_path(c, "mfu")->get_if<double>()),
                 human_field("memory_per_gpu_bytes", *find_path(c, "memory_per_gpu_bytes")));
    }
  };
  table("top_candidates", "Top candidates:");
  if (o.full) table("pareto_front", "Pareto front (less memory per GPU, or a faster step):");
  return kSuccess;
}

}  // namespace

std::function<int(const Shared&)> add_optimize_parallelism(CLI::App& optimize) {
  auto o = std::make_shared<ParallelismOptions>();
  auto* cmd = optimize.add_subcommand("parallelism", "Best TP x PP (x EP, microbatches, ZeRO ...) split for training");
  cmd->add_option("model", o->model, "Model name, or a plan file (its model, fleet and batch)")->required();
  cmd->add_option("cluster", o->cluster, "Cluster name (see 'mlsysim zoo clusters'; not with a plan file)");
  cmd->add_option("-b,--batch-size", o->batch_size, "Global batch in samples");
  cmd->add_option("-s,--seq-len", o->seq_len, "Tokens per sample")->capture_default_str();
  cmd->add_option("-p,--precision", o->precision, "Precision")->capture_default_str();
  cmd->add_option("-e,--efficiency", o->efficiency, "Achieved fraction of peak compute")->capture_default_str();
  cmd->add_option("--max-tp", o->max_tp, "Largest tensor-parallel degree (default: the node size)");
  cmd->add_option("--max-pp", o->max_pp, "Largest pipeline degree");
  cmd->add_option("--top", o->top, "Candidates listed")->capture_default_str();
  cmd->add_flag("--full", o->full, "Search every TP, PP, EP, virtual stages, microbatches, ZeRO stage, recomputation");
  cmd->add_flag("--no-overlap", o->no_overlap, "Do not overlap the DP all-reduce with backward compute");
  cmd->add_flag("--recompute", o->recompute, "Recompute activations (the reference search; --full tries both)");
  return [o, cmd](const Shared& shared) { return cmd->parsed() ? run_parallelism(*o, shared) : -1; };
}

}  // namespace mlsysim::cli
