// The design-space search: exact (the best point and the Pareto front equal a brute force over
// the same grid through the generic door), its pieces merge to the whole, and its text (axes,
// ranges, constraints, field paths) fails with one clear error.
#include <cmath>
#include <limits>

#include "api/door.hpp"
#include "api/text_search.hpp"
#include "api/text_source.hpp"
#include "serving_fixtures.hpp"

namespace mlsysim {
namespace {

using testing::error_of;
using testing::reg;

struct Brute {
  std::vector<double> objective, second;
  std::vector<uint8_t> status;
};

// Every point solved through the door, one at a time, as the user would by hand.
Brute brute_force(const api::SolverSpec& spec, const std::vector<std::string>& fixed,
                  const std::vector<std::pair<std::string, std::vector<std::string>>>& axes, const std::string& objective,
                  const std::string& second, const std::vector<std::string>& where) {
  size_t n = 1;
  for (const auto& a : axes) n *= a.second.size();
  Brute b;
  for (size_t i = 0; i < n; ++i) {
    std::vector<std::string> args = fixed;
    size_t rest = i;
    for (size_t k = axes.size(); k-- > 0;) {
      args.push_back(axes[k].first + "=" + axes[k].second[rest % axes[k].second.size()]);
      rest /= axes[k].second.size();
    }
    try {
      api::TextSource source(spec, args, reg(), spec.name);
      const Record r = api::to_record(*spec.result, api::run_solver(spec, source).get());
      const double v = *find_path(r, objective)->get_if<double>();
      b.objective.push_back(v);
      b.second.push_back(second.empty() ? NAN : *find_path(r, second)->get_if<double>());
      uint8_t status = api::kSatisfies;
      for (const auto& w : where) {
        const api::Constraint c = api::parse_constraint(*spec.result, w);
        const Value* x = find_path(r, c.path.text());
        const double d = x->get_if<double>() ? *x->get_if<double>() : (*x->get_if<bool>() ? 1.0 : 0.0);
        if (!c.holds(d)) status = api::kViolates;
      }
      b.status.push_back(status);
    } catch (const std::exception&) {
      b.objective.push_back(NAN);
      b.second.push_back(NAN);
      b.status.push_back(api::kInvalid);
    }
  }
  return b;
}

std::vector<std::string> with_axes(std::vector<std::string> fixed,
                                   const std::vector<std::pair<std::string, std::vector<std::string>>>& axes) {
  for (const auto& [name, values] : axes) {
    std::string joined;
    for (const auto& v : values) joined += (joined.empty() ? "" : ",") + v;
    fixed.push_back(name + "=" + joined);
  }
  return fixed;
}

void expect_same(const api::SearchColumns& c, const Brute& b) {
  ASSERT_EQ(c.status.size(), b.status.size());
  for (size_t i = 0; i < b.status.size(); ++i) {
    EXPECT_EQ(c.status[i], b.status[i]) << i;
    if (b.status[i] != api::kInvalid) EXPECT_EQ(c.objective[i], b.objective[i]) << i;
  }
}

TEST(Search, SingleNodeEqualsBruteForce) {
  const api::SolverSpec& spec = api::find_solver("SingleNodeModel");
  const std::vector<std::pair<std::string, std::vector<std::string>>> axes = {
      {"hardware", {"H100", "A100", "T4", "B200", "JetsonOrinNX"}},
      {"batch_size", {"1", "2", "8", "32", "128"}},
      {"precision", {"fp16", "fp8", "int8", "fp4"}}};  // fp4 is invalid on most: such points are invalid
  const std::vector<std::string> fixed = {"model=Llama3_8B"};
  const std::vector<std::string> where = {"throughput_per_s>50", "feasible==1"};
  const api::SearchSpace space = api::text_search_space(spec, with_axes(fixed, axes), reg());
  ASSERT_EQ(space.size(), 100u);
  const api::Goal lat{api::ResultPath(*spec.result, "latency_s"), false};
  const api::Goal thr{api::ResultPath(*spec.result, "throughput_per_s"), true};
  std::vector<api::Constraint> cs;
  for (const auto& w : where) cs.push_back(api::parse_constraint(*spec.result, w));
  const api::SearchColumns cols = api::evaluate(space, lat, thr, cs, 0, space.size(), 2);
  const Brute b = brute_force(spec, fixed, axes, "latency_s", "throughput_per_s", where);
  expect_same(cols, b);

  // The best: the brute-force minimum over the satisfying points, the first on a tie.
  std::optional<size_t> best;
  for (size_t i = 0; i < b.status.size(); ++i)
    if (b.status[i] == api::kSatisfies && (!best || b.objective[i] < b.objective[*best])) best = i;
  const api::SearchSummary s = api::summarize(cols, false, true, 5);
  ASSERT_TRUE(best && s.best);
  EXPECT_EQ(*s.best, *best);
  EXPECT_EQ(s.top.front(), *best);
  EXPECT_GT(s.invalid, 0u);

  // The Pareto front: satisfying points no other satisfying point dominates (ties kept once).
  std::vector<size_t> front;
  for (size_t i = 0; i < b.status.size(); ++i) {
    if (b.status[i] != api::kSatisfies) continue;
    bool dominated = false;
    for (size_t j = 0; j < b.status.size() && !dominated; ++j)
      if (j != i && b.status[j] == api::kSatisfies && b.objective[j] <= b.objective[i] && b.second[j] >= b.second[i] &&
          (b.objective[j] < b.objective[i] || b.second[j] > b.second[i] || j < i))
        dominated = true;
    if (!dominated) front.push_back(i);
  }
  std::vector<size_t> got = s.pareto;
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, front);
}

TEST(Search, PiecesMergeToTheWhole) {
  const api::SolverSpec& spec = api::find_solver("DistributedModel");
  const std::vector<std::pair<std::string, std::vector<std::string>>> axes = {
      {"tp_size", {"1", "2", "4", "8"}}, {"pp_size", {"1", "2", "4", "64"}}, {"microbatch_count", {"1", "4", "16"}}};
  const std::vector<std::string> fixed = {"model=Llama3_8B", "fleet=Research_256", "batch_size=1024"};
  const api::SearchSpace space = api::text_search_space(spec, with_axes(fixed, axes), reg());
  const api::Goal step{api::ResultPath(*spec.result, "step_latency_total_s"), false}, none;
  const api::SearchColumns whole = api::evaluate(space, step, none, {}, 0, space.size(), 2);
  expect_same(whole, brute_force(spec, fixed, axes, "step_latency_total_s", "", {}));
  api::SearchColumns merged;
  for (size_t b = 0; b < space.size(); b += 7) {
    const api::SearchColumns piece = api::evaluate(space, step, none, {}, b, b + 7, 1);
    EXPECT_EQ(piece.begin, b);
    merged.objective.insert(merged.objective.end(), piece.objective.begin(), piece.objective.end());
    merged.status.insert(merged.status.end(), piece.status.begin(), piece.status.end());
  }
  EXPECT_EQ(merged.status, whole.status);
  EXPECT_EQ(api::summarize(merged, false, std::nullopt, 3).best, api::summarize(whole, false, std::nullopt, 3).best);
  EXPECT_GT(api::summarize(whole, false, std::nullopt, 3).invalid, 0u);  // pp 64 > 32 layers
}

TEST(Search, NestedPathsAndMaps) {
  const api::SolverSpec& dist = api::find_solver("DistributedModel");
  EXPECT_NO_THROW(api::ResultPath(*dist.result, "node_profile.latency_s"));
  const api::SolverSpec& sens = api::find_solver("SensitivitySolver");
  const api::SearchSpace space = api::text_search_space(
      sens, {"model=Llama3_8B", "hardware=H100,A100,T4", "perturbation_pct=10"}, reg());
  const api::Goal g{api::ResultPath(*sens.result, "sensitivities.memory_bandwidth"), false}, none;
  const auto cols = api::evaluate(space, g, none, {}, 0, space.size(), 1);
  for (double v : cols.objective) EXPECT_LT(v, 0);  // more bandwidth helps a memory-bound decode
}

TEST(Search, RangesOfNumbersAndIntegers) {
  const api::SolverSpec& spec = api::find_solver("SingleNodeModel");
  const api::InputSpec& batch = spec.input("batch_size");
  EXPECT_EQ(api::axis_values(batch, "1:4"), (std::vector<std::string>{"1", "2", "3", "4"}));
  EXPECT_EQ(api::axis_values(batch, "0:1024:5"), (std::vector<std::string>{"0", "256", "512", "768", "1024"}));
  EXPECT_EQ(api::axis_values(spec.input("efficiency"), "0.25:0.75:3"),
            (std::vector<std::string>{"0.25", "0.5", "0.75"}));
  EXPECT_NE(error_of([&] { api::axis_values(batch, "1:10:3"); }).find("not whole numbers"), std::string::npos);
  EXPECT_NE(error_of([&] { api::axis_values(spec.input("efficiency"), "0.1:0.9"); }).find("lo:hi:n"), std::string::npos);
  EXPECT_NE(error_of([&] { api::axis_values(batch, "1:1e12"); }).find("10000000"), std::string::npos);
  EXPECT_NE(error_of([&] { api::axis_values(batch, "1,,2"); }).find("empty value"), std::string::npos);
}

TEST(Search, BadTextIsOneClearError) {
  const api::SolverSpec& spec = api::find_solver("SingleNodeModel");
  EXPECT_NE(error_of([&] { api::ResultPath(*spec.result, "latncy_s"); }).find("did you mean 'latency_s'"), std::string::npos);
  EXPECT_NE(error_of([&] { api::ResultPath(*spec.result, "bottleneck"); }).find("not a number"), std::string::npos);
  EXPECT_NE(error_of([&] { api::parse_constraint(*spec.result, "latency_s~3"); }).find("OP one of"), std::string::npos);
  EXPECT_NE(error_of([&] { api::parse_constraint(*spec.result, "latency_s<3 GB"); }).find("is in s"), std::string::npos);
  EXPECT_EQ(api::parse_constraint(*spec.result, "latency_s <= 20 ms").limit, 0.02);
  EXPECT_NE(error_of([&] { api::text_search_space(spec, {"hardware=H100,A100"}, reg()); }).find("needs model="),
            std::string::npos);
  EXPECT_NE(error_of([&] { api::text_search_space(spec, {"model=Llama3_8B", "hardware=H100,Z9"}, reg()); }).find("Z9"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              api::text_search_space(spec, {"model=Llama3_8B", "hardware=H100", "batch_size=1:100000",
                                            "seq_len=1:100000", "efficiency=0.1:1:200"},
                                     reg());
            }).find("2^40"),
            std::string::npos);
}

}  // namespace
}  // namespace mlsysim
