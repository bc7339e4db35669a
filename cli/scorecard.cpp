#include "scorecard.hpp"

#include <fmt/format.h>

#include <iostream>

#include "human.hpp"
#include "plan/plan.hpp"

namespace mlsysim::cli {

namespace {

nlohmann::ordered_json metric_json(const Metric& m) {
  switch (m.kind) {
    case MetricKind::Text: return m.text;
    case MetricKind::Flag: return m.value != 0;
    case MetricKind::None: return nullptr;
    default: return m.value;
  }
}

// 0.3.0's flat record: scenario, the three statuses, then every metric prefixed f_, p_, m_.
nlohmann::ordered_json evaluation_json(const SystemEvaluation& e) {
  nlohmann::ordered_json j = {{"scenario", e.scenario_name},
                              {"f_status", e.feasibility.status},
                              {"p_status", e.performance.status},
                              {"m_status", e.macro.status}};
  for (const auto& [prefix, level] : {std::pair<const char*, const EvaluationLevel*>{"f_", &e.feasibility},
                                      {"p_", &e.performance}, {"m_", &e.macro}})
    for (const Metric& m : level->metrics) j[prefix + m.key] = metric_json(m);
  return j;
}

// Through the one formatter, by the SI key the metric's unit stands for.
std::string metric_text(const Metric& m) {
  if (m.kind == MetricKind::Text) return m.text;
  if (m.kind == MetricKind::Flag) return m.value != 0 ? "yes" : "no";
  if (m.kind == MetricKind::None) return "not set";
  if (m.unit == "ms") return human_field("x_s", Value(m.value / 1e3));
  if (m.unit == "GB") return human_field("x_bytes", Value(m.value * 1e9));
  if (m.unit == "B") return human_field("x_bytes", Value(m.value));
  if (m.unit == "W") return human_field("x_w", Value(m.value));
  if (m.unit == "USD") return human_field("x_usd", Value(m.value));
  if (m.unit == "1/s") return human_field("x_per_s", Value(m.value));
  if (m.unit == "t") return human_field("x_kg", Value(m.value * 1e3));
  if (m.unit == "kg") return human_field("x_kg", Value(m.value));
  if (m.unit == "h") return human_field("x_s", Value(m.value * 3600));
  return human_number(m.value);
}

std::string wall_value(const WallReading& w) {
  return w.value ? metric_text({w.metric, *w.value, w.unit}) : w.text;
}

std::string html_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Markdown text: a pipe would end a table cell, and a renderer that passes HTML through would run
// a name's markup.
std::string md_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

// The document's tables as rows, written once and rendered as markdown or html.
struct Table {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::vector<Table> tables(const SystemEvaluation& e, const std::vector<std::string>& violations) {
  Table levels{"Levels", {"Level", "Status", "Summary"}, {}};
  int n = 1;
  for (const auto* l : {&e.feasibility, &e.performance, &e.macro})
    levels.rows.push_back({fmt::format("{}. {}", n++, l->level_name), l->status, l->summary});
  Table metrics{"Metrics", {"Metric", "Value"}, {}};
  for (const auto& [path, m] : metric_paths(e)) metrics.rows.push_back({path, metric_text(*m)});
  std::vector<Table> out = {levels, metrics};
  if (!e.walls.empty()) {
    Table walls{"Walls that apply", {"Wall", "Name", "Solver", "Metric", "Value"}, {}};
    for (const WallReading& w : e.walls)
      walls.rows.push_back({std::to_string(w.number), w.name, w.solver, w.metric, wall_value(w)});
    out.push_back(walls);
  }
  if (!e.notes.empty()) {
    Table notes{"Notes", {"Note"}, {}};
    for (const std::string& s : e.notes) notes.rows.push_back({s});
    out.push_back(notes);
  }
  if (!violations.empty()) {
    Table failed{"Failed assertions", {"Assertion"}, {}};
    for (const std::string& v : violations) failed.rows.push_back({v});
    out.push_back(failed);
  }
  return out;
}

void print_markdown(const SystemEvaluation& e, const std::vector<std::string>& violations) {
  std::cout << "# MLSys·im system evaluation: " << md_cell(e.scenario_name) << "\n";
  for (const Table& t : tables(e, violations)) {
    std::cout << "\n## " << t.title << "\n\n|";
    for (const auto& h : t.header) std::cout << " " << h << " |";
    std::cout << "\n|";
    for (size_t i = 0; i < t.header.size(); ++i) std::cout << "---|";
    std::cout << "\n";
    for (const auto& row : t.rows) {
      std::cout << "|";
      for (const auto& cell : row) std::cout << " " << md_cell(cell) << " |";
      std::cout << "\n";
    }
  }
}

void print_html(const SystemEvaluation& e, const std::vector<std::string>& violations) {
  const std::string title = html_escaped("MLSys·im system evaluation: " + e.scenario_name);
  std::cout << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << title
            << "</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
               "table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:.3em .6em;"
               "text-align:left}.PASS{color:#176b2c}.FAIL{color:#b00020;font-weight:bold}</style>\n</head>\n<body>\n"
            << "<h1>" << title << "</h1>\n";
  for (const Table& t : tables(e, violations)) {
    std::cout << "<h2>" << html_escaped(t.title) << "</h2>\n<table>\n<tr>";
    for (const auto& h : t.header) std::cout << "<th>" << html_escaped(h) << "</th>";
    std::cout << "</tr>\n";
    for (const auto& row : t.rows) {
      std::cout << "<tr>";
      for (const auto& cell : row) {
        const bool status = cell == "PASS" || cell == "FAIL";
        std::cout << (status ? "<td class=\"" + cell + "\">" : std::string("<td>")) << html_escaped(cell) << "</td>";
      }
      std::cout << "</tr>\n";
    }
    std::cout << "</table>\n";
  }
  std::cout << "</body>\n</html>\n";
}

}  // namespace

void print_scorecard(const SystemEvaluation& e, const std::vector<std::string>& violations, bool failed,
                     const Shared& shared) {
  if (shared.output == "json") {
    nlohmann::ordered_json j = evaluation_json(e);
    j["walls"] = nlohmann::ordered_json::array();
    for (const WallReading& w : e.walls)
      j["walls"].push_back({{"number", w.number}, {"name", w.name}, {"solver", w.solver}, {"metric", w.metric},
                            {"value", w.value ? nlohmann::ordered_json(*w.value) : nlohmann::ordered_json(w.text)},
                            {"unit", w.unit}});
    j["notes"] = e.notes;
    j["status"] = failed ? "sla_failed" : "passed";
    j["violations"] = violations;
    print_json(j);
  } else if (shared.output == "markdown") {
    print_markdown(e, violations);
  } else if (shared.output == "html") {
    print_html(e, violations);
  } else {
    std::cout << e.scorecard() << "\n";
    for (const auto& [path_text, m] : metric_paths(e))
      std::cout << fmt::format("  {:<32} {}\n", path_text, metric_text(*m));
    if (!e.walls.empty()) std::cout << "Walls that apply:\n";
    for (const WallReading& w : e.walls)
      std::cout << fmt::format("  Wall {:>2}  {:<15} {:<20} {:<24} {}\n", w.number, w.name, w.solver, w.metric,
                               wall_value(w));
    for (const auto& v : violations) std::cerr << "FAIL: " << v << "\n";
  }
}

}  // namespace mlsysim::cli
