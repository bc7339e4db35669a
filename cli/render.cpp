#include "render.hpp"

#include <fmt/format.h>

#include <cmath>

namespace mlsysim::cli {

namespace {
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Scale {
  double factor;
  const char* unit;
  double from = 0;  // smallest magnitude shown in this unit (default: one unit)
};

std::string scaled(double v, std::initializer_list<Scale> scales) {
  // Largest unit whose threshold the value reaches (or the smallest unit).
  const Scale* pick = scales.begin();
  for (const Scale& s : scales)
    if (std::fabs(v) >= (s.from > 0 ? s.from : s.factor)) pick = &s;
  return human_number(v / pick->factor) + " " + pick->unit;
}
}  // namespace

std::string human_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0) return "0";
  double a = std::fabs(v);
  if (a >= 1e6 || a < 1e-3) return fmt::format("{:.4g}", v);
  if (a >= 100) return fmt::format("{:.1f}", v);
  return fmt::format("{:.4g}", v);
}

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
          out += fmt::format("{}  [{}] {}\n", indent, i, format_field_value(key, (*list)[i]));
        }
      }
    } else {
      out += fmt::format("{}{:<{}}  {}\n", indent, key, width, format_field_value(key, value));
    }
  }
}
}  // namespace

std::string format_field_value(const std::string& k, const Value& value) {
  if (value.is_none()) return "-";
  if (const bool* b = value.get_if<bool>()) return *b ? "yes" : "no";
  if (const long long* i = value.get_if<long long>()) return std::to_string(*i);
  if (const std::string* s = value.get_if<std::string>()) return *s;
  if (const List* list = value.get_if<List>()) {
    std::string out;
    for (const Value& line : *list) out += (out.empty() ? "" : "\n    ") + format_field_value(k, line);
    return out.empty() ? "-" : out;
  }
  const double* number = value.get_if<double>();
  if (!number) return "-";
  const double v = *number;
  if (ends_with(k, "_flop_per_byte")) return human_number(v) + " FLOP/B";
  if (ends_with(k, "_flop_per_s")) return scaled(v, {{1, "FLOP/s"}, {1e9, "GFLOP/s"}, {1e12, "TFLOP/s"}, {1e15, "PFLOP/s"}});
  if (ends_with(k, "_bytes_per_s")) return scaled(v, {{1, "B/s"}, {1e6, "MB/s"}, {1e9, "GB/s"}, {1e12, "TB/s"}});
  if (ends_with(k, "_bytes")) return scaled(v, {{1, "B"}, {1e3, "KB"}, {1e6, "MB"}, {1e9, "GB"}, {1e12, "TB"}});
  if (ends_with(k, "_per_s")) return human_number(v) + " /s";
  if (ends_with(k, "_s")) return scaled(v, {{1e-9, "ns"}, {1e-6, "us"}, {1e-3, "ms", 1e-4}, {1, "s"}});
  if (ends_with(k, "_j")) return scaled(v, {{1e-6, "uJ"}, {1e-3, "mJ"}, {1, "J"}, {1e3, "kJ"}, {1e6, "MJ"}});
  if (ends_with(k, "_w")) return scaled(v, {{1e-3, "mW"}, {1, "W"}, {1e3, "kW"}, {1e6, "MW"}});
  return human_number(v);
}

std::string render_text(const Record& record) {
  std::string out;
  render_into(record, "", out);
  return out;
}

}  // namespace mlsysim::cli
