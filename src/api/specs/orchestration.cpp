// OrchestrationModel: jobs queueing for a shared cluster (M/D/1).
#include "api/spec_builder.hpp"
#include "solvers/orchestration.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& orchestration_result() {
  static const ResultSpec spec = [] {
    using R = OrchestrationResult;
    ResultBuilder<R> r("OrchestrationResult", "Utilisation, wait and queue of a shared cluster");
    r.field("cluster_utilization", &R::cluster_utilization, "cluster_utilization",
            "rho = arrivals x duration; 1 or more is unstable")
        .dimensionless();
    r.field("avg_wait_time_s", &R::avg_wait_time_s, "avg_wait_time_days", "rho / (2 mu (1 - rho))")
        .unit("day")
        .infinite_allowed();
    r.field("avg_queue_length", &R::avg_queue_length, "avg_queue_length", "rho^2 / (2 (1 - rho)) jobs waiting")
        .dimensionless()
        .infinite_allowed();
    r.field("is_stable", &R::is_stable, "is_stable", "rho < 1");
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_OrchestrationModel() {
  static const SolverSpec spec = [] {
    using In = OrchestrationInputs;
    SolverBuilder<In, OrchestrationResult> s("OrchestrationModel", solve_orchestration, orchestration_result(),
                                             "Cluster scheduling: utilisation, wait time and queue length (M/D/1)");
    s.walls({16});
    s.input("fleet", &In::fleet, "the shared cluster").required("Research_256");
    s.input("arrival_rate_jobs_per_day", &In::arrival_rate_jobs_per_day, "jobs submitted per day (>= 0)")
        .required("0.5");
    s.input("avg_job_duration_days", &In::avg_job_duration_s, "a job's length on the whole cluster (> 0)")
        .quantity(Dimension::Seconds, "day")
        .required("1");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
