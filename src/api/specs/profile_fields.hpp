#pragma once
// The fields of a PerformanceProfile, declared once for every result that is
// one or holds one (SingleNodeModel; DistributedModel's node_profile;
// NetworkRooflineModel). Each caller adds its own constraint_trace.
#include <string>

#include "api/spec_builder.hpp"
#include "core/suggest.hpp"
#include "solvers/single_node.hpp"

namespace mlsysim::api {

// `profile(holder)` returns the holder's PerformanceProfile.
template <typename Holder, typename Get>
void add_profile_fields(ResultBuilder<Holder>& r, Get profile) {
  auto num = [&](std::string key, double PerformanceProfile::*m, std::string attr, std::string help) {
    return r.computed(std::move(key), [profile, m](const Holder& h) { return profile(h).*m; }, std::move(attr),
                      std::move(help));
  };
  auto maybe = [&](std::string key, std::optional<double> PerformanceProfile::*m, std::string attr, std::string help) {
    return r.computed(std::move(key), [profile, m](const Holder& h) { return profile(h).*m; }, std::move(attr),
                      std::move(help));
  };
  r.computed("feasible", [profile](const Holder& h) { return profile(h).feasible; }, "feasible",
             "the footprint fits in device memory");
  r.computed("bottleneck", [profile](const Holder& h) { return to_lower(bottleneck_name(profile(h).bottleneck)); },
             "bottleneck", "the binding roofline term: compute or memory (network for NetworkRooflineModel)");
  num("latency_s", &PerformanceProfile::latency_s, "latency", "max(compute, memory) + overhead").unit("ms");
  num("latency_compute_s", &PerformanceProfile::latency_compute_s, "latency_compute", "FLOPs / (peak x efficiency)")
      .unit("ms");
  num("latency_memory_s", &PerformanceProfile::latency_memory_s, "latency_memory", "bytes moved / bandwidth")
      .unit("ms");
  num("latency_overhead_s", &PerformanceProfile::latency_overhead_s, "latency_overhead",
      "dispatch tax + per-layer framework tax")
      .unit("ms");
  num("throughput_per_s", &PerformanceProfile::throughput_per_s, "throughput", "samples per second").unit("1/s");
  num("arithmetic_intensity_flop_per_byte", &PerformanceProfile::arithmetic_intensity_flop_per_byte,
      "arithmetic_intensity", "FLOPs per byte moved")
      .unit("flop/byte");
  num("energy_j", &PerformanceProfile::energy_j, "energy", "energy of the batch window").unit("J");
  num("memory_footprint_bytes", &PerformanceProfile::memory_footprint_bytes, "memory_footprint",
      "bytes that must fit in memory")
      .unit("byte");
  num("peak_flops_actual_flop_per_s", &PerformanceProfile::peak_flops_actual_flop_per_s, "peak_flops_actual",
      "peak FLOP/s x efficiency")
      .unit("TFLOPs/s");
  num("peak_bw_actual_bytes_per_s", &PerformanceProfile::peak_bw_actual_bytes_per_s, "peak_bw_actual",
      "bandwidth actually used")
      .unit("GB/s");
  num("mfu", &PerformanceProfile::mfu, "mfu", "model FLOPs utilisation").dimensionless();
  num("hfu", &PerformanceProfile::hfu, "hfu", "hardware FLOPs utilisation (counts recomputation)").dimensionless();
  r.computed("overhead_dominated", [profile](const Holder& h) { return profile(h).overhead_dominated; },
             "overhead_dominated", "overhead exceeds the roofline time");
  maybe("offload_spill_bytes", &PerformanceProfile::offload_spill_bytes, "offload_spill_bytes",
        "bytes beyond device memory (infeasible only)")
      .unit("byte");
  maybe("offload_effective_bw_bytes_per_s", &PerformanceProfile::offload_effective_bw_bytes_per_s,
        "offload_effective_bw", "host-link rate charged when spilling")
      .unit("GB/s");
}

}  // namespace mlsysim::api
