#include "solvers/responsible.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/format.hpp"

namespace mlsysim {

namespace {
constexpr double kDpSgdSlowdownCoefficient = 2.0;
constexpr double kMinEpsilon = 0.01;     // 0.3.0 clamps epsilon here; we keep it for epsilon in (0, 0.01)
constexpr double kMinPrevalence = 1e-6;  // likewise for the prevalence
}  // namespace

ResponsibleResult solve_responsible(const ResponsibleInputs& in) {
  require_nonnegative(in.base_training_time_s, "base_training_time", {1.0 / 3600, "h"});
  require_positive(in.epsilon, "epsilon");
  require_finite(in.delta, "delta");
  if (!(in.delta > 0 && in.delta < 1)) throw InputError("delta must be in (0, 1), got " + python_repr(in.delta));
  require_in_open_closed(in.min_subgroup_prevalence, 0, 1, "min_subgroup_prevalence");
  ResponsibleResult r;
  r.dp_slowdown_factor = 1.0 + kDpSgdSlowdownCoefficient / std::max(in.epsilon, kMinEpsilon);
  r.additional_data_requirement = 1.0 / std::max(in.min_subgroup_prevalence, kMinPrevalence);
  r.effective_training_time_s = in.base_training_time_s * r.dp_slowdown_factor;
  r.epsilon = in.epsilon;
  r.delta = in.delta;
  r.min_subgroup_prevalence = in.min_subgroup_prevalence;
  return r;
}

}  // namespace mlsysim
