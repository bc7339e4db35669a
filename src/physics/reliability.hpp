#pragma once
// Failure and checkpoint arithmetic for long synchronous jobs: independent,
// exponentially distributed failures, so a series system's failure rates add.
#include <cmath>

namespace mlsysim {

// A node fails when any of its GPUs, NICs or series PSUs does: 1 / (n_g/M_g + n_n/M_n + n_p/M_p), hours.
inline double node_mtbf_hours(double gpu_mttf_h, int gpus, double nic_mttf_h, int nics, double psu_mttf_h, int psus) {
  return 1.0 / (gpus / gpu_mttf_h + nics / nic_mttf_h + psus / psu_mttf_h);
}

// N identical nodes in series: MTBF / N (a correlation factor below 1 models clustered failures).
inline double cluster_mtbf_hours(double node_mtbf_h, long long nodes, double correlation = 1.0) {
  return node_mtbf_h / static_cast<double>(nodes) * correlation;
}

// P(at least one failure during the job) = 1 - exp(-T / MTBF).
inline double failure_probability(double mtbf_s, double job_s) { return 1.0 - std::exp(-(job_s / mtbf_s)); }

// Young (1974): the checkpoint interval that balances write time against rework, sqrt(2 delta MTBF).
// First-order: out of regime when delta >= 2 MTBF (it then returns tau < delta).
inline double young_daly_interval_s(double checkpoint_s, double mtbf_s) { return std::sqrt(2 * checkpoint_s * mtbf_s); }

}  // namespace mlsysim
