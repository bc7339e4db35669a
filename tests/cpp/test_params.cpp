#include <gtest/gtest.h>

#include "api/solver_table.hpp"
#include "core/errors.hpp"

namespace mlsysim {
namespace {

Record run(const std::vector<std::string>& args) {
  const SolverSpec& spec = find_solver("SingleNodeModel");
  ParamValues values(spec.params, parse_assignments(args, spec.params, spec.name));
  return spec.run(values, Registry::builtin());
}

double number(const Record& r, const std::string& key) {
  for (const auto& f : r)
    if (f.key == key) return std::get<double>(f.value);
  ADD_FAILURE() << "no field " << key;
  return 0;
}

TEST(SolverDoor, GoldenThroughNameValuePairs) {
  Record r = run({"model=ResNet50", "hardware=A100", "batch_size=1", "precision=fp16"});
  EXPECT_NEAR(number(r, "latency_s"), 0.0005675641025641026, 1e-15);
  Record llama = run({"model=Llama3_8B", "hardware=H100"});
  EXPECT_NEAR(number(llama, "latency_s"), 0.005603432835820896, 1e-14);
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
