#pragma once
// ScalingModel: the compute-optimal model and dataset for a training budget
// (Hoffmann et al. 2022, Chinchilla): C = 6 N D and D = 20 N, so
// N = sqrt(C / 120). A budget given as accelerator time is H100-days at 40 %
// sustained MFU. See docs/solvers/scaling.md.
#include <optional>

#include "core/units.hpp"

namespace mlsysim {

inline constexpr double kChinchillaFlopsPerParamToken = 6;  // C = 6 N D
inline constexpr double kChinchillaTokensPerParam = 20;

struct ScalingInputs {
  Quantity compute_budget{0, Dimension::Flop};  // FLOPs, or accelerator time (H100-equivalent)
  std::optional<double> target_model_size;      // parameters; spends the budget on tokens for it
};

struct ScalingResult {
  double optimal_parameters = 0;
  double optimal_tokens = 0;
  double compute_budget_flop = 0;
  double tokens_per_parameter = 0;
};

ScalingResult solve_scaling(const ScalingInputs& in);

}  // namespace mlsysim
