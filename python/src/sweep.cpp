// The columnar SingleNodeModel sweep: every combination of the axes, one
// numpy array per result field, computed in C++ on all cores with the GIL
// released. Python (mlsysim/sweep.py) turns the flat arrays into the grid.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include <memory>

#include "api/door.hpp"
#include "bindings.hpp"
#include "convert.hpp"
#include "core/errors.hpp"
#include "solvers/single_node_grid.hpp"

namespace nb = nanobind;

namespace mlsysim::python {

namespace {

using api::InputSpec;

const InputSpec& input_named(const api::SolverSpec& spec, const char* name) {
  for (const auto& in : spec.inputs)
    if (in.name == name) return in;
  throw std::logic_error(std::string("SingleNodeModel has no input ") + name);
}

// The values of one axis: a list (or tuple) given for `name`, each converted
// like the same input of SingleNodeModel().solve.
template <typename T, typename Convert>
std::vector<T> axis(nb::dict axes, const api::SolverSpec& spec, const char* name, Convert convert) {
  const InputSpec& in = input_named(spec, name);
  if (!axes.contains(name)) throw InputTypeError(std::string("sweep: axis '") + name + "' is missing");
  nb::handle values = axes[name];
  if (!PyList_Check(values.ptr()) && !PyTuple_Check(values.ptr()))
    throw InputTypeError(std::string(name) + ": expected a list of values, got " + shown(values));
  std::vector<T> out;
  for (nb::handle v : values) out.push_back(convert(v, in));
  if (out.empty()) throw InputError(std::string(name) + ": an axis needs at least one value");
  return out;
}

int to_int(nb::handle v, const InputSpec& in) {
  const long long x = to_integer(v, in);
  if (x > 1'000'000'000 || x < -1'000'000'000)
    throw InputError(in.name + " must be at most 1000000000, got " + std::to_string(x));
  return static_cast<int>(x);
}

template <typename T>
nb::ndarray<nb::numpy, T, nb::ndim<1>> column(size_t n, T*& data) {
  data = new T[n ? n : 1];
  nb::capsule owner(data, [](void* p) noexcept { delete[] static_cast<T*>(p); });
  return nb::ndarray<nb::numpy, T, nb::ndim<1>>(data, {n}, owner);
}

}  // namespace

void bind_sweep(nb::module_& m) {
  m.def(
      "sweep_single_node",
      [](nb::dict axes) {
        const api::SolverSpec& spec = api::find_solver("SingleNodeModel");
        SingleNodeGrid g;
        g.model = axis<const Workload*>(axes, spec, "model", [](nb::handle v, const InputSpec& in) { return &to_model(v, in); });
        g.hardware = axis<const HardwareNode*>(axes, spec, "hardware",
                                               [](nb::handle v, const InputSpec& in) { return &to_hardware(v, in); });
        g.batch_size = axis<int>(axes, spec, "batch_size", to_int);
        g.precision = axis<Precision>(axes, spec, "precision", to_precision);
        g.efficiency = axis<double>(axes, spec, "efficiency", to_number);
        g.is_training = axis<uint8_t>(axes, spec, "is_training", to_flag);
        g.seq_len = axis<int>(axes, spec, "seq_len", to_int);
        g.zero_stage = axis<int>(axes, spec, "zero_stage", to_int);
        g.dp_size = axis<int>(axes, spec, "dp_size", to_int);
        g.is_lora = axis<uint8_t>(axes, spec, "is_lora", to_flag);
        g.activation_recomputation = axis<uint8_t>(axes, spec, "activation_recomputation", to_flag);

        size_t n = 1;
        for (size_t extent : g.shape()) {
          if (extent && n > (size_t{1} << 34) / extent)
            throw InputError("sweep: the grid has more than 2^34 points; split it");
          n *= extent;
        }
        SingleNodeColumns c;
        nb::dict out;
        out["latency_s"] = column(n, c.latency_s);
        out["latency_compute_s"] = column(n, c.latency_compute_s);
        out["latency_memory_s"] = column(n, c.latency_memory_s);
        out["latency_overhead_s"] = column(n, c.latency_overhead_s);
        out["throughput_per_s"] = column(n, c.throughput_per_s);
        out["arithmetic_intensity_flop_per_byte"] = column(n, c.arithmetic_intensity_flop_per_byte);
        out["energy_j"] = column(n, c.energy_j);
        out["memory_footprint_bytes"] = column(n, c.memory_footprint_bytes);
        out["peak_flops_actual_flop_per_s"] = column(n, c.peak_flops_actual_flop_per_s);
        out["peak_bw_actual_bytes_per_s"] = column(n, c.peak_bw_actual_bytes_per_s);
        out["mfu"] = column(n, c.mfu);
        out["hfu"] = column(n, c.hfu);
        out["offload_spill_bytes"] = column(n, c.offload_spill_bytes);
        out["offload_effective_bw_bytes_per_s"] = column(n, c.offload_effective_bw_bytes_per_s);
        out["feasible"] = column(n, c.feasible);
        out["overhead_dominated"] = column(n, c.overhead_dominated);
        out["bottleneck_memory"] = column(n, c.bottleneck_memory);
        out["valid"] = column(n, c.valid);
        {
          nb::gil_scoped_release released;
          evaluate_grid(g, c);
        }
        return out;
      },
      nb::arg("axes"),
      "SingleNodeModel on every combination of `axes` (a dict of input name -> list, one per input but "
      "raise_errors, in input order; the last axis fastest). Returns flat arrays by SI key, plus valid, "
      "feasible, overhead_dominated and bottleneck_memory flags (uint8).");
}

}  // namespace mlsysim::python
