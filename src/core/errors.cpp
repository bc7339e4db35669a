#include "core/errors.hpp"

#include <cmath>

#include "core/format.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"

namespace mlsysim {


UnknownNameError::UnknownNameError(const std::string& kind, const std::string& name,
                                   std::vector<std::string> suggestions)
    : InputError("unknown " + kind + " " + in_quotes(name) + suggestion_phrase(suggestions)),
      suggestions_(std::move(suggestions)) {}

void require_finite(double value, const char* name) {
  if (!std::isfinite(value))
    throw InputError(std::string(name) + " must be a finite number, got " + python_repr(value));
}

void require_in_range(double value, double lo, double hi, const char* name) {
  require_finite(value, name);
  if (value < lo || value > hi)
    throw InputError(std::string(name) + " must be in [" + python_repr(lo) + ", " + python_repr(hi) +
                     "], got " + python_repr(value));
}

void require_count_in_range(long long value, long long lo, long long hi, const char* name) {
  if (value < lo || value > hi)
    throw InputError(std::string(name) + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                     "], got " + std::to_string(value));
}

void require_count_at_least(long long value, long long minimum, const char* name) {
  if (value < minimum)
    throw InputError(std::string(name) + " must be >= " + std::to_string(minimum) + ", got " + std::to_string(value));
}

namespace {
std::string shown(double value, ShownIn in) {
  return python_repr(value * in.per_si) + (*in.unit ? std::string(" ") + in.unit : "");
}
}  // namespace

void require_positive(double value, const char* name, ShownIn in) {
  require_finite(value, name);
  if (!(value > 0)) throw InputError(std::string(name) + " must be > 0, got " + shown(value, in));
}

void require_nonnegative(double value, const char* name, ShownIn in) {
  require_finite(value, name);
  if (value < 0) throw InputError(std::string(name) + " must be >= 0, got " + shown(value, in));
}

void require_at_least(double value, double minimum, const char* name, const char* note) {
  require_finite(value, name);
  if (value < minimum)
    throw InputError(std::string(name) + " must be >= " + python_repr(minimum) + (note ? std::string(" (") + note + ")" : "") +
                     ", got " + python_repr(value));
}

void require_in_open_closed(double value, double lo, double hi, const char* name) {
  require_finite(value, name);
  if (!(value > lo && value <= hi))
    throw InputError(std::string(name) + " must be > " + python_repr(lo) + " and <= " + python_repr(hi) + ", got " +
                     python_repr(value));
}

}  // namespace mlsysim
