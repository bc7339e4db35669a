// MoERoutingModel: routing imbalance and the expert-parallel all-to-all.
#include "api/spec_builder.hpp"
#include "solvers/moe_routing.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& moe_routing_result() {
  static const ResultSpec spec = [] {
    using R = MoERoutingResult;
    ResultBuilder<R> r("MoERoutingResult", "Effective active experts and parameters under imbalance, and the all-to-all");
    r.field("effective_active_experts", &R::effective_active_experts, "effective_active_experts",
            "min(experts, top_k x imbalance)")
        .dimensionless();
    r.field("effective_active_parameters", &R::effective_active_parameters, "effective_active_parameters",
            "active parameters x multiplier")
        .count();
    r.field("active_parameter_multiplier", &R::active_parameter_multiplier, "active_parameter_multiplier",
            "effective experts / top_k")
        .dimensionless();
    r.field("routing_imbalance_factor", &R::routing_imbalance_factor, "routing_imbalance_factor", "the factor given")
        .dimensionless();
    r.field("token_dispatch_bytes", &R::token_dispatch_bytes, "token_dispatch_bytes",
            "routed payload x (ep - 1) / ep: what leaves its rank")
        .unit("MB");
    r.field("all_to_all_latency_s", &R::all_to_all_latency_s, "all_to_all_latency",
            "all-to-all over the fleet's fabric (with a fleet and ep_size > 1)")
        .unit("ms");
    r.field("ep_size", &R::ep_size, "ep_size", "expert-parallel degree");
    r.computed("constraint_trace", [](const R& m) { return m.constraint_trace(); }, "constraint_trace",
               "the effective experts and the all-to-all");
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_MoERoutingModel() {
  static const SolverSpec spec = [] {
    using In = MoERoutingInputs;
    SolverBuilder<In, MoERoutingResult> s("MoERoutingModel", solve_moe_routing, moe_routing_result(),
                                          "Mixture-of-experts routing imbalance and expert-parallel all-to-all");
    s.walls({14});
    s.input("model", &In::model, "mixture-of-experts model").required("Mixtral_8x7B");
    s.input("batch_size", &In::batch_size, "sequences per step (>= 1)").required("8");
    s.input("seq_len", &In::seq_len, "tokens per sequence (>= 1)").required("2048");
    s.input("precision", &In::precision, "precision of the routed activations");
    s.input("ep_size", &In::ep_size, "expert-parallel degree (>= 1)");
    s.input("routing_imbalance_factor", &In::routing_imbalance_factor, "hot-expert multiplier (>= 1)");
    s.input("fleet", &In::fleet, "cluster whose fabric carries the all-to-all (optional)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
