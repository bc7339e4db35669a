#pragma once
// A user's registry file (YAML or JSON) read into a JSON tree, safely: the
// text must be UTF-8; nesting is capped; duplicate keys and a second YAML
// document are errors; YAML aliases are expanded within a budget and may not
// refer to themselves; a number too large for a double is an error naming its
// field. Reading is linear in the size of the file. Included only by the loader.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mlsysim::registry {

inline constexpr size_t kMaxNesting = 64;

// Throws InputError naming `origin`, the line, and the key path where it can.
nlohmann::ordered_json parse_user_document(std::string_view text, const std::string& origin, bool yaml);

}  // namespace mlsysim::registry
