// `mlsysim zoo [CATEGORY]`: the registry as tables or JSON.
#include <iostream>

#include "commands.hpp"
#include "tables.hpp"

namespace mlsysim::cli {

int run_zoo(const Options& o) {
  Registry reg = load_registry(o);
  if (o.output == "json") print_json(zoo_json(reg, o.category));
  else std::cout << zoo_text(reg, o.category);
  return kSuccess;
}

}  // namespace mlsysim::cli
