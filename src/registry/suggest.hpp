#pragma once
// "Did you mean": the closest registry names to a miss.
#include <string>
#include <string_view>
#include <vector>

namespace mlsysim {

std::string to_lower(std::string_view s);

// Up to `limit` candidates ordered by closeness (case-insensitive edit
// distance, substring matches first); only reasonably close ones.
std::vector<std::string> closest_names(std::string_view query, const std::vector<std::string>& candidates,
                                       size_t limit = 3);

// "; did you mean 'X'?" for the closest candidate, or "" when none is close.
std::string did_you_mean(std::string_view query, const std::vector<std::string>& candidates);

// "a, b, c": a list of accepted names for a message.
std::string join_names(const std::vector<std::string>& names);

}  // namespace mlsysim
