#pragma once
// Number formatting that matches Python's repr(float), so trace lines and
// messages read exactly like the reference's.
#include <string>

namespace mlsysim {

// Shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16, else
// scientific ("1e+16"); integral values keep a trailing ".0" like Python.
std::string python_repr(double value);

// pint's "~P" magnitude: python_repr, with scientific notation written
// "4×10⁻⁵" instead of "4e-05".
std::string pint_pretty(double value);

// Python's f"{value:.{digits}f}" (pint's "~.1fP" magnitude with digits = 1).
std::string fixed_digits(double value, int digits);

// Python's f"{value:,.0f}": rounded, thousands separated ("25,548").
std::string grouped_thousands(double value);

}  // namespace mlsysim
