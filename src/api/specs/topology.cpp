// TopologyModel: bisection bandwidth and hops of a network topology.
#include "api/spec_builder.hpp"
#include "solvers/topology.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& topology_result() {
  static const ResultSpec spec = [] {
    using R = TopologyResult;
    ResultBuilder<R> r("TopologyResult", "Bandwidth a topology leaves for collectives, and its mean hop count");
    r.field("effective_bw_bytes_per_s", &R::effective_bw_bytes_per_s, "effective_bw",
            "link rate x bisection fraction / oversubscription")
        .unit("GB/s");
    r.field("bisection_bw_bytes_per_s", &R::bisection_bw_bytes_per_s, "bisection_bw",
            "link rate x fraction x N/2 / oversubscription (fat-tree link equivalents)")
        .unit("GB/s");
    r.field("bisection_bw_fraction", &R::bisection_bw_fraction, "bisection_bw_fraction",
            "beta relative to a non-blocking fat tree, at most 1")
        .dimensionless();
    r.field("hops_avg", &R::hops_avg, "hops_avg", "mean switch hops between two nodes").dimensionless();
    r.computed("topology", [](const R& t) { return std::string(topology_name(t.topology)); }, "topology",
               "the topology");
    r.field("num_nodes", &R::num_nodes, "num_nodes", "nodes in the network");
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_TopologyModel() {
  static const SolverSpec spec = [] {
    using In = TopologyInputs;
    SolverBuilder<In, TopologyResult> s("TopologyModel", solve_topology, topology_result(),
                                        "Network topology: bisection bandwidth and hops (fat tree, dragonfly, ...)");
    s.walls({10});
    s.input("fabric", &In::fabric, "network fabric (link rate, oversubscription)").required("InfiniBand_NDR");
    s.choice("topology", &In::topology,
             {{"fat_tree", Topology::FatTree},
              {"dragonfly", Topology::Dragonfly},
              {"torus_3d", Topology::Torus3d},
              {"ring", Topology::Ring}},
             "network topology");
    s.input("num_nodes", &In::num_nodes, "nodes in the network (>= 1)");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
