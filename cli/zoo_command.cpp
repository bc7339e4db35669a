// `mlsysim zoo [CATEGORY]`: the registry as tables or JSON.
#include <iostream>

#include "commands.hpp"
#include "tables.hpp"

namespace mlsysim::cli {

Command add_zoo(CLI::App& app) {
  auto category = std::make_shared<std::string>();
  auto* zoo = app.add_subcommand("zoo", "List registry entries: hardware, models, grids (and datacenters), systems (fabrics, nodes, clusters)");
  zoo->add_option("category", *category, "hardware | models | grids | datacenters | systems | fabrics | nodes | clusters (default: all)");
  return {zoo, [category](const Shared& shared) {
            Registry reg = load_registry(shared);
            if (shared.output == "json") print_json(zoo_json(reg, *category));
            else std::cout << zoo_text(reg, *category);
            return static_cast<int>(kSuccess);
          }};
}

}  // namespace mlsysim::cli
