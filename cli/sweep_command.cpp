// `mlsysim sweep SOLVER k=v1,v2 k2=lo:hi:n --minimize FIELD [--where 'FIELD<X'] [--pareto FIELD]
// [--csv FILE]`: a design-space search over any solver's inputs (src/api/search.hpp).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "api/door.hpp"
#include "api/text_search.hpp"
#include "commands.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"
#include "human.hpp"
#include "render.hpp"
#include "tables.hpp"

namespace mlsysim::cli {

namespace {

struct SweepOptions {
  std::string solver;
  std::vector<std::string> params;
  std::string minimize, maximize, pareto, pareto_maximize, csv;
  std::vector<std::string> where;
  size_t top = 10;
  int threads = 0;
  bool quiet = false;
};

std::string label_text(const Value& v) {
  if (const std::string* s = v.get_if<std::string>()) return *s;
  if (const long long* i = v.get_if<long long>()) return std::to_string(*i);
  if (const double* d = v.get_if<double>()) return python_repr(*d);
  return "?";
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number_text(double v) { return std::isnan(v) ? "" : python_repr(v); }

void show_progress(size_t done, size_t total) {
  const int width = 30;
  const int filled = total ? static_cast<int>(width * done / total) : width;
  std::fprintf(stderr, "\r[%s%s] %3d%%  %zu / %zu points", std::string(filled, '#').c_str(),
               std::string(width - filled, ' ').c_str(), total ? static_cast<int>(100 * done / total) : 100, done, total);
  if (done == total) std::fputc('\n', stderr);
  std::fflush(stderr);
}

int run_sweep(const SweepOptions& o, const Shared& shared) {
  if (o.solver.empty()) throw InputError("sweep needs a solver, e.g. 'mlsysim sweep SingleNodeModel model=Llama3_8B hardware=H100,A100 batch_size=1:64 --minimize latency_s'");
  const api::SolverSpec& spec = api::find_solver(o.solver);
  if (o.minimize.empty() == o.maximize.empty())
    throw InputError("sweep needs exactly one of --minimize FIELD or --maximize FIELD");
  if (!o.pareto.empty() && !o.pareto_maximize.empty())
    throw InputError("give one of --pareto FIELD (minimised) or --pareto-maximize FIELD");
  if (o.top == 0 || o.top > 100000) throw InputError("--top must be in [1, 100000]");
  Registry reg = load_registry(shared);
  const api::SearchSpace space = api::text_search_space(spec, o.params, reg);

  api::Goal objective{api::ResultPath(*spec.result, o.minimize.empty() ? o.maximize : o.minimize), !o.maximize.empty()};
  api::Goal second;
  if (!o.pareto.empty() || !o.pareto_maximize.empty())
    second = {api::ResultPath(*spec.result, o.pareto.empty() ? o.pareto_maximize : o.pareto), !o.pareto_maximize.empty()};
  std::vector<api::Constraint> where;
  for (const auto& w : o.where) where.push_back(api::parse_constraint(*spec.result, w));

  const size_t total = space.size();
  const bool progress = !o.quiet && isatty(STDERR_FILENO);
  const api::SearchColumns cols = api::evaluate(space, objective, second, where, 0, total, o.threads,
                                                progress ? show_progress : std::function<void(size_t, size_t)>{});
  const api::SearchSummary sum =
      api::summarize(cols, objective.maximize, second.path ? std::optional<bool>(second.maximize) : std::nullopt, o.top);

  const auto inputs_of = [&](size_t i) {
    Record r;
    const std::vector<size_t> c = space.coordinates(i);
    for (size_t k = 0; k < space.axes.size(); ++k) r.emplace_back(space.axes[k].input->name, space.axes[k].labels[c[k]]);
    return r;
  };
  const std::string& key = objective.path->text();
  const auto row_record = [&](size_t i) {
    Record r = inputs_of(i);
    r.emplace_back(key, cols.objective[i]);
    if (second.path) r.emplace_back(second.path->text(), cols.second[i]);
    return r;
  };
  Record best_result;
  if (sum.best) {
    std::shared_ptr<void> in = space.point_inputs(*sum.best);
    best_result = api::to_record(*spec.result, spec.solve(in.get()).get());
  }
  // The solver's warnings at the rows shown (a precision with no listed rate, ...), each once:
  // the grid's own millions of messages would say less than these.
  std::vector<std::string> shown_warnings;
  for (size_t i : sum.top) {
    std::shared_ptr<void> in = space.point_inputs(i);
    const Record r = api::to_record(*spec.result, spec.solve(in.get()).get());
    const Value* w = find_path(r, "warnings");
    const List* list = w ? w->get_if<List>() : nullptr;
    if (!list) continue;
    std::string at;
    for (const auto& [k, v] : inputs_of(i)) at += (at.empty() ? "" : " ") + k + "=" + label_text(v);
    for (const Value& item : *list)
      if (const std::string* text = item.get_if<std::string>()) {
        std::string line = at + ": " + *text;
        if (std::find(shown_warnings.begin(), shown_warnings.end(), line) == shown_warnings.end())
          shown_warnings.push_back(std::move(line));
      }
  }

  if (!o.csv.empty()) {
    std::ofstream f(o.csv);
    if (!f) throw InputError("--csv: cannot write " + in_quotes(o.csv, 200));
    for (const auto& a : space.axes) f << csv_cell(a.input->name) << ",";
    f << csv_cell(key) << (second.path ? "," + csv_cell(second.path->text()) : "") << ",status\n";
    static const char* kStatus[] = {"satisfies", "violates", "invalid"};
    for (size_t i = 0; i < total; ++i) {
      const std::vector<size_t> c = space.coordinates(i);
      for (size_t k = 0; k < space.axes.size(); ++k) f << csv_cell(label_text(space.axes[k].labels[c[k]])) << ",";
      f << number_text(cols.objective[i]);
      if (second.path) f << "," << number_text(cols.second[i]);
      f << "," << kStatus[cols.status[i]] << "\n";
    }
    if (!f) throw InputError("--csv: writing " + in_quotes(o.csv, 200) + " failed");
  }

  if (shared.output == "json") {
    nlohmann::ordered_json j = {{"solver", spec.name}, {"points", total}, {"satisfying", sum.satisfying},
                                {"invalid", sum.invalid}, {"objective", key},
                                {"maximize", objective.maximize}};
    j["best"] = sum.best ? nlohmann::ordered_json{{"inputs", to_json(inputs_of(*sum.best))}, {"result", to_json(best_result)}}
                         : nlohmann::ordered_json(nullptr);
    j["top"] = nlohmann::ordered_json::array();
    for (size_t i : sum.top) j["top"].push_back(to_json(row_record(i)));
    if (second.path) {
      j["pareto"] = nlohmann::ordered_json::array();
      for (size_t i : sum.pareto) j["pareto"].push_back(to_json(row_record(i)));
    }
    if (!cols.first_invalid.empty()) j["invalid_example"] = printable(cols.first_invalid[0], 300);
    j["warnings"] = shown_warnings;
    print_json(j);
    return kSuccess;
  }

  std::string shape;
  for (const auto& a : space.axes) shape += (shape.empty() ? "" : " x ") + a.input->name + " " + std::to_string(a.values.size());
  std::cout << fmt::format("{}: {} points{}; {} satisfy{}; {} invalid\n", spec.name, total,
                           shape.empty() ? "" : " (" + shape + ")", sum.satisfying,
                           o.where.empty() ? "" : " " + join_names(o.where), sum.invalid);
  if (!cols.first_invalid.empty()) std::cout << "  (an invalid point: " << printable(cols.first_invalid[0], 200) << ")\n";
  const auto table_of = [&](const std::vector<size_t>& rows) {
    Row header;
    for (const auto& a : space.axes) header.push_back(a.input->name);
    header.push_back(key);
    if (second.path) header.push_back(second.path->text());
    std::vector<Row> body;
    for (size_t i : rows) {
      Row r;
      for (const auto& [k, v] : inputs_of(i)) r.push_back(label_text(v));
      r.push_back(human_field(key, Value(cols.objective[i])));
      if (second.path) r.push_back(human_field(second.path->text(), Value(cols.second[i])));
      body.push_back(std::move(r));
    }
    return text_table(header, body);
  };
  if (!sum.best) {
    std::cout << "No point satisfies the constraints.\n";
    return kSuccess;
  }
  std::cout << fmt::format("\nBest {} by {} ({}):\n", sum.top.size(), key, objective.maximize ? "maximised" : "minimised")
            << table_of(sum.top);
  if (second.path)
    std::cout << fmt::format("\nPareto front of {} and {} ({} points):\n", key, second.path->text(), sum.pareto.size())
              << table_of(sum.pareto);
  std::string at;
  for (const auto& [k, v] : inputs_of(*sum.best)) at += " " + k + "=" + label_text(v);
  std::cout << "\nBest point:" << at << "\n" << render_text(best_result);
  for (const std::string& w : shown_warnings) std::cerr << "warning: " << w << "\n";
  return kSuccess;
}

}  // namespace

Command add_sweep(CLI::App& app) {
  auto o = std::make_shared<SweepOptions>();
  auto* sweep = app.add_subcommand(
      "sweep", "Search a design space: mlsysim sweep SOLVER k=v1,v2 k2=lo:hi:n --minimize FIELD [--where 'FIELD<X']");
  sweep->add_option("solver", o->solver, "Solver name, e.g. SingleNodeModel");
  sweep->add_option("params", o->params,
                    "name=value (fixed), name=v1,v2,... (an axis), name=lo:hi:n (n values from lo to hi; an integer "
                    "input may write lo:hi)");
  sweep->add_option("--minimize", o->minimize, "Result field to minimise, by dotted path (latency_s)");
  sweep->add_option("--maximize", o->maximize, "Result field to maximise (throughput_per_s)");
  sweep->add_option("--where", o->where, "Constraint on a result field, FIELD OP LIMIT with OP < <= > >= == != "
                                         "('latency_s<10 ms', 'feasible==1'); repeatable");
  sweep->add_option("--pareto", o->pareto, "A second objective, minimised: print the Pareto front of the two");
  sweep->add_option("--pareto-maximize", o->pareto_maximize, "A second objective, maximised");
  sweep->add_option("--top", o->top, "How many of the best points to print (default 10)");
  sweep->add_option("--csv", o->csv, "Write every point (inputs, objectives, status) to this CSV file");
  sweep->add_option("--threads", o->threads, "Threads (default: every core)");
  sweep->add_flag("--quiet", o->quiet, "No progress bar");
  return {sweep, [o](const Shared& shared) { return run_sweep(*o, shared); }};
}

}  // namespace mlsysim::cli
