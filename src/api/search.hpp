#pragma once
// A design-space search over any solver: every combination of the axes'
// values (a grid, the last axis fastest), each point solved and scored by a
// result field (dotted path), filtered by constraints on result fields, with
// the best point and the Pareto front of two objectives. Exact: every point is
// evaluated, so the best is the brute-force best (ties: the first in grid
// order). Runs on all cores; a sub-range [begin, end) of the grid can be run
// alone, so a Python executor (Dask, Ray) can spread one search over machines
// and merge the pieces with summarize().
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/result_path.hpp"
#include "api/solver_spec.hpp"
#include "api/value.hpp"

namespace mlsysim::api {

// The inputs of a search, already read: the fixed inputs in `base`, and per axis one Inputs
// object per value with that axis's input set (only that member is taken from it).
struct SearchSpace {
  const SolverSpec* solver = nullptr;
  std::shared_ptr<void> base;
  struct Axis {
    const InputSpec* input = nullptr;
    std::vector<std::shared_ptr<void>> values;
    std::vector<Value> labels;  // the value as given (a registry key, a number), for tables
  };
  std::vector<Axis> axes;

  std::vector<size_t> shape() const;
  size_t size() const;  // the product of the axis lengths; InputError past 2^40 points
  // Axis value indices of flat point i (last axis fastest).
  std::vector<size_t> coordinates(size_t i) const;
  // The Inputs of point i (base with each axis's value).
  std::shared_ptr<void> point_inputs(size_t i) const;
};

// `points` x `extent`, the size of a grid with one more axis; InputError past 2^40 points.
size_t times_axis(size_t points, size_t extent);

// Reads one input from `source` into fresh default Inputs (an axis value, or a fixed input).
std::shared_ptr<void> read_one(const SolverSpec& solver, const InputSpec& input, InputSource& source,
                               void* into = nullptr);
// Checks that every required input is fixed or an axis; InputError naming the missing ones.
void require_complete(const SearchSpace& space, const std::vector<const InputSpec*>& fixed);

struct Goal {
  std::optional<ResultPath> path;  // none: no second objective
  bool maximize = false;
};

enum class CompareOp { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual };
struct Constraint {
  ResultPath path;
  CompareOp op = CompareOp::Less;
  double limit = 0;  // SI, as the key's suffix says
  std::string text;  // as written, for messages
  bool holds(double v) const;
};
// "latency_s<0.01", "p99_latency_s <= 20 ms", "feasible==1": the field, an operator, a limit
// (a number in the key's SI unit, or a quantity with its unit).
Constraint parse_constraint(const ResultSpec& spec, std::string_view text);

enum PointStatus : uint8_t { kSatisfies = 0, kViolates = 1, kInvalid = 2 };

// Per point of [begin, end): the objectives (NaN where invalid) and the status.
struct SearchColumns {
  size_t begin = 0;
  std::vector<double> objective, second;
  std::vector<uint8_t> status;
  std::vector<std::string> first_invalid;  // one message, for "why is everything invalid"
};

// `progress(done, total)` is called from the calling thread a few times a second once the run
// has taken a second; threads 0 means every core.
SearchColumns evaluate(const SearchSpace& space, const Goal& objective, const Goal& second,
                       const std::vector<Constraint>& where, size_t begin, size_t end, int threads = 0,
                       const std::function<void(size_t, size_t)>& progress = {});

struct SearchSummary {
  std::optional<size_t> best;   // flat index of the best satisfying point
  std::vector<size_t> pareto;   // flat indices of the front, by the first objective (best first)
  std::vector<size_t> top;      // the best `top_n` satisfying points, best first
  size_t satisfying = 0, invalid = 0;
};
// From columns that cover the whole grid (merged from pieces, in order). `second_maximize` is
// empty when there is no second objective (no Pareto front then).
SearchSummary summarize(const SearchColumns& columns, bool maximize, std::optional<bool> second_maximize,
                        size_t top_n);

}  // namespace mlsysim::api
