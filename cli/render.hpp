#pragma once
// Turns solver records into the CLI's text and JSON output.
#include <nlohmann/json.hpp>
#include <string>

#include "api/value.hpp"

namespace mlsysim::cli {

// SI numbers as they are; an infinity (an unstable queue) as the string "inf"
// or "-inf", since JSON has none; None as null.
nlohmann::ordered_json to_json(const Value& value);
nlohmann::ordered_json to_json(const Record& record);

// Human units chosen from the key's SI suffix (_s -> ms, _bytes -> GB, ...).
std::string format_field_value(const std::string& key, const Value& value);
// One aligned "key  value" line per field; nested results indented below their key.
std::string render_text(const Record& record);

// Engineering-style number: 3 significant decimals, thousands kept readable.
std::string human_number(double value);

}  // namespace mlsysim::cli
