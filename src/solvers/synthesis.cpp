#include "solvers/synthesis.hpp"

#include "core/errors.hpp"
#include "core/printable.hpp"

namespace mlsysim {

SynthesisResult solve_synthesis(const SynthesisInputs& in) {
  if (!in.model) throw InputError("model is required");
  // 0.3.0 divides by the target (ZeroDivisionError at 0, negative rates below it).
  require_positive(in.target_latency_s, "target_latency", kMilliseconds);
  require_in_range(in.efficiency, 1e-9, 1.0, "efficiency");
  const Workload& model = *in.model;
  const double bpp = bytes_per_element(in.precision);

  SynthesisResult r;
  // The same two numbers SingleNodeModel solves with: the weights and one pass's FLOPs.
  const double weights = size_in_bytes(model, bpp);
  const double ops = lower(model, bpp).total_ops;
  if (!(weights > 0)) throw InputError("SynthesisSolver: model " + in_quotes(model.key) + " has no weights to stream");
  const double t = in.target_latency_s;
  r.required_bw_bytes_per_s = weights / t;
  r.required_flops_flop_per_s = ops / (t * in.efficiency);
  r.required_memory_bytes = weights;
  r.compute_memory_ratio_flop_per_byte = r.required_flops_flop_per_s / r.required_bw_bytes_per_s;
  r.target_latency_s = t;
  r.model_size_bytes = weights;
  r.total_ops_flop = ops;
  return r;
}

}  // namespace mlsysim
