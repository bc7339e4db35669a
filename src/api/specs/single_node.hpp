#pragma once
// The PerformanceProfile result, for solvers that nest one (DistributedModel's node_profile).
#include "api/solver_spec.hpp"

namespace mlsysim::api {

const ResultSpec& performance_profile_result();

}  // namespace mlsysim::api
