#pragma once
// A result field named by dotted path ("node_profile.latency_s",
// "top_candidates.0.tp", "sensitivities.peak_flops"), resolved once against a
// solver's description and then read from many results without looking
// names up again: the objective and constraints of a design-space search, a
// plan's assertions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/solver_spec.hpp"

namespace mlsysim::api {

class ResultPath {
 public:
  // Resolves `path` in `spec`; each part is a key ("latency_s") or the reference's attribute
  // ("latency"). An unknown part is an InputError listing the numeric paths there are.
  ResultPath(const ResultSpec& spec, std::string_view path);

  // The number at the path in `result` (a flag is 0 or 1); nullopt when a nested result is None,
  // a list is shorter, or a map has no such key.
  std::optional<double> number(const void* result) const;

  const std::string& text() const { return text_; }
  // The leaf field (for its unit); nullptr inside a map.
  const OutputSpec* leaf() const { return steps_.empty() ? nullptr : steps_.back().output; }

 private:
  struct Step {
    const OutputSpec* output = nullptr;
    size_t index = 0;       // ResultList: the element
    std::string map_path;   // Map: the dotted rest inside the record
  };
  std::vector<Step> steps_;
  std::string text_;
};

// Every numeric path of a result description, lists as "<name>.0.<field>" (the first element).
std::vector<std::string> numeric_paths(const ResultSpec& spec);

}  // namespace mlsysim::api
