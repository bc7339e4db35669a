// DataModel and TransformationModel: the data and preprocessing walls.
#include "api/spec_builder.hpp"
#include "solvers/data_pipeline.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& data_result() {
  static const ResultSpec spec = [] {
    using R = DataResult;
    ResultBuilder<R> r("DataResult", "Data supply against the workload's demand");
    r.field("is_stalled", &R::is_stalled, "is_stalled", "demand exceeds the slower path");
    r.field("utilization", &R::utilization, "utilization", "demand / supply").dimensionless();
    r.field("demand_bw_bytes_per_s", &R::demand_bw_bytes_per_s, "demand_bw", "the workload's data rate").unit("GB/s");
    r.field("supply_bw_bytes_per_s", &R::supply_bw_bytes_per_s, "supply_bw", "the slower of storage and host link")
        .unit("GB/s");
    r.field("bottleneck", &R::bottleneck, "bottleneck", "Storage or Interconnect");
    r.field("margin_bytes_per_s", &R::margin_bytes_per_s, "margin", "supply - demand").unit("GB/s");
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}

const ResultSpec& transformation_result() {
  static const ResultSpec spec = [] {
    using R = TransformationResult;
    ResultBuilder<R> r("TransformationResult", "CPU preprocessing against the accelerator step");
    r.field("transform_time_s", &R::transform_time_s, "transform_time", "batch x sample size / CPU throughput")
        .unit("ms");
    r.field("accelerator_step_time_s", &R::accelerator_step_time_s, "accelerator_step_time", "the step given")
        .unit("ms");
    r.field("is_bottleneck", &R::is_bottleneck, "is_bottleneck", "preprocessing is the slower stage");
    r.field("accelerator_utilization", &R::accelerator_utilization, "accelerator_utilization",
            "step / max(step, transform)")
        .dimensionless();
    r.field("slowdown_factor", &R::slowdown_factor, "slowdown_factor", "max(step, transform) / step")
        .dimensionless();
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_DataModel() {
  static const SolverSpec spec = [] {
    using In = DataInputs;
    SolverBuilder<In, DataResult> s("DataModel", solve_data, data_result(),
                                    "Data wall: storage and host-link supply against a data rate");
    s.walls({8});
    s.input("workload_data_rate", &In::workload_data_rate_bytes_per_s, "data the workload ingests (>= 0)")
        .quantity(Dimension::BytesPerSecond, "GB/s")
        .required("5");
    s.input("hardware", &In::hardware, "accelerator node (its storage and host link)").required("H100");
    return s.build();
  }();
  return spec;
}

const SolverSpec& spec_TransformationModel() {
  static const SolverSpec spec = [] {
    using In = TransformationInputs;
    SolverBuilder<In, TransformationResult> s("TransformationModel", solve_transformation, transformation_result(),
                                              "Transformation wall: CPU preprocessing against the accelerator step");
    s.walls({9});
    s.input("batch_size", &In::batch_size, "samples per step (>= 1)").required("256");
    s.input("sample_size_bytes", &In::sample_size_bytes, "bytes of one raw sample (> 0)")
        .quantity(Dimension::Bytes, "B")
        .required("500000");
    s.input("cpu_throughput", &In::cpu_throughput_bytes_per_s, "preprocessing throughput (> 0)")
        .quantity(Dimension::BytesPerSecond, "GB/s")
        .required("2");
    s.input("accelerator_step_time", &In::accelerator_step_time_s, "one accelerator step (> 0)")
        .quantity(Dimension::Seconds, "ms")
        .required("50");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
