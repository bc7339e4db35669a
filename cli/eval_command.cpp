// `mlsysim eval MODEL HARDWARE`: the roofline of one model on one accelerator,
// explained; with comma-separated lists (`eval Llama3_8B H100,MI300X -b 1,8,64`)
// one comparison table. Runs SingleNodeModel through the generic door.
#include <fmt/format.h>

#include <iostream>

#include "api/door.hpp"
#include "api/text_source.hpp"
#include "commands.hpp"
#include "core/errors.hpp"
#include "core/printable.hpp"
#include "human.hpp"
#include "render.hpp"

namespace mlsysim::cli {

namespace {

struct EvalOptions {
  std::string model, hardware, precision = "fp16";
  std::string batch_size = "1", efficiency = "0.5", seq_len = "2048";
  bool training = false;
};

struct Point {
  std::string model, hardware, batch, precision;
};

struct Solved {
  Point point;
  Record record;
  const Workload* model;
  const HardwareNode* hardware;
  long long batch;
  std::string precision;
  double efficiency;
};

Solved solve_point(const EvalOptions& o, const Registry& reg, const Point& p) {
  const api::SolverSpec& spec = api::find_solver("SingleNodeModel");
  std::vector<std::string> args = {"model=" + p.model,         "hardware=" + p.hardware,
                                   "batch_size=" + p.batch,    "precision=" + p.precision,
                                   "efficiency=" + o.efficiency, "is_training=" + std::string(o.training ? "true" : "false"),
                                   "seq_len=" + o.seq_len};
  api::TextSource source(spec, args, reg, "eval");
  auto result = api::run_solver(spec, source);
  auto input = [&](const char* name) -> const api::InputSpec& {
    for (const auto& in : spec.inputs)
      if (in.name == name) return in;
    throw std::logic_error(std::string("SingleNodeModel has no input ") + name);
  };
  return Solved{p,
                api::to_record(*spec.result, result.get()),
                &reg.model(p.model),
                &reg.hardware(p.hardware),
                source.integer(input("batch_size")),
                precision_name(source.precision(input("precision"))),
                source.number(input("efficiency"))};
}

const Value& field(const Record& r, const std::string& key) {
  if (const Value* v = find_path(r, key)) return *v;
  throw std::logic_error("missing field " + key);
}
std::string show(const Record& r, const std::string& key) { return human_field(key, field(r, key)); }
double number(const Record& r, const std::string& key) { return *field(r, key).get_if<double>(); }

nlohmann::ordered_json point_json(const EvalOptions& o, const Solved& s) {
  nlohmann::ordered_json j = {{"model", s.model->key},     {"hardware", s.hardware->key},
                              {"batch_size", s.batch},     {"precision", s.precision},
                              {"efficiency", s.efficiency}, {"is_training", o.training}};
  const nlohmann::ordered_json fields = to_json(s.record);
  for (const auto& [k, v] : fields.items()) j[k] = v;
  return j;
}

// What "fits" means here, said plainly: inference counts the weights only.
std::string what_is_counted(bool training) {
  return training ? "weights, gradients, optimizer state and activations"
                  : "the weights only; activations and the KV cache are left out, ServingModel has those";
}

void print_one(const EvalOptions& o, const Solved& s) {
  const Record& r = s.record;
  const bool fits = *field(r, "feasible").get_if<bool>();
  const std::string capacity = human_capacity(s.hardware->memory.capacity_bytes);
  std::string bottleneck = *field(r, "bottleneck").get_if<std::string>();
  bottleneck[0] = static_cast<char>(std::toupper(bottleneck[0]));
  fmt::print("{} on {}  (batch {}, {}, efficiency {}, {})\n", s.model->name, s.hardware->name, s.batch, s.precision,
             human_number(s.efficiency), o.training ? "training" : "inference");
  if (fits) {
    fmt::print("  Fits in memory    yes: {} of {}\n                    (this counts {})\n",
               show(r, "memory_footprint_bytes"), capacity, what_is_counted(o.training));
  } else {
    fmt::print("  Fits in memory    NO: it needs {}, the {} has {}\n                    (this counts {}).\n",
               show(r, "memory_footprint_bytes"), s.hardware->name, capacity, what_is_counted(o.training));
    fmt::print("                    The numbers below assume the {} that does not fit is paged over the host link\n"
               "                    at {}, every step: a what-if, not a way to run it.\n",
               show(r, "offload_spill_bytes"), show(r, "offload_effective_bw_bytes_per_s"));
  }
  fmt::print("  Bottleneck        {} Bound\n", bottleneck);
  fmt::print("  Latency           {}  = max(compute {}, memory {}) + overhead {}\n", show(r, "latency_s"),
             show(r, "latency_compute_s"), show(r, "latency_memory_s"), show(r, "latency_overhead_s"));
  fmt::print("  Throughput        {}\n", show(r, "throughput_per_s"));
  fmt::print("  Intensity         {}\n", show(r, "arithmetic_intensity_flop_per_byte"));
  fmt::print("  MFU / HFU         {} / {}\n", human_number(number(r, "mfu")), human_number(number(r, "hfu")));
  if (s.hardware->tdp_w)
    fmt::print("  Energy            {}\n", show(r, "energy_j"));
  else
    fmt::print("  Energy            - (the registry lists no TDP for {})\n", s.hardware->name);
  fmt::print("  Compute used      {}\n", show(r, "peak_flops_actual_flop_per_s"));
  fmt::print("  Bandwidth used    {}\n", show(r, "peak_bw_actual_bytes_per_s"));
  for (const auto& line : *field(r, "constraint_trace").get_if<List>())
    fmt::print("  {}\n", human_text(*line.get_if<std::string>()));
  for (const auto& line : *field(r, "warnings").get_if<List>())
    fmt::print("  warning: {}\n", *line.get_if<std::string>());
}

void print_table(const std::vector<Solved>& rows, bool training) {
  std::vector<std::vector<std::string>> cells = {
      {"Model", "Hardware", "Batch", "Precision", "Fits", "Bottleneck", "Latency", "Throughput", "MFU", "Energy",
       "Memory needed"}};
  for (const Solved& s : rows) {
    const Record& r = s.record;
    const bool fits = *field(r, "feasible").get_if<bool>();
    cells.push_back({s.model->key, s.hardware->key, std::to_string(s.batch), s.precision, fits ? "yes" : "NO",
                     *field(r, "bottleneck").get_if<std::string>(), show(r, "latency_s"), show(r, "throughput_per_s"),
                     human_number(number(r, "mfu")), s.hardware->tdp_w ? show(r, "energy_j") : "-",
                     show(r, "memory_footprint_bytes")});
  }
  std::vector<size_t> width(cells[0].size());
  for (const auto& row : cells)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  for (size_t k = 0; k < cells.size(); ++k) {
    std::string line;
    for (size_t i = 0; i < cells[k].size(); ++i) line += fmt::format("{:<{}}  ", cells[k][i], width[i]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << "\n";
    if (k == 0) {
      std::string rule;
      for (size_t w : width) rule += std::string(w, '-') + "  ";
      while (!rule.empty() && rule.back() == ' ') rule.pop_back();
      std::cout << rule << "\n";
    }
  }
  bool any_oom = false;
  for (const Solved& s : rows) any_oom |= !*field(s.record, "feasible").get_if<bool>();
  if (any_oom)
    std::cout << "Fits = NO: the footprint exceeds device memory; those rows assume the overflow is paged over the host "
                 "link.\n";
  std::cout << "Memory needed counts " << what_is_counted(training) << ".\n";
}

int run_eval(const EvalOptions& o, const Shared& shared) {
  if (o.hardware.empty()) {
    if (is_plan_path(o.model)) return run_plan_eval(o.model, shared);
    throw InputError("eval needs MODEL HARDWARE (eval Llama3_8B H100) or a plan file (eval mlsys.yaml)");
  }
  if (shared.output == "markdown" || shared.output == "html")
    throw InputError("-o " + shared.output + " is for a plan's scorecard (eval PLAN.yaml); eval MODEL HARDWARE prints "
                     "text or json");
  Registry reg = load_registry(shared);
  std::vector<Point> points;
  for (const auto& m : split_list(o.model, "model"))
    for (const auto& h : split_list(o.hardware, "hardware"))
      for (const auto& b : split_list(o.batch_size, "batch_size"))
        for (const auto& p : split_list(o.precision, "precision")) points.push_back({m, h, b, p});
  if (points.size() > 100000) throw InputError("eval: more than 100,000 combinations; use mlsysim.sweep for grids");
  std::vector<Solved> solved;
  for (const auto& p : points) solved.push_back(solve_point(o, reg, p));
  if (shared.output == "json") {
    if (solved.size() == 1) {
      print_json(point_json(o, solved[0]));
    } else {
      nlohmann::ordered_json all = nlohmann::ordered_json::array();
      for (const auto& s : solved) all.push_back(point_json(o, s));
      print_json(all);
    }
    return kSuccess;
  }
  if (solved.size() == 1) print_one(o, solved[0]);
  else print_table(solved, o.training);
  return kSuccess;
}

}  // namespace

Command add_eval(CLI::App& app) {
  auto o = std::make_shared<EvalOptions>();
  auto* eval = app.add_subcommand(
      "eval", "Roofline of a model on an accelerator; comma-separated lists compare (eval Llama3_8B H100,MI300X -b 1,8); "
              "or a plan file's scorecard (eval mlsys.yaml; exit 3 when an assertion fails)");
  eval->add_option("model", o->model, "Model name(s), e.g. ResNet50 or Models.Language.Llama3_8B; or a plan file")->required();
  eval->add_option("hardware", o->hardware, "Hardware name(s), e.g. A100 or H100,MI300X");
  eval->add_option("-b,--batch-size", o->batch_size, "Batch size(s), >= 1, e.g. 1,8,64")->capture_default_str();
  eval->add_option("-p,--precision", o->precision, "Precision(s): " + accepted_precisions())->capture_default_str();
  eval->add_option("-e,--efficiency", o->efficiency, "Achieved fraction of peak compute, (0, 1]")->capture_default_str();
  eval->add_flag("--training", o->training, "Model a training step instead of inference");
  eval->add_option("--seq-len", o->seq_len, "Sequence length for training memory")->capture_default_str();
  return {eval, [o](const Shared& shared) { return run_eval(*o, shared); }};
}

}  // namespace mlsysim::cli
