#pragma once
// The ServingResult description, for solvers that nest one (InferenceScalingModel).
#include "api/solver_spec.hpp"

namespace mlsysim::api {

const ResultSpec& serving_result();

}  // namespace mlsysim::api
