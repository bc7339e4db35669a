#include "api/walls.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

#include "core/errors.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"
#include "registry/embedded_data.hpp"

namespace mlsysim::api {

const std::vector<Wall>& walls() {
  static const std::vector<Wall> all = [] {
    std::vector<Wall> out;
    for (const auto& f : registry::embedded_files()) {
      if (f.path != "data/taxonomy/walls.json") continue;
      const nlohmann::json doc = nlohmann::json::parse(f.content);
      for (const auto& [number, w] : doc.at("entries").items()) {
        Wall wall;
        wall.number = std::stoi(number);
        wall.name = w.at("name").get<std::string>();
        wall.domain = w.at("domain").get<std::string>();
        wall.solver = w.at("solver").get<std::string>();
        wall.metric = w.at("metric").get<std::string>();
        wall.constraint = w.at("constraint").get<std::string>();
        wall.equation = w.at("equation").get<std::string>();
        wall.sources = w.at("sources").get<std::vector<std::string>>();
        out.push_back(std::move(wall));
      }
    }
    std::sort(out.begin(), out.end(), [](const Wall& a, const Wall& b) { return a.number < b.number; });
    return out;
  }();
  return all;
}

const std::vector<std::string>& wall_domains() {
  static const std::vector<std::string> domains = {"node", "data", "algorithm", "fleet", "operations", "analysis"};
  return domains;
}

const Wall& find_wall(std::string_view query) {
  int n = 0;
  auto [end, ec] = std::from_chars(query.data(), query.data() + query.size(), n);
  const bool numeric = ec == std::errc() && end == query.data() + query.size();
  std::vector<std::string> names;
  for (const Wall& w : walls()) {
    if (numeric ? w.number == n : to_lower(w.name) == to_lower(query)) return w;
    names.push_back(w.name);
  }
  throw InputError("unknown wall " + in_quotes(query, 60) + (numeric ? "" : did_you_mean(query, names)) +
                   " (walls 1-22: " + join_names(names) + ")");
}

}  // namespace mlsysim::api
