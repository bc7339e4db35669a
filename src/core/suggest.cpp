#include "core/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace mlsysim {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

namespace {
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Ignore separators so "llama3-8b" finds "Llama3_8B".
std::string squash(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::vector<std::string> closest_names(std::string_view query, const std::vector<std::string>& candidates,
                                       size_t limit) {
  const std::string q = squash(query);
  struct Scored {
    size_t score;
    std::string name;
  };
  std::vector<Scored> scored;
  for (const auto& name : candidates) {
    const std::string c = squash(name);
    size_t score;
    if (!q.empty() && (c.find(q) != std::string::npos || q.find(c) != std::string::npos))
      score = c.size() > q.size() ? c.size() - q.size() : q.size() - c.size();  // substring: cheap
    else
      score = edit_distance(q, c) + 2;
    size_t budget = std::max<size_t>(3, q.size() / 2) + 2;
    if (score <= budget) scored.push_back({score, name});
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.score < b.score; });
  std::vector<std::string> out;
  for (const auto& s : scored) {
    if (out.size() == limit) break;
    if (std::find(out.begin(), out.end(), s.name) == out.end()) out.push_back(s.name);
  }
  return out;
}

std::string suggestion_phrase(const std::vector<std::string>& suggestions) {
  if (suggestions.empty()) return "";
  std::string text = "; did you mean ";
  for (size_t i = 0; i < suggestions.size(); ++i) {
    if (i) text += i + 1 == suggestions.size() ? " or " : ", ";
    text += "'" + suggestions[i] + "'";
  }
  return text + "?";
}

std::string did_you_mean(std::string_view query, const std::vector<std::string>& candidates, size_t limit) {
  return suggestion_phrase(closest_names(query, candidates, limit));
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace mlsysim
