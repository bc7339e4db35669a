#include "api/result_path.hpp"

#include <charconv>

#include "core/errors.hpp"
#include "core/printable.hpp"
#include "core/split.hpp"
#include "core/suggest.hpp"

namespace mlsysim::api {

namespace {
bool numeric(OutputKind k) { return k == OutputKind::Number || k == OutputKind::Integer || k == OutputKind::Bool; }

void collect(const ResultSpec& spec, const std::string& prefix, std::vector<std::string>& out, int depth) {
  if (depth > 8) return;
  for (const OutputSpec& o : spec.outputs) {
    if (numeric(o.kind)) out.push_back(prefix + o.key);
    else if (o.kind == OutputKind::Result) collect(*o.nested, prefix + o.key + ".", out, depth + 1);
    else if (o.kind == OutputKind::ResultList) collect(*o.nested, prefix + o.key + ".0.", out, depth + 1);
  }
}

std::optional<double> as_number(const Value& v) {
  if (const double* d = v.get_if<double>()) return *d;
  if (const long long* i = v.get_if<long long>()) return static_cast<double>(*i);
  if (const bool* b = v.get_if<bool>()) return *b ? 1.0 : 0.0;
  return std::nullopt;
}
}  // namespace

std::vector<std::string> numeric_paths(const ResultSpec& spec) {
  std::vector<std::string> out;
  collect(spec, "", out, 0);
  return out;
}

ResultPath::ResultPath(const ResultSpec& spec, std::string_view path) : text_(path) {
  const auto fail = [&](const std::string& why) -> InputError {
    std::vector<std::string> paths = numeric_paths(spec);
    return InputError("result field " + in_quotes(path, 80) + ": " + why + did_you_mean(path, paths) +
                      " (numeric fields of " + spec.name + ": " + join_names(paths) + ")");
  };
  if (path.empty()) throw fail("empty");
  const std::vector<std::string_view> parts = split(path, '.');
  const ResultSpec* current = &spec;
  for (size_t p = 0; p < parts.size(); ++p) {
    if (!current) throw fail("a list index must follow a list");
    const OutputSpec* found = nullptr;
    for (const OutputSpec& o : current->outputs)
      if (o.key == parts[p] || o.attr == parts[p]) found = &o;
    if (!found) throw fail("no field " + in_quotes(parts[p], 60));
    Step step{found};
    switch (found->kind) {
      case OutputKind::Number:
      case OutputKind::Integer:
      case OutputKind::Bool:
        if (p + 1 != parts.size()) throw fail(in_quotes(parts[p]) + " is a number, with no fields below it");
        current = nullptr;
        break;
      case OutputKind::Result: current = found->nested; break;
      case OutputKind::ResultList: {
        if (p + 1 == parts.size()) throw fail(in_quotes(parts[p]) + " is a list; name an element and a field (" +
                                              std::string(parts[p]) + ".0.<field>)");
        const std::string_view idx = parts[++p];
        auto [end, ec] = std::from_chars(idx.data(), idx.data() + idx.size(), step.index);
        if (ec != std::errc() || end != idx.data() + idx.size()) throw fail("a list index is a whole number, got " + in_quotes(idx));
        current = found->nested;
        break;
      }
      case OutputKind::Map: {
        if (p + 1 == parts.size()) throw fail(in_quotes(parts[p]) + " is a map; name its entry");
        std::string rest;
        for (size_t q = p + 1; q < parts.size(); ++q) rest += (rest.empty() ? "" : ".") + std::string(parts[q]);
        step.map_path = rest;
        steps_.push_back(std::move(step));
        return;
      }
      default: throw fail(in_quotes(parts[p]) + " is not a number");
    }
    steps_.push_back(std::move(step));
  }
  if (current) throw fail("names a result, not a number; add one of its fields");
}

std::optional<double> ResultPath::number(const void* result) const {
  const void* at = result;
  for (const Step& s : steps_) {
    const OutputSpec& o = *s.output;
    switch (o.kind) {
      case OutputKind::Result:
        at = o.child(at);
        if (!at) return std::nullopt;
        break;
      case OutputKind::ResultList:
        if (s.index >= o.size(at)) return std::nullopt;
        at = o.item(at, s.index);
        break;
      case OutputKind::Map: {
        const Value v = o.value(at);
        const Record* r = v.get_if<Record>();
        const Value* leaf = r ? find_path(*r, s.map_path) : nullptr;
        return leaf ? as_number(*leaf) : std::nullopt;
      }
      default: return as_number(o.value(at));
    }
  }
  return std::nullopt;
}

}  // namespace mlsysim::api
