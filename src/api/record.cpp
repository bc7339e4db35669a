#include "api/record.hpp"

#include <algorithm>
#include <cctype>

namespace mlsysim {

namespace {
FieldValue optional_number(const std::optional<double>& v) {
  return v ? FieldValue(*v) : FieldValue(std::monostate{});
}
std::string lower(const char* s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}
}  // namespace

Record to_record(const PerformanceProfile& p) {
  return {
      {"feasible", p.feasible},
      {"bottleneck", lower(bottleneck_name(p.bottleneck))},
      {"latency_s", p.latency_s},
      {"latency_compute_s", p.latency_compute_s},
      {"latency_memory_s", p.latency_memory_s},
      {"latency_overhead_s", p.latency_overhead_s},
      {"throughput_per_s", p.throughput_per_s},
      {"arithmetic_intensity_flop_per_byte", p.arithmetic_intensity_flop_per_byte},
      {"energy_j", p.energy_j},
      {"memory_footprint_bytes", p.memory_footprint_bytes},
      {"peak_flops_actual_flop_per_s", p.peak_flops_actual_flop_per_s},
      {"peak_bw_actual_bytes_per_s", p.peak_bw_actual_bytes_per_s},
      {"mfu", p.mfu},
      {"hfu", p.hfu},
      {"overhead_dominated", p.overhead_dominated},
      {"offload_spill_bytes", optional_number(p.offload_spill_bytes)},
      {"offload_effective_bw_bytes_per_s", optional_number(p.offload_effective_bw_bytes_per_s)},
      {"constraint_trace", p.constraint_trace()},
      {"warnings", p.warnings()},
  };
}

}  // namespace mlsysim
