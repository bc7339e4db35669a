// `mlsysim train MODEL CLUSTER`: one training step of a cluster
// (DistributedModel), its breakdown, and the memory each accelerator holds.
#include <fmt/format.h>


#include "api/door.hpp"
#include "api/text_source.hpp"
#include "commands.hpp"
#include "core/errors.hpp"
#include "human.hpp"
#include "render.hpp"

namespace mlsysim::cli {

namespace {

struct TrainOptions {
  std::string model, cluster, batch_size, seq_len = "2048", tp = "1", pp = "1", ep = "1", v_stages = "1",
                                          microbatches = "1", zero_stage = "0", precision = "fp16",
                                          efficiency = "0.5", topology, job_hours;
  bool recompute = false, overlap = false, lora = false;
};

const Value& field(const Record& r, const std::string& path) { return *find_path(r, path); }
double number(const Record& r, const std::string& path) { return *field(r, path).get_if<double>(); }
std::string show(const Record& r, const std::string& path) {
  const std::string key = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
  return human_field(key, field(r, path));
}
std::string percent(double fraction) { return fmt::format("{:.1f}%", fraction * 100); }

int run_train(const TrainOptions& o, const Shared& shared) {
  Registry reg = load_registry(shared);
  const api::SolverSpec& spec = api::find_solver("DistributedModel");
  std::vector<std::string> args = {
      "model=" + o.model,       "fleet=" + o.cluster,
      "seq_len=" + o.seq_len,   "tp_size=" + o.tp,             "pp_size=" + o.pp,
      "ep_size=" + o.ep,        "v_stages=" + o.v_stages,      "microbatch_count=" + o.microbatches,
      "zero_stage=" + o.zero_stage, "precision=" + o.precision, "efficiency=" + o.efficiency,
      std::string("activation_recomputation=") + (o.recompute ? "true" : "false"),
      std::string("overlap_comm=") + (o.overlap ? "true" : "false"),
      std::string("is_lora=") + (o.lora ? "true" : "false")};
  if (!o.topology.empty()) args.push_back("topology_override=" + o.topology);
  if (!o.batch_size.empty()) args.push_back("batch_size=" + o.batch_size);
  api::TextSource source(spec, args, reg, "train");
  Record r = api::to_record(*spec.result, api::run_solver(spec, source).get());
  const Workload& model = reg.model(o.model);
  const Fleet& fleet = reg.cluster(o.cluster);
  const Record& par = *field(r, "parallelism").get_if<Record>();
  auto degree = [&](const char* k) { return *find_path(par, k)->get_if<long long>(); };
  // Without --batch-size the solver takes one sample per microbatch per replica.
  const long long batch = o.batch_size.empty() ? degree("dp") * source.integer(spec.input("microbatch_count"))
                                               : source.integer(spec.input("batch_size"));
  if (shared.output == "json") {
    nlohmann::ordered_json j = {{"model", model.key}, {"fleet", fleet.key}, {"batch_size", batch}};
    const nlohmann::ordered_json fields = to_json(r);  // a named object: items() does not extend a temporary
    for (const auto& [k, v] : fields.items()) j[k] = v;
    if (!o.job_hours.empty()) {
      const JobReliability job = job_reliability(reg, o.cluster, o.model, o.job_hours);
      j["checkpoint"] = to_json(job.checkpoint);
      j["reliability"] = to_json(job.reliability);
    }
    print_json(j);
    return kSuccess;
  }

  const double step = number(r, "step_latency_total_s");
  fmt::print("Training {} on {}  ({} accelerators: DP {} x TP {} x PP {} x EP {}; batch {}, {} tokens, {})\n",
             model.name, fleet.name, fleet.total_accelerators(), degree("dp"), degree("tp"), degree("pp"), degree("ep"),
             batch, o.seq_len, o.precision);
  const bool fits = *field(r, "node_profile.feasible").get_if<bool>();
  const std::string need = show(r, "node_profile.memory_footprint_bytes");
  const std::string have = human_capacity(fleet.node->accelerator->memory.capacity_bytes);
  if (fits)
    fmt::print("  Memory per GPU    {} of {}: fits\n", need, have);
  else
    fmt::print("  Memory per GPU    NO: {} of {}. The step below assumes the state that does not fit\n"
               "                    is paged over the host link: a what-if, not a way to run it.\n",
               need, have);
  fmt::print("  Step time         {}\n", show(r, "step_latency_total_s"));
  auto part = [&](const char* label, const std::string& path) {
    const double s = number(r, path);
    if (s > 0 || std::string(label) == "Compute")
      fmt::print("    {:<16}{:>11}  {:>6}\n", label, show(r, path), step > 0 ? percent(s / step) : "");
  };
  part("Compute", "node_profile.latency_s");
  part("DP all-reduce", "dp_communication_latency_s");
  part("TP all-reduce", "tp_communication_latency_s");
  part("EP all-to-all", "ep_communication_latency_s");
  part("Pipeline bubble", "pipeline_bubble_latency_s");
  if (o.overlap) fmt::print("    (--overlap: 85% of the DP all-reduce hides behind backward compute)\n");
  fmt::print("  Bubble fraction   {}\n", percent(number(r, "bubble_fraction")));
  fmt::print("  Scaling eff.      {}  (replica step / cluster step)\n", percent(number(r, "scaling_efficiency")));
  fmt::print("  Throughput        {} samples/s ({} tokens/s)\n", human_number(number(r, "effective_throughput_per_s")),
             human_number(number(r, "effective_throughput_per_s") * std::stod(o.seq_len)));
  fmt::print("  Replica MFU       {}\n", human_number(number(r, "node_profile.mfu")));
  for (const auto& line : *field(r, "node_profile.constraint_trace").get_if<List>())
    fmt::print("  {}\n", human_text(*line.get_if<std::string>()));
  for (const auto& line : *field(r, "constraint_trace").get_if<List>())
    fmt::print("  {}\n", human_text(*line.get_if<std::string>()));
  if (!o.job_hours.empty()) print_job_reliability(job_reliability(reg, o.cluster, o.model, o.job_hours), fleet, o.job_hours);
  return kSuccess;
}

}  // namespace

Command add_train(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  auto* train = app.add_subcommand(
      "train", "Training step of a cluster: compute, DP/TP/EP communication, bubble, memory per GPU");
  train->add_option("model", o->model, "Model name, e.g. Llama3_70B")->required();
  train->add_option("cluster", o->cluster, "Cluster name, e.g. Frontier_8K (see 'mlsysim zoo clusters')")->required();
  train->add_option("-b,--batch-size", o->batch_size,
                    "Global batch in samples (default: one per microbatch per replica)");
  train->add_option("-s,--seq-len", o->seq_len, "Tokens per sample")->capture_default_str();
  train->add_option("--tp", o->tp, "Tensor-parallel degree")->capture_default_str();
  train->add_option("--pp", o->pp, "Pipeline-parallel degree")->capture_default_str();
  train->add_option("--ep", o->ep, "Expert-parallel degree (mixture-of-experts models)")->capture_default_str();
  train->add_option("--v-stages", o->v_stages, "Virtual pipeline stages per device")->capture_default_str();
  train->add_option("--microbatches", o->microbatches, "Pipeline microbatches per step")->capture_default_str();
  train->add_option("--zero-stage", o->zero_stage, "ZeRO stage 0-3")->capture_default_str();
  train->add_option("-p,--precision", o->precision, "Precision")->capture_default_str();
  train->add_option("-e,--efficiency", o->efficiency, "Achieved fraction of peak compute")->capture_default_str();
  train->add_option("--topology", o->topology, "Price inter-node links as fat_tree, dragonfly, torus_3d or ring");
  train->add_flag("--recompute", o->recompute, "Recompute activations (saves memory, costs a forward pass)");
  train->add_flag("--overlap", o->overlap, "Overlap the DP all-reduce with backward compute");
  train->add_flag("--lora", o->lora, "LoRA fine-tuning");
  train->add_option("--job-hours", o->job_hours,
                    "Also show the job's failures, checkpoint interval and goodput over this many hours");
  return {train, [o](const Shared& shared) { return run_train(*o, shared); }};
}

}  // namespace mlsysim::cli
