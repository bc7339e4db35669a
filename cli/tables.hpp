#pragma once
// `mlsysim zoo`: the registry as readable tables or JSON.
#include <nlohmann/json.hpp>
#include <string>

#include "registry/registry.hpp"

namespace mlsysim::cli {

using Row = std::vector<std::string>;
// Columns padded to their widest cell, a rule under the header.
std::string text_table(const Row& header, const std::vector<Row>& rows);

// category: "hardware", "models", "grids", "systems", or "" for all.
std::string zoo_text(const Registry& reg, const std::string& category);
nlohmann::ordered_json zoo_json(const Registry& reg, const std::string& category);

}  // namespace mlsysim::cli
