// Plan files: parsing with file/line/key errors, the scorecard's levels against the solvers
// they call, and assertions (units, unknown metrics).
#include "plan/plan.hpp"
#include "plan/schema.hpp"
#include "serving_fixtures.hpp"
#include "solvers/economics.hpp"
#include "solvers/single_node.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::expect_rel;
using testing::reg;

Plan plan(const std::string& text) { return parse_plan(text, "t.yaml", true, reg()); }

const char* kFleet =
    "version: '1.0'\nname: fleet\nworkload: {name: Llama3_70B, batch_size: 4096}\n"
    "hardware: {name: H100, node_count: 64, accelerators_per_node: 8, efficiency: 0.45}\n"
    "ops: {region: Quebec, duration_days: 14}\n"
    "constraints:\n  assert:\n    - {metric: macro.carbon_footprint, max: 1.0}\n"
    "    - {metric: performance.step_latency, max: '20 s'}\n";

TEST(Plan, FleetScorecardAndAssertions) {
  const Plan p = plan(kFleet);
  ASSERT_TRUE(p.fleet);
  EXPECT_EQ(p.total_accelerators(), 512);
  EXPECT_EQ(p.fleet->count, 64);
  EXPECT_EQ(p.node->intra_node_bw_bytes_per_s, 450e9);  // the H100's NVLink, per direction
  const SystemEvaluation e = evaluate_system(p.evaluation_inputs());
  EXPECT_EQ(e.feasibility.status, "FAIL");  // 1.5 TB of training state per H100
  EXPECT_EQ(e.macro.status, "PASS");
  EconomicsInputs c{p.fleet.get(), 14 * 86400.0};
  c.grid = Datacenter::of_grid(reg().grid("Quebec"));
  const EconomicsResult m = solve_economics(c);
  expect_rel(e.macro.metric("tco_usd")->value, m.tco_usd, 1e-15);
  expect_rel(e.macro.metric("carbon_footprint")->value, m.footprint.carbon_footprint_kg / 1000, 1e-15);
  const auto v = violated_asserts(p, e);
  ASSERT_EQ(v.size(), 1u);  // 16.8 s per step is under 20 s
  EXPECT_EQ(v[0], "macro.carbon_footprint (2.55295488 t) exceeds max (1.0 t)");
}

TEST(Plan, OneAcceleratorMatchesSingleNodeModel) {
  const Plan p = plan("version: '1'\nname: one\nworkload: {name: Llama3_8B, batch_size: 8}\nhardware: {name: H100}\n");
  EXPECT_FALSE(p.fleet);
  const SystemEvaluation e = evaluate_system(p.evaluation_inputs());
  SingleNodeInputs s;
  s.model = &reg().model("Llama3_8B");
  s.hardware = &reg().hardware("H100");
  s.batch_size = 8;
  expect_rel(e.performance.metric("latency")->value, solve_single_node(s).latency_s * 1e3, 1e-15);
  EXPECT_EQ(e.macro.status, "SKIPPED");
  EXPECT_EQ(e.feasibility.summary, "16.1 GB / 85.9 GB used");
  EXPECT_NE(e.scorecard().find("║ Level 2: Performance [PASS]\n║ ↳ Memory Bound"), std::string::npos);
}

TEST(Plan, ErrorsNameLineAndKey) {
  EXPECT_NE(error_of([] { plan("version: '1'\nname: x\nworkload: {name: Llama3_8B}\nhardware:\n  name: H100\n  nodes: 8\n"); })
                .find("plan 't.yaml', line 6, hardware.nodes: unknown key"),
            std::string::npos);
  EXPECT_NE(error_of([] { plan("version: '1'\nname: x\nworkload: {name: Llama3_8B}\nhardware: {name: H100, accelerators: 10, accelerators_per_node: 4}\n"); })
                .find("divisible"),
            std::string::npos);
  EXPECT_NE(error_of([] { plan("version: '1'\nname: x\nworkload: {name: Llama3_8B}\nhardware: {name: H100}\nops: {region: Qubec}\n"); })
                .find("did you mean 'Quebec'"),
            std::string::npos);
  const Plan p = plan("version: '1'\nname: x\nworkload: {name: Llama3_8B}\nhardware: {name: H100}\n"
                      "constraints: {assert: [{metric: macro.tco_usd, max: 5}]}\n");
  const SystemEvaluation e = evaluate_system(p.evaluation_inputs());
  EXPECT_NE(error_of([&] { violated_asserts(p, e); }).find("unknown metric 'macro.tco_usd'"), std::string::npos);
  EXPECT_NE(error_of([] { json_schema("hardwre"); }).find("did you mean 'hardware'"), std::string::npos);
}

}  // namespace
}  // namespace mlsysim
