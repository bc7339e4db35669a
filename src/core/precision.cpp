#include "core/precision.hpp"

#include <cctype>

#include "core/errors.hpp"
#include "core/printable.hpp"

namespace mlsysim {

const char* precision_name(Precision precision) {
  switch (precision) {
    case Precision::fp32: return "fp32";
    case Precision::tf32: return "tf32";
    case Precision::bf16: return "bf16";
    case Precision::fp16: return "fp16";
    case Precision::fp8: return "fp8";
    case Precision::int8: return "int8";
    case Precision::int4: return "int4";
    case Precision::fp4: return "fp4";
  }
  return "?";
}

double bytes_per_element(Precision precision) {
  switch (precision) {
    case Precision::fp32:
    case Precision::tf32: return 4.0;
    case Precision::bf16:
    case Precision::fp16: return 2.0;
    case Precision::fp8:
    case Precision::int8: return 1.0;
    case Precision::int4:
    case Precision::fp4: return 0.5;
  }
  return 2.0;
}

std::string accepted_precisions() {
  std::string out;
  for (Precision p : kAllPrecisions) {
    if (!out.empty()) out += ", ";
    out += precision_name(p);
  }
  return out;
}

Precision parse_precision(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (Precision p : kAllPrecisions)
    if (lower == precision_name(p)) return p;
  throw InputError("precision " + in_quotes(name) + " is not supported; accepted: " +
                   accepted_precisions() + " (fp4 only on hardware that lists an fp4 rate)");
}

}  // namespace mlsysim
