#include "core/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "core/printable.hpp"

namespace mlsysim {

namespace {

struct UnitDef {
  std::string_view symbol;
  double factor;  // to SI base
  Dimension dimension;
};

constexpr double kBit = 1.0 / 8.0;

// Spellings follow the reference's pint vocabulary (TFLOPs, GiB, Gbps, ...).
constexpr std::array kUnits = {
    UnitDef{"B", 1, Dimension::Bytes}, UnitDef{"byte", 1, Dimension::Bytes},
    UnitDef{"bytes", 1, Dimension::Bytes}, UnitDef{"KB", 1e3, Dimension::Bytes},
    UnitDef{"kB", 1e3, Dimension::Bytes}, UnitDef{"MB", 1e6, Dimension::Bytes},
    UnitDef{"GB", 1e9, Dimension::Bytes}, UnitDef{"TB", 1e12, Dimension::Bytes},
    UnitDef{"PB", 1e15, Dimension::Bytes}, UnitDef{"KiB", 1024.0, Dimension::Bytes},
    UnitDef{"MiB", 1048576.0, Dimension::Bytes}, UnitDef{"GiB", 1073741824.0, Dimension::Bytes},
    UnitDef{"TiB", 1099511627776.0, Dimension::Bytes}, UnitDef{"bit", kBit, Dimension::Bytes},
    UnitDef{"Kbit", 1e3 * kBit, Dimension::Bytes}, UnitDef{"Mbit", 1e6 * kBit, Dimension::Bytes},
    UnitDef{"Gbit", 1e9 * kBit, Dimension::Bytes}, UnitDef{"Tbit", 1e12 * kBit, Dimension::Bytes},
    UnitDef{"bps", kBit, Dimension::BytesPerSecond}, UnitDef{"Kbps", 1e3 * kBit, Dimension::BytesPerSecond},
    UnitDef{"Mbps", 1e6 * kBit, Dimension::BytesPerSecond},
    UnitDef{"Gbps", 1e9 * kBit, Dimension::BytesPerSecond},
    UnitDef{"Tbps", 1e12 * kBit, Dimension::BytesPerSecond},
    UnitDef{"flop", 1, Dimension::Flop}, UnitDef{"flops", 1, Dimension::Flop}, UnitDef{"FLOP", 1, Dimension::Flop},
    UnitDef{"FLOPs", 1, Dimension::Flop}, UnitDef{"KFLOP", 1e3, Dimension::Flop},
    UnitDef{"KFLOPs", 1e3, Dimension::Flop}, UnitDef{"MFLOP", 1e6, Dimension::Flop},
    UnitDef{"MFLOPs", 1e6, Dimension::Flop}, UnitDef{"GFLOP", 1e9, Dimension::Flop},
    UnitDef{"GFLOPs", 1e9, Dimension::Flop}, UnitDef{"TFLOP", 1e12, Dimension::Flop},
    UnitDef{"TFLOPs", 1e12, Dimension::Flop}, UnitDef{"PFLOP", 1e15, Dimension::Flop},
    UnitDef{"PFLOPs", 1e15, Dimension::Flop}, UnitDef{"EFLOP", 1e18, Dimension::Flop},
    UnitDef{"EFLOPs", 1e18, Dimension::Flop}, UnitDef{"ZFLOP", 1e21, Dimension::Flop},
    UnitDef{"ZFLOPs", 1e21, Dimension::Flop}, UnitDef{"OPS", 1, Dimension::FlopPerSecond},
    UnitDef{"KOPS", 1e3, Dimension::FlopPerSecond}, UnitDef{"MOPS", 1e6, Dimension::FlopPerSecond},
    UnitDef{"GOPS", 1e9, Dimension::FlopPerSecond}, UnitDef{"TOPS", 1e12, Dimension::FlopPerSecond},
    UnitDef{"POPS", 1e15, Dimension::FlopPerSecond}, UnitDef{"s", 1, Dimension::Seconds},
    UnitDef{"sec", 1, Dimension::Seconds}, UnitDef{"second", 1, Dimension::Seconds},
    UnitDef{"seconds", 1, Dimension::Seconds}, UnitDef{"ms", 1e-3, Dimension::Seconds},
    UnitDef{"us", 1e-6, Dimension::Seconds}, UnitDef{"\xC2\xB5s", 1e-6, Dimension::Seconds},
    UnitDef{"ns", 1e-9, Dimension::Seconds}, UnitDef{"min", 60, Dimension::Seconds},
    UnitDef{"h", 3600, Dimension::Seconds}, UnitDef{"hour", 3600, Dimension::Seconds},
    UnitDef{"hours", 3600, Dimension::Seconds}, UnitDef{"d", 86400, Dimension::Seconds},
    UnitDef{"day", 86400, Dimension::Seconds}, UnitDef{"days", 86400, Dimension::Seconds},
    UnitDef{"year", 31557600, Dimension::Seconds}, UnitDef{"W", 1, Dimension::Watts},
    UnitDef{"mW", 1e-3, Dimension::Watts}, UnitDef{"kW", 1e3, Dimension::Watts},
    UnitDef{"MW", 1e6, Dimension::Watts}, UnitDef{"GW", 1e9, Dimension::Watts},
    UnitDef{"J", 1, Dimension::Joules}, UnitDef{"kJ", 1e3, Dimension::Joules},
    UnitDef{"MJ", 1e6, Dimension::Joules}, UnitDef{"Wh", 3600, Dimension::Joules},
    UnitDef{"kWh", 3.6e6, Dimension::Joules}, UnitDef{"MWh", 3.6e9, Dimension::Joules},
    UnitDef{"GWh", 3.6e12, Dimension::Joules}, UnitDef{"USD", 1, Dimension::Usd},
    UnitDef{"dollar", 1, Dimension::Usd}, UnitDef{"$", 1, Dimension::Usd},
};

const UnitDef* find_unit(std::string_view symbol) {
  for (const auto& unit : kUnits)
    if (unit.symbol == symbol) return &unit;
  return nullptr;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "TB / s" -> "TB/s"
std::string compact(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t') out += c;
  return out;
}

}  // namespace

const char* dimension_name(Dimension dimension) {
  switch (dimension) {
    case Dimension::Dimensionless: return "number";
    case Dimension::Bytes: return "data size";
    case Dimension::BytesPerSecond: return "data rate";
    case Dimension::Flop: return "operation count";
    case Dimension::FlopPerSecond: return "compute rate";
    case Dimension::Seconds: return "time";
    case Dimension::Watts: return "power";
    case Dimension::Joules: return "energy";
    case Dimension::Usd: return "cost";
  }
  return "quantity";
}

const char* si_unit_name(Dimension dimension) {
  switch (dimension) {
    case Dimension::Dimensionless: return "";
    case Dimension::Bytes: return "byte";
    case Dimension::BytesPerSecond: return "byte/s";
    case Dimension::Flop: return "flop";
    case Dimension::FlopPerSecond: return "flop/s";
    case Dimension::Seconds: return "s";
    case Dimension::Watts: return "W";
    case Dimension::Joules: return "J";
    case Dimension::Usd: return "USD";
  }
  return "";
}

double scale_by_unit(double value, double factor) {
  const double inverse = 1 / factor;
  return factor < 1 && inverse == std::round(inverse) ? value / inverse : value * factor;
}

std::string accepted_units(Dimension dimension) {
  switch (dimension) {
    case Dimension::Dimensionless: return "a plain number";
    case Dimension::Bytes: return "B, KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, bit";
    case Dimension::BytesPerSecond: return "B/s, KB/s, MB/s, GB/s, TB/s, GiB/s, Gbps, Mbps, TB/h";
    case Dimension::Flop: return "FLOP (flop, flops), GFLOP, TFLOP, PFLOP, EFLOP, ZFLOP";
    case Dimension::FlopPerSecond: return "FLOP/s, GFLOP/s, TFLOP/s, PFLOP/s, TOPS";
    case Dimension::Seconds: return "s, ms, us, ns, min, h, day";
    case Dimension::Watts: return "W, mW, kW, MW";
    case Dimension::Joules: return "J, kJ, MJ, Wh, kWh, MWh";
    case Dimension::Usd: return "USD";
  }
  return "";
}

Quantity parse_quantity(std::string_view text) {
  std::string_view s = trim(text);
  if (s.empty()) throw InputError("empty value; expected a number, optionally with a unit like '2 GB/s'");
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  if (*begin == '+') ++begin;
  double number = 0;
  auto [ptr, ec] = std::from_chars(begin, end, number);
  if (ec != std::errc() || ptr == begin)
    throw InputError("malformed number " + in_quotes(text) +
                     "; expected a number, optionally with a unit like '2 GB/s'");
  if (!std::isfinite(number))
    throw InputError(in_quotes(text) + " is not a finite number");
  std::string unit = compact(std::string_view(ptr, static_cast<size_t>(end - ptr)));
  if (unit.empty()) return {number, Dimension::Dimensionless};

  // A rate is "<unit>/s" (or /sec, /second), or per hour ("19 TB/h": a vehicle fleet's logging rate).
  bool per_second = false;
  double seconds_per = 1;
  for (auto [suffix, seconds] : {std::pair<std::string_view, double>{"/s", 1}, {"/sec", 1}, {"/second", 1},
                                 {"/h", 3600}, {"/hour", 3600}}) {
    if (unit.size() > suffix.size() && unit.compare(unit.size() - suffix.size(), suffix.size(), suffix) == 0) {
      unit.resize(unit.size() - suffix.size());
      per_second = true;
      seconds_per = seconds;
      break;
    }
  }
  const UnitDef* def = find_unit(unit);
  Dimension dimension = def ? def->dimension : Dimension::Dimensionless;
  if (def && per_second) {
    if (dimension == Dimension::Bytes) dimension = Dimension::BytesPerSecond;
    else if (dimension == Dimension::Flop) dimension = Dimension::FlopPerSecond;
    else def = nullptr;
  }
  if (!def)
    throw InputError("unknown unit in " + in_quotes(text) +
                     "; accepted units: data B, KB, MB, GB, TB, KiB, MiB, GiB; rates GB/s, TB/s, TB/h, Gbps, "
                     "TFLOP/s, TOPS; time s, ms, us, ns, h; power W, kW; energy J, kWh");
  const double value = scale_by_unit(number, def->factor);
  return {seconds_per == 1 ? value : value / seconds_per, dimension};
}

double parse_quantity_as(std::string_view text, Dimension expected, std::string_view what) {
  Quantity q;
  try {
    q = parse_quantity(text);
  } catch (const InputError& e) {
    throw InputError(std::string(what) + ": " + e.what());
  }
  if (q.dimension == Dimension::Dimensionless || q.dimension == expected) return q.value;
  throw InputError(std::string(what) + ": " + in_quotes(text) + " is a " + dimension_name(q.dimension) +
                   ", expected a " + dimension_name(expected) + " (" + accepted_units(expected) + ")");
}

}  // namespace mlsysim
