// The generic door: name=value text through the SingleNodeModel description.
#include <gtest/gtest.h>

#include "api/door.hpp"
#include "api/specs/single_node.hpp"
#include "api/text_source.hpp"
#include "core/errors.hpp"
#include "solvers/single_node.hpp"

namespace mlsysim {
namespace {

using api::find_solver;

Record run(const std::vector<std::string>& args) {
  const api::SolverSpec& spec = find_solver("SingleNodeModel");
  api::TextSource source(spec, args, Registry::builtin(), spec.name);
  return api::to_record(*spec.result, api::run_solver(spec, source).get());
}

double number(const Record& r, const std::string& key) {
  if (const Value* v = find_path(r, key))
    if (const double* d = v->get_if<double>()) return *d;
  ADD_FAILURE() << "no number field " << key;
  return 0;
}

TEST(SolverDoor, GoldenThroughNameValuePairs) {
  Record r = run({"model=ResNet50", "hardware=A100", "batch_size=1", "precision=fp16"});
  EXPECT_NEAR(number(r, "latency_s"), 0.0005675641025641026, 1e-15);
  Record llama = run({"model=Llama3_8B", "hardware=H100"});
  EXPECT_NEAR(number(llama, "latency_s"), 0.005603432835820896, 1e-14);
}

// Defaults live only in SingleNodeInputs: the door with just the required
// inputs is solve_single_node on a default-constructed Inputs.
TEST(SolverDoor, OnlyRequiredEqualsDefaultInputs) {
  SingleNodeInputs in;
  in.model = &Registry::builtin().model("Llama3_8B");
  in.hardware = &Registry::builtin().hardware("H100");
  PerformanceProfile direct = solve_single_node(in);
  EXPECT_EQ(run({"model=Llama3_8B", "hardware=H100"}), api::to_record(api::performance_profile_result(), &direct));
}

TEST(SolverDoor, FindsSolversByAliasAndSuggests) {
  EXPECT_EQ(find_solver("engine.solve").name, "SingleNodeModel");
  EXPECT_EQ(find_solver("singlenodemodel").name, "SingleNodeModel");
  try {
    find_solver("SingleNodeModle");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'SingleNodeModel'"), std::string::npos);
  }
}

TEST(SolverDoor, BadParametersAreClearErrors) {
  auto message = [](const std::vector<std::string>& args) -> std::string {
    try {
      run(args);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message({"model=ResNet50", "hardware=A100", "batch_sise=2"}).find("did you mean 'batch_size'"), std::string::npos);
  EXPECT_NE(message({"model=ResNet50", "hardware=A100", "batch_size=0"}).find("batch_size must be >= 1, got 0"), std::string::npos);
  EXPECT_NE(message({"model=ResNet50", "hardware=A100", "batch_size=abc"}).find("batch_size"), std::string::npos);
  EXPECT_NE(message({"model=ResNet50", "hardware=A100", "batch_size=2.5"}).find("whole number"), std::string::npos);
  EXPECT_NE(message({"model=ResNet50", "hardware=A100", "efficiency=nan"}).find("efficiency"), std::string::npos);
  EXPECT_NE(message({"model=ResNet50", "hardware=A100", "precision=fp64"}).find("fp32, tf32"), std::string::npos);
  EXPECT_NE(message({"model=ResNet5", "hardware=A100"}).find("did you mean 'ResNet50'"), std::string::npos);
  EXPECT_NE(message({"hardware=A100"}).find("needs model="), std::string::npos);
  EXPECT_NE(message({"model=ResNet50", "hardware=A100", "is_training=maybe"}).find("true or false"), std::string::npos);
  EXPECT_NE(message({"model=ResNet50", "hardware=A100", "batch_size=1", "batch_size=2"}).find("twice"), std::string::npos);
  EXPECT_NE(message({"model=ResNet50", "hardware=A100", "oops"}).find("name=value"), std::string::npos);
}

}  // namespace
}  // namespace mlsysim
