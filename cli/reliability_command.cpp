// `mlsysim reliability CLUSTER --job-hours H`: how often a job on the cluster
// fails, how often to checkpoint, and the goodput left (ReliabilityModel);
// `train --job-hours` prints the same view with the model's checkpoint.
#include <fmt/format.h>

#include "api/door.hpp"
#include "api/text_source.hpp"
#include "commands.hpp"
#include "human.hpp"
#include "render.hpp"

namespace mlsysim::cli {

namespace {

struct ReliabilityOptions {
  std::string cluster, job_hours, checkpoint_s = "60", recovery_s = "300";
};

Record solve(const Registry& reg, const char* solver, std::vector<std::string> args, const char* command) {
  const api::SolverSpec& spec = api::find_solver(solver);
  api::TextSource source(spec, args, reg, command);
  return api::to_record(*spec.result, api::run_solver(spec, source).get());
}

double number(const Record& r, const char* key) { return *find_path(r, key)->get_if<double>(); }
std::string show(const Record& r, const char* key) { return human_field(key, *find_path(r, key)); }
std::string percent(double fraction) { return fmt::format("{:.1f}%", fraction * 100); }
// MTBFs in hours, as datasheets and the reference quote them.
std::string hours(const Record& r, const char* key) { return human_number(number(r, key) / 3600) + " h"; }

void print_reliability(const Record& r, const Fleet& fleet, double checkpoint_s, double recovery_s) {
  const Node& node = *fleet.node;
  fmt::print("  Node MTBF         {}  ({} accelerators at 50,000 h, {} NICs at 150,000 h, {})\n",
             hours(r, "node_mtbf_s"), node.accelerators_per_node, node.nics_per_node,
             node.series_psus() ? fmt::format("{} PSUs at 100,000 h", node.series_psus())
                                : std::string("redundant PSUs"));
  fmt::print("  Fleet MTBF        {}  (node MTBF / {} nodes)\n", hours(r, "fleet_mtbf_s"), fleet.count);
  fmt::print("  Expected failures {} over the job; P(at least one) {}\n", human_number(number(r, "expected_failures")),
             percent(number(r, "failure_probability")));
  const double interval = number(r, "optimal_checkpoint_interval_s");
  fmt::print("  Checkpoint every  {}  (Young: sqrt(2 x {} s write x MTBF))\n", show(r, "optimal_checkpoint_interval_s"),
             human_number(checkpoint_s));
  fmt::print("  Goodput           {}  (checkpoint writes {}, recovery {} of the time)\n",
             percent(number(r, "goodput_ratio")), percent(checkpoint_s / interval),
             percent(recovery_s / number(r, "fleet_mtbf_s")));
  for (const auto& line : *find_path(r, "warnings")->get_if<List>())
    fmt::print("  Warning: {}\n", *line.get_if<std::string>());
}

int run_reliability(const ReliabilityOptions& o, const Shared& shared) {
  Registry reg = load_registry(shared);
  const Record r = solve(reg, "ReliabilityModel",
                         {"fleet=" + o.cluster, "job_duration_hours=" + o.job_hours,
                          "checkpoint_time_s=" + o.checkpoint_s, "avg_recovery_time_s=" + o.recovery_s},
                         "reliability");
  const Fleet& fleet = reg.cluster(o.cluster);
  if (shared.output == "json") {
    nlohmann::ordered_json j = {{"fleet", fleet.key}};
    const nlohmann::ordered_json fields = to_json(r);  // a named object: items() does not extend a temporary
    for (const auto& [k, v] : fields.items()) j[k] = v;
    print_json(j);
    return kSuccess;
  }
  fmt::print("Reliability of {}  ({} nodes x {} {}; a {} h job)\n", fleet.name, fleet.count,
             fleet.node->accelerators_per_node, fleet.node->accelerator->name, o.job_hours);
  print_reliability(r, fleet, parse_quantity_as(o.checkpoint_s, Dimension::Seconds, "checkpoint_s"),
                    parse_quantity_as(o.recovery_s, Dimension::Seconds, "recovery_s"));
  return kSuccess;
}

}  // namespace

// The job's failures and checkpoints: every node writes its shard of the model's
// checkpoint (CheckpointModel, n_writers = nodes), and that write time sets Young's interval.
JobReliability job_reliability(const Registry& reg, const std::string& cluster, const std::string& model,
                               const std::string& job_hours) {
  const Fleet& fleet = reg.cluster(cluster);
  JobReliability j;
  j.writers = fleet.count;
  j.checkpoint = solve(reg, "CheckpointModel",
                       {"model=" + model, "hardware=" + fleet.node->accelerator->key,
                        "n_writers=" + std::to_string(j.writers)},
                       "train");
  j.write_s = number(j.checkpoint, "write_time_s");
  j.reliability = solve(reg, "ReliabilityModel",
                        {"fleet=" + cluster, "job_duration_hours=" + job_hours,
                         "checkpoint_time_s=" + fmt::format("{}", j.write_s)},
                        "train");
  return j;
}

void print_job_reliability(const JobReliability& j, const Fleet& fleet, const std::string& job_hours) {
  fmt::print("  Over a {} h job:\n", job_hours);
  fmt::print("  Checkpoint        {}, written by {} nodes in {}\n", show(j.checkpoint, "checkpoint_size_bytes"),
             j.writers, show(j.checkpoint, "write_time_s"));
  print_reliability(j.reliability, fleet, j.write_s, 300);
}

Command add_reliability(CLI::App& app) {
  auto o = std::make_shared<ReliabilityOptions>();
  auto* cmd = app.add_subcommand("reliability",
                                 "Reliability of a cluster's job: MTBF, expected failures, checkpoint interval, goodput");
  cmd->add_option("cluster", o->cluster, "Cluster name (see 'mlsysim zoo clusters')")->required();
  cmd->add_option("--job-hours", o->job_hours, "Job length in hours (or with a unit: '30 days')")->required();
  cmd->add_option("--checkpoint-s", o->checkpoint_s, "Time to write one checkpoint, seconds")->capture_default_str();
  cmd->add_option("--recovery-s", o->recovery_s, "Time to recover from a failure, seconds")->capture_default_str();
  return {cmd, [o](const Shared& shared) { return run_reliability(*o, shared); }};
}

}  // namespace mlsysim::cli
