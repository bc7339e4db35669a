#include "core/format.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

namespace mlsysim {

std::string python_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";

  // Shortest round-trip digits and decimal exponent, from to_chars' scientific form.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  size_t e_pos = sci.find('e');
  int exponent = std::atoi(sci.c_str() + e_pos + 1);
  std::string digits;
  for (size_t i = 0; i < e_pos; ++i)
    if (sci[i] != '.') digits += sci[i];

  std::string out;
  if (exponent < -4 || exponent >= 16) {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out.append(".").append(digits, 1);
    char exp_buf[16];
    std::snprintf(exp_buf, sizeof exp_buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += exp_buf;
  } else if (exponent < 0) {
    out = "0.";
    out.append(static_cast<size_t>(-exponent - 1), '0');
    out += digits;
  } else {
    size_t int_len = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= int_len) {
      out = digits + std::string(int_len - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, int_len) + "." + digits.substr(int_len);
    }
  }
  if (negative) out.insert(0, 1, '-');
  return out;
}

std::string pint_pretty(double value) {
  std::string repr = python_repr(value);
  size_t e = repr.find('e');
  if (e == std::string::npos) return repr;
  static const char* const kSuperscript[] = {"\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
                                             "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
  std::string out = repr.substr(0, e) + "\u00d710";
  std::string exponent = repr.substr(e + 1);
  if (exponent[0] == '-') out += "\u207b";
  exponent.erase(0, exponent.find_first_not_of("+-0"));
  for (char c : exponent) out += kSuperscript[c - '0'];
  return out;
}

}  // namespace mlsysim

namespace mlsysim {

// Both round the exact binary value correctly, so the digits agree with Python's.
std::string fixed_digits(double value, int digits) { return fmt::format("{:.{}f}", value, digits); }

std::string grouped_thousands(double value) {
  std::string digits = fmt::format("{:.0f}", value);
  const size_t start = digits[0] == '-' ? 1 : 0;
  for (size_t i = digits.size(); i > start + 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

}  // namespace mlsysim
