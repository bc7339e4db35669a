// `mlsysim walls [WALL] [--domain D]`: the 22 walls of 0.3.0's taxonomy, each with the solver
// that resolves it and the result field that measures it (src/api/walls.hpp).
#include <fmt/format.h>

#include <iostream>

#include "api/walls.hpp"
#include "commands.hpp"
#include "core/errors.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"

namespace mlsysim::cli {

namespace {

nlohmann::ordered_json wall_json(const api::Wall& w) {
  return {{"number", w.number},         {"name", w.name},         {"domain", w.domain},
          {"solver", w.solver},         {"metric", w.metric},     {"constraint", w.constraint},
          {"equation", w.equation},     {"sources", w.sources}};
}

int run_walls(const std::string& which, const std::string& domain, const Shared& shared) {
  const auto& domains = api::wall_domains();
  if (!domain.empty() && std::find(domains.begin(), domains.end(), domain) == domains.end())
    throw InputError("unknown domain " + in_quotes(domain, 40) + did_you_mean(domain, domains) +
                     " (accepted: " + join_names(domains) + ")");
  std::vector<const api::Wall*> shown;
  if (!which.empty()) shown.push_back(&api::find_wall(which));
  else
    for (const auto& w : api::walls())
      if (domain.empty() || w.domain == domain) shown.push_back(&w);
  if (shared.output == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto* w : shown) j.push_back(wall_json(*w));
    print_json(which.empty() ? j : j[0]);
    return kSuccess;
  }
  if (!which.empty()) {
    const api::Wall& w = *shown[0];
    std::cout << fmt::format("Wall {}: {}  ({} domain)\n  {}\n  equation  {}\n  solver    {} (measured by {})\n", w.number,
                             w.name, w.domain, w.constraint, w.equation, w.solver, w.metric);
    for (const auto& s : w.sources) std::cout << "  source    " << s << "\n";
    return kSuccess;
  }
  std::string current;
  for (const auto* w : shown) {
    if (w->domain != current) {
      current = w->domain;
      std::cout << (w == shown.front() ? "" : "\n") << "Domain: " << current << "\n";
    }
    std::cout << fmt::format("  Wall {:>2}  {:<15} {:<28} {}\n", w->number, w->name, w->solver, w->metric);
  }
  std::cout << "\n'mlsysim walls N' shows one wall's constraint, equation and sources.\n";
  return kSuccess;
}

}  // namespace

Command add_walls(CLI::App& app) {
  auto which = std::make_shared<std::string>();
  auto domain = std::make_shared<std::string>();
  auto* walls = app.add_subcommand("walls", "The 22 ML-systems walls: number, name, domain, solver, metric");
  walls->add_option("wall", *which, "One wall, by number (1-22) or name, with its equation and sources");
  walls->add_option("--domain", *domain, "Only this domain: node, data, algorithm, fleet, operations, analysis");
  return {walls, [which, domain](const Shared& shared) { return run_walls(*which, *domain, shared); }};
}

}  // namespace mlsysim::cli
