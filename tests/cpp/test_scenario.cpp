// Scenarios: the built-in ones load in registry order and resolve by key, name or 0.1 alias;
// each level is the solver it names (weights vs capacity, SingleNodeModel vs the SLA, a year of
// EconomicsModel); bad inputs are errors.
#include "plan/scenario.hpp"
#include "serving_fixtures.hpp"
#include "solvers/economics.hpp"
#include "solvers/single_node.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::expect_rel;
using testing::reg;

TEST(Scenario, BuiltInsLoadInRegistryOrder) {
  ASSERT_EQ(scenarios().size(), 13u);
  EXPECT_EQ(scenarios().front().key, "SmartDoorbell");
  EXPECT_EQ(&find_scenario("Smart Doorbell"), &find_scenario("SmartDoorbell"));
  EXPECT_EQ(&find_scenario("Doorbell"), &find_scenario("SmartDoorbell"));
  EXPECT_EQ(find_scenario("FrontierTraining").fleet, &reg().cluster("Frontier_8K"));
  const Scenario& waymo = find_scenario("AutonomousVehicle_Waymo");
  expect_rel(*waymo.data_rate_bytes_per_s, 19e12 / 3600, 1e-15);  // "19.0 TB/h"
  EXPECT_NE(error_of([] { find_scenario("SmartDorbell"); }).find("did you mean 'SmartDoorbell'"), std::string::npos);
}

TEST(Scenario, LevelsAreTheSolversTheyName) {
  Scenario s = find_scenario("KeywordSpotting");
  const SystemEvaluation e = evaluate_scenario(s, 1, Precision::fp16);
  SingleNodeInputs sn;
  sn.model = s.model;
  sn.hardware = s.hardware;
  const PerformanceProfile p = solve_single_node(sn);
  ASSERT_NE(e.performance.metric("latency"), nullptr);
  EXPECT_EQ(e.performance.metric("latency")->value, p.latency_s * 1e3);
  EXPECT_EQ(e.performance.status, p.latency_s > *s.sla_latency_s ? "FAIL" : "PASS");
  EXPECT_EQ(e.feasibility.metric("weight_size")->value, size_in_bytes(*s.model, 2));
  EXPECT_EQ(e.macro.status, "PASS");
  EXPECT_EQ(e.notes.size(), 1u);  // a 1 mW budget beside the ESP32-S3's TDP
  // Without an SLA the performance level always passes and says so.
  s.sla_latency_s.reset();
  EXPECT_NE(evaluate_scenario(s, 1, Precision::fp16).performance.summary.find("(Target: N/A)"), std::string::npos);
}

TEST(Scenario, BadInputsAreErrors) {
  Scenario s = find_scenario("SmartDoorbell");
  EXPECT_NE(error_of([&] { evaluate_scenario(s, 0, Precision::fp16); }).find("batch_size"), std::string::npos);
  s.sla_latency_s = -1;
  EXPECT_NE(error_of([&] { evaluate_scenario(s, 1, Precision::fp16); }).find("sla_latency"), std::string::npos);
  s = find_scenario("SmartDoorbell");
  s.hardware = nullptr;
  EXPECT_NE(error_of([&] { evaluate_scenario(s, 1, Precision::fp16); }).find("a system"), std::string::npos);
}

}  // namespace
}  // namespace mlsysim
