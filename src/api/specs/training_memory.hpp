#pragma once
// The TrainingMemoryResult description and the parallelism map, for the training solvers that share them.
#include "api/solver_spec.hpp"
#include "api/value.hpp"

namespace mlsysim::api {

const ResultSpec& training_memory_result();
// {"dp": .., "tp": .., "pp": .., "ep": ..}, the reference's `parallelism` dict.
Record parallelism_record(long long dp, long long tp, long long pp, long long ep);

}  // namespace mlsysim::api
