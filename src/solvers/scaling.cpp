#include "solvers/scaling.hpp"

#include <cmath>

#include "core/errors.hpp"

namespace mlsysim {

namespace {
constexpr double kReferenceFlopsPerS = 989e12;  // H100 SXM dense FP16
constexpr double kSustainedMfu = 0.40;          // clusters never run at datasheet peak
}  // namespace

ScalingResult solve_scaling(const ScalingInputs& in) {
  require_positive(in.compute_budget.value, "compute_budget");
  if (in.target_model_size) require_positive(*in.target_model_size, "target_model_size");
  ScalingResult r;
  r.compute_budget_flop = in.compute_budget.dimension == Dimension::Seconds
                              ? in.compute_budget.value * kReferenceFlopsPerS * kSustainedMfu
                              : in.compute_budget.value;
  if (in.target_model_size) {
    r.optimal_parameters = *in.target_model_size;
    r.optimal_tokens = r.compute_budget_flop / (kChinchillaFlopsPerParamToken * r.optimal_parameters);
  } else {
    r.optimal_parameters =
        std::sqrt(r.compute_budget_flop / (kChinchillaFlopsPerParamToken * kChinchillaTokensPerParam));
    r.optimal_tokens = kChinchillaTokensPerParam * r.optimal_parameters;
  }
  r.tokens_per_parameter = r.optimal_tokens / r.optimal_parameters;
  return r;
}

}  // namespace mlsysim
