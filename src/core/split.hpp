#pragma once
// Text split on a separator, every piece kept (empty ones too, so callers can reject them), and
// trimmed of blanks.
#include <string_view>
#include <vector>

namespace mlsysim {

inline std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t at = text.find(sep, start);
    out.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

// Without leading and trailing `blanks`.
inline std::string_view trim(std::string_view s, std::string_view blanks = " \t") {
  const size_t a = s.find_first_not_of(blanks);
  if (a == std::string_view::npos) return {};
  return s.substr(a, s.find_last_not_of(blanks) - a + 1);
}

}  // namespace mlsysim
