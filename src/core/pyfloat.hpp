#pragma once
// Python's float arithmetic where it differs from the obvious C++, so counts
// derived from floats come out as the reference's.
#include <cmath>
#include <initializer_list>

namespace mlsysim {

// a // b for floats, as CPython computes it (float_divmod): not always
// floor(a / b), which can round up to the next integer (0.3 // 0.1 is 2.0).
inline double python_floordiv(double a, double b) {
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1.0;
  if (div == 0) return std::copysign(0.0, a / b);
  double floordiv = std::floor(div);
  if (div - floordiv > 0.5) floordiv += 1.0;
  return floordiv;
}

// A product of whole numbers as Python's ints compute it: exactly, then
// rounded once to a double (past 2^127, absurd inputs, in doubles).
inline double exact_product(std::initializer_list<long long> factors) {
  __int128 p = 1;
  for (long long f : factors) {
    if (__builtin_mul_overflow(p, static_cast<__int128>(f), &p)) {
      double d = 1;
      for (long long g : factors) d *= static_cast<double>(g);
      return d;
    }
  }
  return static_cast<double>(p);
}

}  // namespace mlsysim
