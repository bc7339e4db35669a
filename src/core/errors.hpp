#pragma once
// Typed errors. Bad input is an InputError (CLI exit 1); a model that does not
// fit when the caller asked for errors is an OutOfMemoryError (CLI exit 2).
#include <stdexcept>
#include <string>
#include <vector>

namespace mlsysim {

// Anything the caller got wrong: unknown names, out-of-range numbers, NaN,
// malformed files. The message names the problem and what is accepted.
class InputError : public std::invalid_argument {
 public:
  explicit InputError(const std::string& message) : std::invalid_argument(message) {}
};

// A value of the wrong type from a typed front end (Python: is_training="false").
// Python raises it as TypeError; the CLI treats it as any other bad input.
class InputTypeError : public InputError {
 public:
  explicit InputTypeError(const std::string& message) : InputError(message) {}
};

// A registry name that matched nothing; carries the closest names.
class UnknownNameError : public InputError {
 public:
  UnknownNameError(const std::string& kind, const std::string& name,
                   std::vector<std::string> suggestions);
  const std::vector<std::string>& suggestions() const { return suggestions_; }

 private:
  std::vector<std::string> suggestions_;
};

// The workload does not fit in the device memory and the caller asked for an error.
class OutOfMemoryError : public std::runtime_error {
 public:
  OutOfMemoryError(const std::string& message, double required_bytes, double available_bytes)
      : std::runtime_error(message), required_bytes(required_bytes), available_bytes(available_bytes) {}
  double required_bytes;
  double available_bytes;
};

// Validation helpers shared by every solver. `name` is the parameter name the
// user typed, so messages point at it.
void require_finite(double value, const char* name);
void require_in_range(double value, double lo, double hi, const char* name);
// Whole-number parameters (batch size, ZeRO stage): "zero_stage must be in [0, 3], got 7".
void require_count_in_range(long long value, long long lo, long long hi, const char* name);
void require_count_at_least(long long value, long long minimum, const char* name);
// How a value held in SI units is shown in a message: in the unit the user gives it in
// ("sla_latency_ms must be > 0, got -100 ms", not "got -0.1").
struct ShownIn {
  double per_si = 1;
  const char* unit = "";
};
inline constexpr ShownIn kMilliseconds{1e3, "ms"};
// A finite number > 0 (a rate, a bandwidth, a duration).
void require_positive(double value, const char* name, ShownIn shown = {});
// A finite number >= 0.
void require_nonnegative(double value, const char* name, ShownIn shown = {});
// A finite number >= minimum: "congestion_factor must be >= 1.0 (1.0 is ideal), got 0.5".
void require_at_least(double value, double minimum, const char* name, const char* note = nullptr);
// A finite number in (lo, hi]: "efficiency must be > 0 and <= 1, got 0".
void require_in_open_closed(double value, double lo, double hi, const char* name);

}  // namespace mlsysim
