#include "human.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <vector>

namespace mlsysim::cli {

namespace {

struct Step {
  double threshold;  // the smallest magnitude shown in this unit
  const char* unit;
  double factor = 0;  // SI per unit; 0: the same as the threshold
};
using Ladder = std::vector<Step>;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "162", "2.25", "0.5676": four significant digits, trailing zeros dropped.
std::string digits(double v) { return fmt::format("{:.4g}", v); }

// The largest unit that keeps the magnitude at least 1 (the smallest unit below it).
std::string scaled(double v, const Ladder& ladder) {
  const Step* pick = &ladder.front();
  for (const Step& s : ladder)
    if (std::fabs(v) >= s.threshold) pick = &s;
  return digits(v / (pick->factor ? pick->factor : pick->threshold)) + " " + pick->unit;
}

const Ladder kDecimalBytes = {{1, "B"}, {1e3, "KB"}, {1e6, "MB"}, {1e9, "GB"}, {1e12, "TB"}, {1e15, "PB"}, {1e18, "EB"}};
const Ladder kBinaryBytes = {{1, "B"},           {1024.0, "KiB"},           {1048576.0, "MiB"},
                             {1073741824.0, "GiB"}, {1099511627776.0, "TiB"}, {1125899906842624.0, "PiB"}};
const Ladder kRates = {{1, "B/s"},      {1e3, "KB/s"},  {1e6, "MB/s"}, {1e9, "GB/s"},
                       {1e12, "TB/s"},  {1e15, "PB/s"}, {1e18, "EB/s"}};
const Ladder kFlops = {{1, "FLOP/s"},      {1e3, "KFLOP/s"},  {1e6, "MFLOP/s"}, {1e9, "GFLOP/s"},
                       {1e12, "TFLOP/s"},  {1e15, "PFLOP/s"}, {1e18, "EFLOP/s"}, {1e21, "ZFLOP/s"}};
const Ladder kFlop = {{1, "FLOP"},      {1e3, "KFLOP"},  {1e6, "MFLOP"}, {1e9, "GFLOP"},
                      {1e12, "TFLOP"},  {1e15, "PFLOP"}, {1e18, "EFLOP"}, {1e21, "ZFLOP"}};
// Latency reads in ms from 0.1 ms up (0.5676 ms, not 567.6 us).
const Ladder kSeconds = {{1e-9, "ns"}, {1e-6, "us"}, {1e-4, "ms", 1e-3}, {1, "s"}, {120, "min", 60}, {7200, "h", 3600}};
// A fleet's energy reads in kWh and up, as bills and grids count it.
const Ladder kJoules = {{1e-6, "uJ"}, {1e-3, "mJ"}, {1, "J"},          {1e3, "kJ"},
                        {3.6e6, "kWh"}, {3.6e9, "MWh"}, {3.6e12, "GWh"}, {3.6e15, "TWh"}};
const Ladder kWatts = {{1e-6, "uW"}, {1e-3, "mW"}, {1, "W"}, {1e3, "kW"}, {1e6, "MW"}, {1e9, "GW"}};
const Ladder kKg = {{1e-3, "g"}, {1, "kg"}, {1e3, "t"}, {1e6, "kt"}};
const Ladder kLiters = {{1e-3, "mL"}, {1, "L"}, {1e3, "kL"}, {1e6, "ML"}, {1e9, "GL"}};

// Times of a day or more read better in hours (then days).
std::string seconds(double v) {
  if (std::fabs(v) >= 2 * 86400) return digits(v / 86400) + " days";
  return scaled(v, kSeconds);
}

std::string dollars(double v) {
  const double a = std::fabs(v);
  if (a >= 1e9) return "$" + digits(v / 1e9) + "B";
  if (a >= 1e6) return "$" + digits(v / 1e6) + "M";
  if (a >= 1e4) return "$" + digits(v / 1e3) + "K";
  return "$" + fmt::format("{:.2f}", v);
}

std::string zero_or(double v, const char* base_unit, const std::string& otherwise) {
  return v == 0 ? std::string("0 ") + base_unit : otherwise;
}

std::string quantity(const std::string& k, double v) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (ends_with(k, "_flop_per_byte")) return human_number(v) + " FLOP/B";
  if (ends_with(k, "_flop_per_s")) return zero_or(v, "FLOP/s", scaled(v, kFlops));
  if (ends_with(k, "_bytes_per_s")) return zero_or(v, "B/s", scaled(v, kRates));
  if (ends_with(k, "_bytes")) return zero_or(v, "B", scaled(v, kDecimalBytes));
  if (ends_with(k, "_per_s")) {  // 1762 /s, 12346 /s, 2.5 M/s
    const double a = std::fabs(v);
    if (a >= 1e6) return digits(v / 1e6) + " M/s";
    return (a >= 1000 ? fmt::format("{:.0f}", v) : human_number(v)) + " /s";
  }
  if (ends_with(k, "_flop")) return zero_or(v, "FLOP", scaled(v, kFlop));
  if (ends_with(k, "_usd")) return dollars(v);
  if (ends_with(k, "_kg")) return zero_or(v, "kg", scaled(v, kKg));
  if (ends_with(k, "_s")) return zero_or(v, "s", seconds(v));
  if (ends_with(k, "_j")) return zero_or(v, "J", scaled(v, kJoules));
  if (ends_with(k, "_w")) return zero_or(v, "W", scaled(v, kWatts));
  if (ends_with(k, "_l")) return zero_or(v, "L", scaled(v, kLiters));
  return human_number(v);
}

}  // namespace

std::string human_capacity(double bytes) {
  const bool binary = bytes >= 1024 && std::fmod(bytes, 1024) == 0;
  return bytes == 0 ? "0 B" : scaled(bytes, binary ? kBinaryBytes : kDecimalBytes);
}

std::string human_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0) return "0";
  return digits(v);
}

std::string human_field(const std::string& key, const Value& value) {
  if (value.is_none()) return "-";
  if (const bool* b = value.get_if<bool>()) return *b ? "yes" : "no";
  if (const long long* i = value.get_if<long long>()) return std::to_string(*i);
  if (const std::string* s = value.get_if<std::string>()) return *s;
  if (const List* list = value.get_if<List>()) {
    std::string out;
    for (const Value& item : *list) {
      const std::string* line = item.get_if<std::string>();
      out += (out.empty() ? "" : "\n    ") + (line ? human_text(*line) : human_field(key, item));
    }
    return out.empty() ? "-" : out;
  }
  if (const double* d = value.get_if<double>()) return quantity(key, *d);
  return "-";
}

std::string human_text(std::string_view line) {
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    const bool starts_number = std::isdigit(static_cast<unsigned char>(line[i])) &&
                               (i == 0 || !(std::isalnum(static_cast<unsigned char>(line[i - 1])) || line[i - 1] == '_'));
    if (!starts_number) {
      out += line[i++];
      continue;
    }
    double v = 0;
    auto [end, ec] = std::from_chars(line.data() + i, line.data() + line.size(), v);
    const size_t n = static_cast<size_t>(end - (line.data() + i));
    const std::string_view token = line.substr(i, n);
    // Only numbers with float noise are rewritten: "2048" and "0.5" stay as they are.
    size_t significant = 0;
    for (char c : token) significant += std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (ec == std::errc() && significant > 6 && token.find_first_of(".eE") != std::string_view::npos)
      out += human_number(v);
    else
      out.append(token);
    i += n ? n : 1;
  }
  return out;
}

}  // namespace mlsysim::cli
