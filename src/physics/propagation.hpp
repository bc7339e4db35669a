#pragma once
// Signal propagation: the latency floor distance puts under any network.
namespace mlsysim {

inline constexpr double kLightInFiberMPerS = 2.0e8;  // about 2/3 of c in glass

// Round trip over `distance_m` of fiber, seconds (1,000 km: 10 ms).
inline double fiber_round_trip_s(double distance_m) { return distance_m * 2 / kLightInFiberMPerS; }

}  // namespace mlsysim
