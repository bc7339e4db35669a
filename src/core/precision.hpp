#pragma once
// Numeric precisions: storage width per element and the key a hardware entry
// uses for its per-precision FLOP rate.
#include <array>
#include <string>
#include <string_view>

namespace mlsysim {

enum class Precision { fp32, tf32, bf16, fp16, fp8, int8, int4, fp4 };

inline constexpr size_t kPrecisionCount = 8;
inline constexpr std::array<Precision, kPrecisionCount> kAllPrecisions = {
    Precision::fp32, Precision::tf32, Precision::bf16, Precision::fp16,
    Precision::fp8,  Precision::int8, Precision::int4, Precision::fp4};

// Canonical lower-case name ("fp16").
const char* precision_name(Precision precision);

// Storage bytes per element: fp32/tf32 4, bf16/fp16 2, fp8/int8 1, int4/fp4 0.5.
double bytes_per_element(Precision precision);

// Case-insensitive; anything else is an InputError listing the accepted names.
Precision parse_precision(std::string_view name);

// "fp32, tf32, bf16, fp16, fp8, int8, int4, fp4"
std::string accepted_precisions();

}  // namespace mlsysim
