#pragma once
// The one formatter for numbers people read in the CLI's text output: four
// significant digits, no float noise (141.2 GB, not 141.20000000000002 GB),
// and the unit a person expects, picked from the SI key's suffix: ms for
// latency, GB/s for bandwidth, MFLOP/s to EFLOP/s, GiB for a capacity quoted
// in GiB (an 80 GiB H100, as Python shows it), "0 J" for nothing. JSON keeps full precision in SI units; only text goes through here.
// Computed byte counts are decimal (a 141.2 GB footprint); see human_capacity.
#include <string>
#include <string_view>

#include "api/value.hpp"

namespace mlsysim::cli {

// `value` of the field `key` (its suffix says the unit), for a person.
std::string human_field(const std::string& key, const Value& value);

// A datasheet capacity: binary units when it is a whole number of KiB (an
// 80 GiB H100), decimal otherwise. Computed sizes (a footprint) stay decimal.
std::string human_capacity(double bytes);

// A plain number with four significant digits ("0.04631", "1762", "1.5e+09").
std::string human_number(double value);

// A sentence with its long numbers cut to four significant digits
// ("Required 141.20000000000002 GB" -> "Required 141.2 GB").
std::string human_text(std::string_view line);

}  // namespace mlsysim::cli
