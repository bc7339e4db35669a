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

nlohmann::ordered_json to_json(const Record& record) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& f : record) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) out[f.key] = nullptr;
          else if constexpr (std::is_same_v<T, double>) out[f.key] = std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
          else out[f.key] = v;
        },
        f.value);
  }
  return out;
}

std::string format_field_value(const Field& f) {
  if (std::holds_alternative<std::monostate>(f.value)) return "-";
  if (const bool* b = std::get_if<bool>(&f.value)) return *b ? "yes" : "no";
  if (const long long* i = std::get_if<long long>(&f.value)) return std::to_string(*i);
  if (const std::string* s = std::get_if<std::string>(&f.value)) return *s;
  if (const auto* list = std::get_if<std::vector<std::string>>(&f.value)) {
    std::string out;
    for (const auto& line : *list) out += (out.empty() ? "" : "\n    ") + line;
    return out.empty() ? "-" : out;
  }
  double v = std::get<double>(f.value);
  const std::string& k = f.key;
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
  size_t width = 0;
  for (const auto& f : record) width = std::max(width, f.key.size());
  std::string out;
  for (const auto& f : record) out += fmt::format("{:<{}}  {}\n", f.key, width, format_field_value(f));
  return out;
}

}  // namespace mlsysim::cli
