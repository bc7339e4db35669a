#pragma once
// "Did you mean": the closest names to a miss (registry entries, solvers,
// parameters, fields), and the one phrase every message uses for them.
#include <string>
#include <string_view>
#include <vector>

namespace mlsysim {

std::string to_lower(std::string_view s);

// Up to `limit` candidates ordered by closeness (case-insensitive edit
// distance, substring matches first); only reasonably close ones.
std::vector<std::string> closest_names(std::string_view query, const std::vector<std::string>& candidates,
                                       size_t limit = 3);

// The one way messages suggest names: "; did you mean 'X'?" for the closest
// candidates ("'a', 'b' or 'c'" when `limit` > 1), or "" when none is close.
std::string did_you_mean(std::string_view query, const std::vector<std::string>& candidates, size_t limit = 1);

// The same phrase for suggestions already chosen.
std::string suggestion_phrase(const std::vector<std::string>& suggestions);

// "a, b, c": a list of accepted names for a message.
std::string join_names(const std::vector<std::string>& names);

}  // namespace mlsysim
