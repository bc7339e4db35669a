#include "render.hpp"

#include <fmt/format.h>

#include <cmath>

#include "human.hpp"

namespace mlsysim::cli {

nlohmann::ordered_json to_json(const Value& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::ordered_json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
          return std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
        } else if constexpr (std::is_same_v<T, List>) {
          nlohmann::ordered_json out = nlohmann::ordered_json::array();
          for (const Value& item : v) out.push_back(to_json(item));
          return out;
        } else if constexpr (std::is_same_v<T, Record>) {
          return to_json(v);
        } else {
          return v;
        }
      },
      value.data);
}

nlohmann::ordered_json to_json(const Record& record) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, value] : record) out[key] = to_json(value);
  return out;
}

namespace {
bool is_text_list(const List& list) {
  for (const Value& item : list)
    if (!item.get_if<std::string>()) return false;
  return true;
}

void render_into(const Record& record, const std::string& indent, std::string& out) {
  size_t width = 0;
  for (const auto& [key, value] : record) width = std::max(width, key.size());
  for (const auto& [key, value] : record) {
    if (const Record* nested = value.get_if<Record>()) {
      out += fmt::format("{}{}\n", indent, key);
      render_into(*nested, indent + "  ", out);
    } else if (const List* list = value.get_if<List>(); list && !is_text_list(*list)) {
      out += fmt::format("{}{}\n", indent, key);
      for (size_t i = 0; i < list->size(); ++i) {
        if (const Record* item = (*list)[i].get_if<Record>()) {
          out += fmt::format("{}  [{}]\n", indent, i);
          render_into(*item, indent + "    ", out);
        } else {
          out += fmt::format("{}  [{}] {}\n", indent, i, human_field(key, (*list)[i]));
        }
      }
    } else {
      out += fmt::format("{}{:<{}}  {}\n", indent, key, width, human_field(key, value));
    }
  }
}
}  // namespace

std::string render_text(const Record& record) {
  std::string out;
  render_into(record, "", out);
  return out;
}

}  // namespace mlsysim::cli
