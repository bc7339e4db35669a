#pragma once
// MoERoutingModel: first-order routing imbalance of a mixture-of-experts
// model and the expert-parallel all-to-all it costs. One factor f >= 1 makes
// a top-k router act like min(E, k·f) active experts per token, inflating
// active parameters and routed traffic alike (Fedus et al. 2022 for the
// dispatch volume). It does not simulate a router. See docs/solvers/moe_routing.md.
#include <optional>
#include <string>
#include <vector>

#include "core/precision.hpp"
#include "models/workload.hpp"
#include "systems/fleet.hpp"

namespace mlsysim {

struct MoERoutingInputs {
  const Workload* model = nullptr;  // a mixture-of-experts model (sparse_transformer)
  long long batch_size = 0;         // sequences per step, required (>= 1)
  long long seq_len = 0;            // tokens per sequence, required (>= 1)
  Precision precision = Precision::fp16;
  long long ep_size = 1;
  double routing_imbalance_factor = 1.0;  // >= 1; 1 is balanced
  const Fleet* fleet = nullptr;           // prices the all-to-all when set (and ep_size > 1)
};

struct MoERoutingResult {
  double effective_active_experts = 0;
  double effective_active_parameters = 0;
  double active_parameter_multiplier = 1;
  double routing_imbalance_factor = 1;
  double token_dispatch_bytes = 0;  // the share of the routed payload that leaves its rank
  std::optional<double> all_to_all_latency_s;
  long long ep_size = 1;
  long long top_k = 1;

  std::vector<std::string> constraint_trace() const;
};

// Throws InputError for a dense model (0.3.0: AttributeError) and bad sizes.
MoERoutingResult solve_moe_routing(const MoERoutingInputs& in);

}  // namespace mlsysim
