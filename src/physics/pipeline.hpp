#pragma once
// Pipeline-parallel and serial-fraction limits on speedup.
namespace mlsysim {

// Idle share of a pipelined step (GPipe/1F1B; interleaved with v virtual
// stages per device, Narayanan et al. 2021): (p - 1) / (v·m + p - 1).
inline double pipeline_bubble_fraction(long long stages, long long microbatches, long long virtual_stages = 1) {
  const double p = static_cast<double>(stages);
  return (p - 1) / (static_cast<double>(virtual_stages) * static_cast<double>(microbatches) + p - 1);
}

// Amdahl's law: speedup of a job whose fraction p runs s times faster.
inline double amdahl_speedup(double parallel_fraction, double speedup) {
  return 1 / ((1 - parallel_fraction) + parallel_fraction / speedup);
}

}  // namespace mlsysim
