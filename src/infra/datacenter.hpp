#pragma once
// Layer C: a facility on a grid. Its PUE is its own when it has one (a
// liquid-cooled campus), else the grid's typical facility PUE. A grid given
// where a datacenter is expected is a facility with no PUE of its own, as the
// reference treats it.
#include <optional>
#include <string>

#include "core/source.hpp"
#include "infra/grid_profile.hpp"

namespace mlsysim {

struct Datacenter {
  std::string key;   // "Quebec_Hydro"
  std::string path;  // "Infrastructure.Datacenters.Quebec_Hydro"
  std::string name;  // "Quebec Hydro Campus"
  const GridProfile* grid = nullptr;  // owned by the registry
  std::optional<double> pue_override;
  Source source;

  double pue() const { return pue_override ? *pue_override : grid->pue; }

  // The grid itself as a facility (key, path and name are the grid's).
  static Datacenter of_grid(const GridProfile& g) {
    Datacenter d;
    d.key = g.key;
    d.path = g.path;
    d.name = g.name;
    d.grid = &g;
    d.source = g.source;
    return d;
  }
};

}  // namespace mlsysim
