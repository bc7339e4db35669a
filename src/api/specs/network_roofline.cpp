// NetworkRooflineModel: compute vs gradient-synchronisation ceilings of a cluster.
#include "api/spec_builder.hpp"
#include "api/specs/profile_fields.hpp"
#include "solvers/network_roofline.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& network_roofline_result() {
  static const ResultSpec spec = [] {
    using R = NetworkRooflineResult;
    ResultBuilder<R> r("PerformanceProfile",
                       "One data-parallel step's compute and network ceilings (latency_memory is the network)");
    add_profile_fields(r, [](const R& n) -> const PerformanceProfile& { return n.profile; });
    r.computed("constraint_trace", [](const R& n) { return n.constraint_trace(); }, "constraint_trace",
               "communication intensity against the network ridge");
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_NetworkRooflineModel() {
  static const SolverSpec spec = [] {
    using In = NetworkRooflineInputs;
    SolverBuilder<In, NetworkRooflineResult> s(
        "NetworkRooflineModel", solve_network_roofline, network_roofline_result(),
        "Network roofline: is a data-parallel step compute- or network-bound");
    s.input("model", &In::model, "workload with a parameter count").required("Llama3_8B");
    s.input("fleet", &In::fleet, "cluster").required("Research_256");
    s.input("precision", &In::precision, "numeric precision");
    s.input("efficiency", &In::efficiency, "achieved fraction of peak compute, in [1e-9, 1]");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
