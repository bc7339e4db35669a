// Records: nested results and lists, addressed by dotted path.
#include <gtest/gtest.h>

#include "api/value.hpp"

namespace mlsysim {
namespace {

Record sample() {
  Record node = {{"latency_s", 0.5}, {"feasible", true}};
  Record candidate = {{"tp", 8}, {"label", "tp8"}};
  return {
      {"step_s", 1.25},
      {"node_profile", Value(node)},
      {"top_candidates", Value(List{Value(candidate), Value(Record{{"tp", 4}})})},
      {"trace", Value(std::vector<std::string>{"a", "b"})},
      {"missing", Value()},
  };
}

TEST(Record, DottedPaths) {
  Record r = sample();
  EXPECT_EQ(*find_path(r, "step_s")->get_if<double>(), 1.25);
  EXPECT_EQ(*find_path(r, "node_profile.latency_s")->get_if<double>(), 0.5);
  EXPECT_EQ(*find_path(r, "node_profile.feasible")->get_if<bool>(), true);
  EXPECT_EQ(*find_path(r, "top_candidates.0.tp")->get_if<long long>(), 8);
  EXPECT_EQ(*find_path(r, "top_candidates.1.tp")->get_if<long long>(), 4);
  EXPECT_EQ(*find_path(r, "trace.1")->get_if<std::string>(), "b");
  EXPECT_TRUE(find_path(r, "missing")->is_none());
  for (const char* bad : {"nope", "node_profile.nope", "top_candidates.2.tp", "top_candidates.x", "step_s.x",
                          "top_candidates.-1", "", "node_profile."})
    EXPECT_EQ(find_path(r, bad), nullptr) << bad;
}

TEST(Record, LeafPathsReachNestedFields) {
  std::vector<std::string> paths = leaf_paths(sample());
  std::vector<std::string> want = {"step_s", "node_profile.latency_s", "node_profile.feasible",
                                   "top_candidates.0.tp", "top_candidates.0.label", "top_candidates.1.tp", "missing"};
  EXPECT_EQ(paths, want);
  for (const auto& p : paths) EXPECT_NE(find_path(sample(), p), nullptr) << p;
}

}  // namespace
}  // namespace mlsysim
