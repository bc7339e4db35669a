#include "solvers/moe_routing.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "hardware/precision_support.hpp"
#include "physics/collectives.hpp"
#include "systems/link_latency.hpp"

namespace mlsysim {

MoERoutingResult solve_moe_routing(const MoERoutingInputs& in) {
  if (!in.model) throw InputError("model is required");
  const Workload& m = *in.model;
  if (!(m.experts && m.active_experts_per_token && m.active_parameters))
    throw InputError("model: " + m.key + " is not a mixture-of-experts model (no experts); MoERoutingModel takes "
                     "a sparse_transformer such as Mixtral_8x7B, GPT4 or DeepSeek_V3");
  require_count_at_least(in.batch_size, 1, "batch_size");
  require_count_at_least(in.seq_len, 1, "seq_len");
  require_count_at_least(in.ep_size, 1, "ep_size");
  require_at_least(in.routing_imbalance_factor, 1.0, "routing_imbalance_factor", "1.0 is balanced routing");

  MoERoutingResult r;
  r.ep_size = in.ep_size;
  r.routing_imbalance_factor = in.routing_imbalance_factor;
  r.top_k = std::max(1, *m.active_experts_per_token);
  const double k = static_cast<double>(r.top_k);
  r.effective_active_experts = std::min(static_cast<double>(*m.experts), k * in.routing_imbalance_factor);
  r.active_parameter_multiplier = r.effective_active_experts / k;
  r.effective_active_parameters = *m.active_parameters * r.active_parameter_multiplier;

  // Each token's hidden state goes to its k (inflated) experts; a target is
  // local with probability 1/ep under uniform placement.
  const double hidden = m.hidden_dim && *m.hidden_dim ? *m.hidden_dim : 4096;
  const double payload = static_cast<double>(in.batch_size) * static_cast<double>(in.seq_len) * hidden *
                         bytes_per_element(in.precision) * k * r.active_parameter_multiplier;
  const double ep = static_cast<double>(in.ep_size);
  r.token_dispatch_bytes = payload * (in.ep_size > 1 ? (ep - 1) / ep : 0.0);
  if (in.fleet) require_precision_supported(*in.fleet->node->accelerator, in.precision);
  if (in.fleet && in.ep_size > 1) {
    const NetworkFabric& f = *in.fleet->fabric;
    r.all_to_all_latency_s = all_to_all_time(payload, in.ep_size, f.bandwidth_bytes_per_s / f.oversubscription_ratio,
                                             inter_node_latency_s(f));
  }
  return r;
}

std::vector<std::string> MoERoutingResult::constraint_trace() const {
  std::vector<std::string> lines = {"MoE Routing: top-" + std::to_string(top_k) + " routing with imbalance " +
                                    fixed_digits(routing_imbalance_factor, 2) + " acts like " +
                                    fixed_digits(effective_active_experts, 2) + " active experts per token."};
  if (all_to_all_latency_s)
    lines.push_back("Expert Parallelism: all-to-all latency is " + pint_pretty(*all_to_all_latency_s * 1e3) + " ms.");
  return lines;
}

}  // namespace mlsysim
