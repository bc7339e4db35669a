#include "physics/roofline.hpp"

#include <limits>

namespace mlsysim {

const char* bottleneck_name(Bottleneck b) {
  switch (b) {
    case Bottleneck::Memory: return "Memory";
    case Bottleneck::Network: return "Network";
    case Bottleneck::Compute: break;
  }
  return "Compute";
}

RooflineRegime roofline_regime(double ops, double bytes, double compute_s, double memory_s) {
  constexpr double kVanishingMs = 1e-15;
  RooflineRegime r{Bottleneck::Compute, 0.0};
  const double compute_ms = compute_s * 1e3, memory_ms = memory_s * 1e3;
  if (compute_ms < kVanishingMs && memory_ms < kVanishingMs) r.bottleneck = Bottleneck::Compute;
  else if (compute_ms < kVanishingMs) r.bottleneck = Bottleneck::Memory;
  else if (memory_ms < kVanishingMs) r.bottleneck = Bottleneck::Compute;
  else r.bottleneck = memory_ms > compute_ms ? Bottleneck::Memory : Bottleneck::Compute;

  if (bytes < 1e-15) r.intensity_flop_per_byte = ops >= 1e-15 ? std::numeric_limits<double>::infinity() : 0.0;
  else if (ops < 1e-15) r.intensity_flop_per_byte = 0.0;
  else r.intensity_flop_per_byte = ops / bytes;
  return r;
}

}  // namespace mlsysim
