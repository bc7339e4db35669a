#pragma once
// Turns solver records into the CLI's text and JSON output.
#include <nlohmann/json.hpp>
#include <string>

#include "api/record.hpp"

namespace mlsysim::cli {

nlohmann::ordered_json to_json(const Record& record);

// Human units chosen from the key's SI suffix (_s -> ms, _bytes -> GB, ...).
std::string format_field_value(const Field& field);
std::string render_text(const Record& record);

// Engineering-style number: 3 significant decimals, thousands kept readable.
std::string human_number(double value);

}  // namespace mlsysim::cli
