#pragma once
// Layer C: the electricity grid a datacenter draws from.
#include <optional>
#include <string>
#include <vector>

#include "core/source.hpp"

namespace mlsysim {

struct GridProfile {
  std::string key;   // "Quebec"
  std::string path;  // "Infrastructure.Grids.Quebec"
  std::string name;  // "Quebec (Hydro)"
  double carbon_intensity_g_per_kwh = 0;
  double pue = 1.0;
  double wue_l_per_kwh = 0;  // water usage effectiveness
  std::string primary_source;
  std::optional<double> renewable_pct, lat, lon;
  Source source;
};

// Grids named in a list (PlacementOptimizer's regions). Front ends resolve the names in their
// registry into `grids`; a C++ caller may leave `grids` empty and have the solver resolve the
// names in the built-in registry.
struct GridList {
  std::vector<std::string> names;
  std::vector<const GridProfile*> grids;
};

}  // namespace mlsysim
