#pragma once
// Parsing of quantities written with a unit ("80 GiB", "3.35 TB/s", "10 ms").
// Everything inside the engine is SI base units as double: bytes, seconds,
// FLOP, watts, joules, US dollars. Decimal KB/MB/GB = 1e3/1e6/1e9 B and binary
// KiB/MiB/GiB = 2^10/2^20/2^30 B are distinct; "Gbps" is 1e9 bit/s = 1.25e8 B/s.
#include <string>
#include <string_view>

namespace mlsysim {

enum class Dimension {
  Dimensionless,
  Bytes,
  BytesPerSecond,
  Flop,
  FlopPerSecond,
  Seconds,
  Watts,
  Joules,
  Usd,
};

// `value` in a unit of `factor` SI units, in SI: a sub-unit (ms, MB/s) divides by its whole
// inverse, so 7.24 ms is 0.00724 s and not 0.007240000000000001 (0.001 is not exact in binary).
double scale_by_unit(double value, double factor);

struct Quantity {
  double value;  // SI base units
  Dimension dimension;
};

// "what the dimension is called", e.g. "data rate".
const char* dimension_name(Dimension dimension);
// The SI base unit of a dimension as pint spells it ("s", "byte/s"); "" for dimensionless.
const char* si_unit_name(Dimension dimension);
// Example spellings for messages, e.g. "B, KB, MB, GB, TB, KiB, MiB, GiB".
std::string accepted_units(Dimension dimension);

// Parses "<number> [unit]". Throws InputError on a malformed number, NaN,
// infinity or an unknown unit.
Quantity parse_quantity(std::string_view text);

// Parses a quantity that must have `expected` dimension; a bare number is taken
// as SI base units. `what` names the parameter in error messages.
double parse_quantity_as(std::string_view text, Dimension expected, std::string_view what);

}  // namespace mlsysim
