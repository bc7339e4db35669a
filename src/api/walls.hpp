#pragma once
// The 22 ML-systems walls, 0.3.0's taxonomy (engine/walls.py), as data:
// data/taxonomy/walls.json, generated from the reference by
// tools/import_reference_registry.py. Each wall has its number, name, domain,
// the solver that resolves it, the result field that measures it (ours), the
// constraint, its core equation and sources.
#include <string>
#include <string_view>
#include <vector>

namespace mlsysim::api {

struct Wall {
  int number = 0;
  std::string name;    // "Compute"
  std::string domain;  // node, data, algorithm, fleet, operations, analysis
  std::string solver;  // "SingleNodeModel"
  std::string metric;  // the solver's result key that measures it: "latency_compute_s"
  std::string constraint, equation;
  std::vector<std::string> sources;
};

// The 22, by number.
const std::vector<Wall>& walls();
// By number (1..22) or name (case-insensitive); InputError listing them otherwise.
const Wall& find_wall(std::string_view number_or_name);
// The six domains, in the taxonomy's order.
const std::vector<std::string>& wall_domains();

}  // namespace mlsysim::api
