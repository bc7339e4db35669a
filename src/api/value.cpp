#include "api/value.hpp"

#include <charconv>

namespace mlsysim {

Value::Value(const std::vector<std::string>& lines) {
  List list;
  list.reserve(lines.size());
  for (const auto& line : lines) list.emplace_back(line);
  data = std::move(list);
}

namespace {

const Value* child(const Value& parent, std::string_view step) {
  if (const Record* record = parent.get_if<Record>()) {
    for (const auto& [key, value] : *record)
      if (key == step) return &value;
    return nullptr;
  }
  if (const List* list = parent.get_if<List>()) {
    size_t index = 0;
    auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
    if (ec != std::errc() || end != step.data() + step.size() || index >= list->size()) return nullptr;
    return &(*list)[index];
  }
  return nullptr;
}

void collect(const Value& value, const std::string& prefix, std::vector<std::string>& out) {
  if (const Record* record = value.get_if<Record>()) {
    for (const auto& [key, v] : *record) collect(v, prefix.empty() ? key : prefix + "." + key, out);
  } else if (const List* list = value.get_if<List>()) {
    for (size_t i = 0; i < list->size(); ++i) {
      const Value& item = (*list)[i];
      if (item.get_if<Record>()) collect(item, prefix + "." + std::to_string(i), out);
    }
  } else if (!prefix.empty()) {
    out.push_back(prefix);
  }
}

}  // namespace

const Value* find_path(const Record& record, std::string_view path) {
  const Value* at = nullptr;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string_view step = path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!at) {
      for (const auto& [key, value] : record)
        if (key == step) at = &value;
    } else {
      at = child(*at, step);
    }
    if (!at) return nullptr;
    if (dot == std::string_view::npos) return at;
    start = dot + 1;
  }
}

std::vector<std::string> leaf_paths(const Record& record) {
  std::vector<std::string> out;
  for (const auto& [key, value] : record) collect(value, key, out);
  return out;
}

}  // namespace mlsysim
