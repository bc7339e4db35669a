#pragma once
// Turns registry JSON/YAML text into typed entries (data/README.md has the schema).
#include <string>
#include <string_view>
#include <vector>

#include "registry/embedded_data.hpp"
#include "registry/registry.hpp"

namespace mlsysim::registry {

// Loads the built-in files; an error here is a build defect, so it aborts loudly.
void load_embedded(Registry& registry, const std::vector<EmbeddedFile>& files);

// Loads one user file. Accepts either the data-file form
// {"namespace": "Hardware.Custom", "entries": {...}} or sections
// {"hardware": {...}, "models": {...}, "grids": {...}, "fabrics": {...},
//  "nodes": {...}, "clusters": {...}}.
void load_user_text(Registry& registry, std::string_view text, const std::string& origin, bool yaml);

}  // namespace mlsysim::registry
