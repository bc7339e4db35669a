#pragma once
// A system evaluation (a plan's or a scenario's scorecard) in the output the user asked for:
// text (0.3.0's box, every metric, the walls that apply), json (0.3.0's flat record plus the
// walls), markdown or html (the same tables, for a report or a CI summary). Failed assertions
// go to stderr as "FAIL: ..." lines in text; inside the document otherwise.
#include <string>
#include <vector>

#include "commands.hpp"
#include "plan/evaluation.hpp"

namespace mlsysim::cli {

// `failed`: the run exits 3 (an assertion, or a scenario's level, failed); json says "sla_failed".
void print_scorecard(const SystemEvaluation& e, const std::vector<std::string>& violations, bool failed,
                     const Shared& shared);

}  // namespace mlsysim::cli
