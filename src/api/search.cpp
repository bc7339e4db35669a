#include "api/search.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "core/errors.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"
#include "core/units.hpp"

namespace mlsysim::api {

std::vector<size_t> SearchSpace::shape() const {
  std::vector<size_t> s;
  for (const Axis& a : axes) s.push_back(a.values.size());
  return s;
}

size_t times_axis(size_t points, size_t extent) {
  constexpr size_t kMaxPoints = size_t{1} << 40;
  if (points > kMaxPoints / extent) throw InputError("search: the grid has more than 2^40 points; split it");
  return points * extent;
}

size_t SearchSpace::size() const {
  size_t n = 1;
  for (const Axis& a : axes) {
    if (a.values.empty()) throw InputError("search: axis " + a.input->name + " has no values");
    n = times_axis(n, a.values.size());
  }
  return n;
}

std::vector<size_t> SearchSpace::coordinates(size_t i) const {
  std::vector<size_t> c(axes.size());
  for (size_t k = axes.size(); k-- > 0;) {
    c[k] = i % axes[k].values.size();
    i /= axes[k].values.size();
  }
  return c;
}

std::shared_ptr<void> SearchSpace::point_inputs(size_t i) const {
  std::shared_ptr<void> in = solver->make_inputs();
  const std::vector<size_t> c = coordinates(i);
  // base first (every fixed input), then each axis's member
  for (const InputSpec& spec : solver->inputs) spec.copy(in.get(), base.get());
  for (size_t k = 0; k < axes.size(); ++k) axes[k].input->copy(in.get(), axes[k].values[c[k]].get());
  return in;
}

std::shared_ptr<void> read_one(const SolverSpec& solver, const InputSpec& input, InputSource& source, void* into) {
  std::shared_ptr<void> fresh;
  if (!into) {
    fresh = solver.make_inputs();
    into = fresh.get();
  }
  input.assign(into, input, source);
  return fresh;
}

void require_complete(const SearchSpace& space, const std::vector<const InputSpec*>& fixed) {
  std::vector<std::string> missing;
  for (const InputSpec& in : space.solver->inputs) {
    if (!in.required) continue;
    bool given = std::find(fixed.begin(), fixed.end(), &in) != fixed.end();
    for (const auto& a : space.axes) given = given || a.input == &in;
    if (!given) missing.push_back(in.name + "=<" + accepted_values(in) + ">");
  }
  if (!missing.empty()) throw InputError(space.solver->name + " needs " + join_names(missing));
}

bool Constraint::holds(double v) const {
  switch (op) {
    case CompareOp::Less: return v < limit;
    case CompareOp::LessEqual: return v <= limit;
    case CompareOp::Greater: return v > limit;
    case CompareOp::GreaterEqual: return v >= limit;
    case CompareOp::Equal: return v == limit;
    case CompareOp::NotEqual: return v != limit;
  }
  return false;
}

Constraint parse_constraint(const ResultSpec& spec, std::string_view text) {
  static const std::pair<const char*, CompareOp> kOps[] = {
      {"<=", CompareOp::LessEqual}, {">=", CompareOp::GreaterEqual}, {"==", CompareOp::Equal},
      {"!=", CompareOp::NotEqual},  {"<", CompareOp::Less},          {">", CompareOp::Greater}};
  for (const auto& [sym, op] : kOps) {
    const size_t at = text.find(sym);
    if (at == std::string_view::npos) continue;
    auto trim = [](std::string_view s) {
      while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      return s;
    };
    const std::string_view field = trim(text.substr(0, at));
    const std::string limit_text(trim(text.substr(at + std::string_view(sym).size())));
    ResultPath path(spec, field);
    Quantity q;
    try {
      q = parse_quantity(limit_text);
    } catch (const InputError& e) {
      throw InputError("constraint " + in_quotes(text, 80) + ": the limit " + in_quotes(limit_text, 40) + ": " + e.what());
    }
    if (!std::isfinite(q.value)) throw InputError("constraint " + in_quotes(text, 80) + ": the limit must be finite");
    if (q.dimension != Dimension::Dimensionless) {
      const char* si = path.leaf() ? si_unit_of_key(path.leaf()->key) : nullptr;
      const Dimension want = si ? parse_quantity(std::string("1 ") + si).dimension : Dimension::Dimensionless;
      if (want != q.dimension)
        throw InputError("constraint " + in_quotes(text, 80) + ": " + in_quotes(limit_text, 40) + " is a " +
                         dimension_name(q.dimension) + ", but " + std::string(field) +
                         (si ? std::string(" is in ") + si : std::string(" has no unit")));
    }
    return Constraint{std::move(path), op, q.value, std::string(text)};
  }
  throw InputError("constraint " + in_quotes(text, 80) +
                   ": expected FIELD OP LIMIT with OP one of < <= > >= == != (like 'latency_s<0.01')");
}

namespace {
constexpr size_t kChunk = 4096;
}

SearchColumns evaluate(const SearchSpace& space, const Goal& objective, const Goal& second,
                       const std::vector<Constraint>& where, size_t begin, size_t end, int threads,
                       const std::function<void(size_t, size_t)>& progress) {
  const size_t total = space.size();
  end = std::min(end, total);
  if (begin > end) begin = end;
  if (!objective.path) throw InputError("search: an objective is required (--minimize FIELD or --maximize FIELD)");
  SearchColumns out;
  out.begin = begin;
  const size_t n = end - begin;
  out.objective.assign(n, NAN);
  if (second.path) out.second.assign(n, NAN);
  out.status.assign(n, kInvalid);

  std::atomic<size_t> next{begin}, done{0};
  std::atomic<bool> have_message{false};
  std::string message;

  const auto work = [&]() {
    const std::function<void(void*, size_t)> prepare = [&](void* in, size_t i) {
      for (size_t k = space.axes.size(); k-- > 0;) {
        const auto& axis = space.axes[k];
        axis.input->copy(in, axis.values[i % axis.values.size()].get());
        i /= axis.values.size();
      }
    };
    const std::function<void(const void*, size_t)> visit = [&](const void* result, size_t i) {
      const size_t j = i - begin;
      const std::optional<double> v = objective.path->number(result);
      if (!v || !std::isfinite(*v)) return;  // stays invalid
      double s = NAN;
      if (second.path) {
        const std::optional<double> w = second.path->number(result);
        if (!w || !std::isfinite(*w)) return;
        s = *w;
      }
      uint8_t status = kSatisfies;
      for (const Constraint& c : where) {
        const std::optional<double> x = c.path.number(result);
        if (!x || !c.holds(*x)) {
          status = kViolates;
          break;
        }
      }
      out.objective[j] = *v;
      if (second.path) out.second[j] = s;
      out.status[j] = status;
    };
    const std::function<void(size_t, const char*)> invalid = [&](size_t, const char* why) {
      bool expected = false;
      if (have_message.compare_exchange_strong(expected, true)) message = why;
    };
    while (true) {
      const size_t from = next.fetch_add(kChunk);
      if (from >= end) return;
      const size_t to = std::min(end, from + kChunk);
      space.solver->solve_range({space.base.get(), from, to, &prepare, &visit, &invalid});
      done.fetch_add(to - from);
    }
  };

  unsigned count = threads > 0 ? static_cast<unsigned>(threads) : std::max(1u, std::thread::hardware_concurrency());
  count = static_cast<unsigned>(std::min<size_t>(count, (n + kChunk - 1) / kChunk));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < count; ++t) pool.emplace_back(work);
  if (progress) {  // the calling thread only reports, once the run has taken a second
    const auto start = std::chrono::steady_clock::now();
    bool shown = false;
    while (done.load() < n) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (std::chrono::steady_clock::now() - start > std::chrono::seconds(1)) {
        progress(done.load(), n);
        shown = true;
      }
    }
    if (shown) progress(n, n);
  }
  for (auto& t : pool) t.join();
  if (have_message) out.first_invalid.push_back(message);
  return out;
}

SearchSummary summarize(const SearchColumns& c, bool maximize, std::optional<bool> second_maximize, size_t top_n) {
  SearchSummary s;
  const auto better = [maximize](double a, double b) { return maximize ? a > b : a < b; };
  std::vector<size_t> ok;
  for (size_t j = 0; j < c.status.size(); ++j) {
    if (c.status[j] == kSatisfies) ok.push_back(j);
    else if (c.status[j] == kInvalid) ++s.invalid;
  }
  s.satisfying = ok.size();
  // Best first; ties keep grid order (stable), so the first best point wins.
  const auto by_objective = [&](size_t a, size_t b) { return better(c.objective[a], c.objective[b]); };
  std::vector<size_t> order = ok;
  const size_t k = std::min(top_n, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<long>(k), order.end(), [&](size_t a, size_t b) {
    return by_objective(a, b) || (!by_objective(b, a) && a < b);
  });
  for (size_t i = 0; i < k; ++i) s.top.push_back(c.begin + order[i]);
  if (!ok.empty()) {
    size_t best = ok.front();
    for (size_t j : ok)
      if (better(c.objective[j], c.objective[best])) best = j;
    s.best = c.begin + best;
  }
  if (second_maximize && !ok.empty()) {
    const bool max2 = *second_maximize;
    const auto better2 = [max2](double a, double b) { return max2 ? a > b : a < b; };
    // Sort by the first objective (then the second, then grid order); a point is on the front
    // when its second objective beats every point before it.
    std::vector<size_t> sorted = ok;
    std::stable_sort(sorted.begin(), sorted.end(), [&](size_t a, size_t b) {
      if (c.objective[a] != c.objective[b]) return better(c.objective[a], c.objective[b]);
      return better2(c.second[a], c.second[b]);
    });
    bool any = false;
    double best2 = 0;
    for (size_t j : sorted) {
      if (!any || better2(c.second[j], best2)) {
        s.pareto.push_back(c.begin + j);
        best2 = c.second[j];
        any = true;
      }
    }
  }
  return s;
}

}  // namespace mlsysim::api
