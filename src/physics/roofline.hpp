#pragma once
// The roofline regime of a step (Williams et al. 2009): which of compute and
// memory (or network) time binds, and the arithmetic intensity.
namespace mlsysim {

enum class Bottleneck { Compute, Memory, Network };  // Network: NetworkRooflineModel only
// "Compute" / "Memory" / "Network", as the reference's profile reports it.
const char* bottleneck_name(Bottleneck b);

struct RooflineRegime {
  Bottleneck bottleneck;
  double intensity_flop_per_byte;  // infinite when no bytes move
};

// The reference's calc_bottleneck: the larger time binds, a tie is compute,
// and a term under 1e-15 ms counts as vanished.
RooflineRegime roofline_regime(double ops, double bytes, double compute_s, double memory_s);

}  // namespace mlsysim
