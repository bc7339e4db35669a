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

// One aligned "key  value" line per field (numbers through human.hpp);
// nested results indented below their key.
std::string render_text(const Record& record);

}  // namespace mlsysim::cli
