#pragma once
// Filling in a SolverSpec / ResultSpec from member pointers, so a spec file
// says each input and result field once and the kind (integer, model, ...)
// follows from the member's type. Included only by src/api/specs/*.cpp.
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "api/solver_spec.hpp"
#include "core/errors.hpp"
#include "hardware/hardware_node.hpp"
#include "infra/datacenter.hpp"
#include "infra/grid_profile.hpp"
#include "models/workload.hpp"
#include "systems/fleet.hpp"

namespace mlsysim::api {

namespace detail {

template <typename T>
struct EntityTraits;
template <>
struct EntityTraits<Workload> {
  static constexpr InputKind kind = InputKind::Model;
  static const Workload& read(InputSource& s, const InputSpec& in) { return s.model(in); }
};
template <>
struct EntityTraits<HardwareNode> {
  static constexpr InputKind kind = InputKind::Hardware;
  static const HardwareNode& read(InputSource& s, const InputSpec& in) { return s.hardware(in); }
};
template <>
struct EntityTraits<GridProfile> {
  static constexpr InputKind kind = InputKind::Grid;
  static const GridProfile& read(InputSource& s, const InputSpec& in) { return s.grid(in); }
};
template <>
struct EntityTraits<NetworkFabric> {
  static constexpr InputKind kind = InputKind::Fabric;
  static const NetworkFabric& read(InputSource& s, const InputSpec& in) { return s.fabric(in); }
};
template <>
struct EntityTraits<Node> {
  static constexpr InputKind kind = InputKind::Node;
  static const Node& read(InputSource& s, const InputSpec& in) { return s.node(in); }
};
template <>
struct EntityTraits<Fleet> {
  static constexpr InputKind kind = InputKind::Cluster;
  static const Fleet& read(InputSource& s, const InputSpec& in) { return s.cluster(in); }
};

template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};

// Whole numbers stored in an int: the reference's counts, bounded so that
// products of a few of them stay exact in double.
inline int to_int(long long v, const InputSpec& in) {
  constexpr long long kLimit = 1'000'000'000;
  if (v > kLimit) throw InputError(in.name + " must be at most " + std::to_string(kLimit) + ", got " + std::to_string(v));
  if (v < -kLimit)
    throw InputError(in.name + " must be at least -" + std::to_string(kLimit) + ", got " + std::to_string(v));
  return static_cast<int>(v);
}

// The index of `text` among the input's choices (case-insensitive); an
// InputError listing them, with the closest, otherwise.
size_t choice_index(const std::string& text, const InputSpec& in);

// How an input member of type M is read, and what its default looks like.
template <typename M>
struct InputTraits {
  static_assert(sizeof(M) == 0, "no input kind for this member type; add one to spec_builder.hpp");
};
template <typename E>
struct InputTraits<const E*> {
  static constexpr InputKind kind = EntityTraits<E>::kind;
  static constexpr bool nullable = true;
  static void read(const E*& out, InputSource& s, const InputSpec& in) {
    out = in.nullable && s.is_none(in) ? nullptr : &EntityTraits<E>::read(s, in);
  }
  static Value to_value(const E* v) { return v ? Value(v->key) : Value(); }
};
// A facility by value: a grid given in its place becomes one (Datacenter::of_grid).
template <>
struct InputTraits<Datacenter> {
  static constexpr InputKind kind = InputKind::Datacenter;
  static constexpr bool nullable = false;
  static void read(Datacenter& out, InputSource& s, const InputSpec& in) { out = s.datacenter(in); }
  static Value to_value(const Datacenter& v) { return Value(v.key); }
};
template <>
struct InputTraits<int> {
  static constexpr InputKind kind = InputKind::Integer;
  static constexpr bool nullable = false;
  static void read(int& out, InputSource& s, const InputSpec& in) { out = to_int(s.integer(in), in); }
  static Value to_value(int v) { return Value(v); }
};
template <>
struct InputTraits<long long> {
  static constexpr InputKind kind = InputKind::Integer;
  static constexpr bool nullable = false;
  static void read(long long& out, InputSource& s, const InputSpec& in) { out = s.integer(in); }
  static Value to_value(long long v) { return Value(v); }
};
template <>
struct InputTraits<double> {
  static constexpr InputKind kind = InputKind::Number;
  static constexpr bool nullable = false;
  static void read(double& out, InputSource& s, const InputSpec& in) { out = s.number(in); }
  static Value to_value(double v) { return Value(v); }
};
// A quantity that may come in either of two dimensions (InputRef::or_dimension).
template <>
struct InputTraits<Quantity> {
  static constexpr InputKind kind = InputKind::Quantity;
  static constexpr bool nullable = false;
  static void read(Quantity& out, InputSource& s, const InputSpec& in) {
    out.value = s.number(in);
    out.dimension = s.dimension_of(in);
  }
  static Value to_value(const Quantity& v) { return Value(v.value); }
};
template <>
struct InputTraits<bool> {
  static constexpr InputKind kind = InputKind::Bool;
  static constexpr bool nullable = false;
  static void read(bool& out, InputSource& s, const InputSpec& in) { out = s.flag(in); }
  static Value to_value(bool v) { return Value(v); }
};
template <>
struct InputTraits<Precision> {
  static constexpr InputKind kind = InputKind::Precision;
  static constexpr bool nullable = false;
  static void read(Precision& out, InputSource& s, const InputSpec& in) { out = s.precision(in); }
  static Value to_value(Precision v) { return Value(precision_name(v)); }
};
template <>
struct InputTraits<std::string> {
  static constexpr InputKind kind = InputKind::Text;
  static constexpr bool nullable = false;
  static void read(std::string& out, InputSource& s, const InputSpec& in) { out = s.text(in); }
  static Value to_value(const std::string& v) { return Value(v); }
};
template <>
struct InputTraits<GridList> {
  static constexpr InputKind kind = InputKind::GridList;
  static constexpr bool nullable = false;
  static void read(GridList& out, InputSource& s, const InputSpec& in) { out = s.grid_list(in); }
  static Value to_value(const GridList& v) { return Value(v.names); }
};
template <typename T>
struct InputTraits<std::optional<T>> {
  static constexpr InputKind kind = InputTraits<T>::kind;
  static constexpr bool nullable = true;
  static void read(std::optional<T>& out, InputSource& s, const InputSpec& in) {
    if (s.is_none(in)) {
      out.reset();
      return;
    }
    T v{};
    InputTraits<T>::read(v, s, in);
    out = v;
  }
  static Value to_value(const std::optional<T>& v) { return v ? InputTraits<T>::to_value(*v) : Value(); }
};

// How a result value of type T becomes a Value and which kind it is.
template <typename T>
struct OutputTraits {
  static_assert(sizeof(T) == 0, "no output kind for this type; add one to spec_builder.hpp");
};
template <>
struct OutputTraits<bool> {
  static constexpr OutputKind kind = OutputKind::Bool;
  static constexpr bool nullable = false;
  static Value to_value(bool v) { return Value(v); }
};
template <>
struct OutputTraits<int> {
  static constexpr OutputKind kind = OutputKind::Integer;
  static constexpr bool nullable = false;
  static Value to_value(int v) { return Value(v); }
};
template <>
struct OutputTraits<long long> {
  static constexpr OutputKind kind = OutputKind::Integer;
  static constexpr bool nullable = false;
  static Value to_value(long long v) { return Value(v); }
};
template <>
struct OutputTraits<double> {
  static constexpr OutputKind kind = OutputKind::Number;
  static constexpr bool nullable = false;
  static Value to_value(double v) { return Value(v); }
};
template <>
struct OutputTraits<std::string> {
  static constexpr OutputKind kind = OutputKind::Text;
  static constexpr bool nullable = false;
  static Value to_value(std::string v) { return Value(std::move(v)); }
};
template <>
struct OutputTraits<const char*> {
  static constexpr OutputKind kind = OutputKind::Text;
  static constexpr bool nullable = false;
  static Value to_value(const char* v) { return Value(v); }
};
template <>
struct OutputTraits<std::vector<std::string>> {
  static constexpr OutputKind kind = OutputKind::TextList;
  static constexpr bool nullable = false;
  static Value to_value(const std::vector<std::string>& v) { return Value(v); }
};
template <>
struct OutputTraits<Record> {
  static constexpr OutputKind kind = OutputKind::Map;
  static constexpr bool nullable = false;
  static Value to_value(Record v) { return Value(std::move(v)); }
};
template <typename T>
struct OutputTraits<std::optional<T>> {
  static constexpr OutputKind kind = OutputTraits<T>::kind;
  static constexpr bool nullable = true;
  static Value to_value(const std::optional<T>& v) { return v ? OutputTraits<T>::to_value(*v) : Value(); }
};

}  // namespace detail

// Further settings of one input, chained after SolverBuilder::input().
class InputRef {
 public:
  explicit InputRef(InputSpec& spec) : spec_(spec) {}
  InputRef& required(std::string example) {
    spec_.required = true;
    spec_.nullable = false;
    spec_.example = std::move(example);
    return *this;
  }
  // The quantity may also be given in `alt` (the member is a Quantity that records which).
  InputRef& or_dimension(Dimension alt) {
    spec_.alt_dimension = alt;
    return *this;
  }
  // An input the reference does not have (ours adds it).
  InputRef& extra() {
    spec_.extra = true;
    return *this;
  }
  // A number with a unit; a bare number is in `bare_unit` (empty: SI base).
  InputRef& quantity(Dimension dimension, std::string bare_unit = "") {
    spec_.kind = InputKind::Quantity;
    spec_.dimension = dimension;
    spec_.bare_unit_factor = bare_unit.empty() ? 1.0 : parse_quantity("1 " + bare_unit).value;
    spec_.bare_unit = std::move(bare_unit);
    return *this;
  }

 private:
  InputSpec& spec_;
};

// Further settings of one result field, chained after ResultBuilder::field().
class OutputRef {
 public:
  explicit OutputRef(OutputSpec& spec) : spec_(spec) {}
  OutputRef& unit(std::string display_unit) {
    spec_.display_unit = std::move(display_unit);
    return *this;
  }
  OutputRef& dimensionless() {
    spec_.dimensionless = true;
    return *this;
  }
  // A count (parameters, tokens): dimensionless in JSON, a pint quantity in "count" in Python,
  // as the reference returns it.
  OutputRef& count() {
    spec_.dimensionless = true;
    spec_.display_unit = "count";
    return *this;
  }
  // Infinity is a legitimate value of this field (JSON prints it as "inf").
  OutputRef& infinite_allowed() {
    spec_.infinite_ok = true;
    return *this;
  }
  // A field the reference's result does not have (ours adds it).
  OutputRef& extra() {
    spec_.extra = true;
    return *this;
  }
  OutputRef& ref_unit(std::string unit) {
    spec_.ref_unit = std::move(unit);
    return *this;
  }

 private:
  OutputSpec& spec_;
};

template <typename Out>
class ResultBuilder {
 public:
  ResultBuilder(std::string name, std::string summary) {
    spec_.name = std::move(name);
    spec_.summary = std::move(summary);
    spec_.type = &typeid(Out);
  }

  // A data member: `field("latency_s", &Profile::latency_s, "latency", "end-to-end time")`.
  template <typename M>
  OutputRef field(std::string key, M Out::*member, std::string attr, std::string help) {
    using Traits = detail::OutputTraits<M>;
    OutputSpec& out = add(std::move(key), std::move(attr), std::move(help), Traits::kind, Traits::nullable);
    out.value = [member](const void* r) { return Traits::to_value(static_cast<const Out*>(r)->*member); };
    return OutputRef(out);
  }

  // A computed field: `computed("bottleneck", [](const Profile& p) { ... }, ...)`.
  template <typename F>
  OutputRef computed(std::string key, F getter, std::string attr, std::string help) {
    using T = std::decay_t<std::invoke_result_t<F, const Out&>>;
    using Traits = detail::OutputTraits<T>;
    OutputSpec& out = add(std::move(key), std::move(attr), std::move(help), Traits::kind, Traits::nullable);
    out.value = [getter](const void* r) { return Traits::to_value(getter(*static_cast<const Out*>(r))); };
    return OutputRef(out);
  }

  // The reference's `constraint_trace` for a solver that checks nothing: always None, as 0.3.0's
  // SolverResult leaves it.
  OutputRef no_constraint_trace() {
    return computed("constraint_trace", [](const Out&) { return std::optional<std::vector<std::string>>(); },
                    "constraint_trace", "none: this solver checks no constraint (0.3.0 leaves it None)");
  }

  // A result inside this result (DistributedModel's node_profile).
  template <typename Sub>
  OutputRef nested(std::string key, Sub Out::*member, const ResultSpec& sub, std::string attr, std::string help) {
    OutputSpec& out = add(std::move(key), std::move(attr), std::move(help), OutputKind::Result, false);
    out.nested = &sub;
    out.child = [member](const void* r) -> const void* { return &(static_cast<const Out*>(r)->*member); };
    return OutputRef(out);
  }
  template <typename Sub>
  OutputRef nested(std::string key, std::optional<Sub> Out::*member, const ResultSpec& sub, std::string attr,
                   std::string help) {
    OutputSpec& out = add(std::move(key), std::move(attr), std::move(help), OutputKind::Result, true);
    out.nested = &sub;
    out.child = [member](const void* r) -> const void* {
      const auto& v = static_cast<const Out*>(r)->*member;
      return v ? &*v : nullptr;
    };
    return OutputRef(out);
  }

  // A list of results (candidates of a search).
  template <typename Sub>
  OutputRef list(std::string key, std::vector<Sub> Out::*member, const ResultSpec& sub, std::string attr,
                 std::string help) {
    OutputSpec& out = add(std::move(key), std::move(attr), std::move(help), OutputKind::ResultList, false);
    out.nested = &sub;
    out.size = [member](const void* r) { return (static_cast<const Out*>(r)->*member).size(); };
    out.item = [member](const void* r, size_t i) -> const void* { return &(static_cast<const Out*>(r)->*member)[i]; };
    return OutputRef(out);
  }

  ResultSpec build() {
    for (size_t i = 0; i < spec_.outputs.size(); ++i)
      if (spec_.outputs[i].key == "warnings" && spec_.outputs[i].kind == OutputKind::TextList)
        spec_.warnings_output = static_cast<int>(i);
    return std::move(spec_);
  }

 private:
  OutputSpec& add(std::string key, std::string attr, std::string help, OutputKind kind, bool nullable) {
    OutputSpec out;
    out.key = std::move(key);
    out.attr = std::move(attr);
    out.help = std::move(help);
    out.kind = kind;
    out.nullable = nullable;
    spec_.outputs.push_back(std::move(out));
    return spec_.outputs.back();
  }
  ResultSpec spec_;
};

template <typename In, typename Out>
class SolverBuilder {
 public:
  SolverBuilder(std::string name, Out (*solve)(const In&), const ResultSpec& result, std::string summary) {
    if (result.type != &typeid(Out) && *result.type != typeid(Out))
      throw std::logic_error(name + ": result spec " + result.name + " describes another type");
    spec_.name = std::move(name);
    spec_.summary = std::move(summary);
    spec_.result = &result;
    spec_.make_inputs = [] { return std::make_shared<In>(); };
    spec_.solve = [solve](const void* in) -> std::shared_ptr<const void> {
      return std::make_shared<const Out>(solve(*static_cast<const In*>(in)));
    };
    spec_.solve_range = [solve](const PointRange& r) {
      const In& base = *static_cast<const In*>(r.base);
      In work = base;
      for (size_t i = r.begin; i < r.end; ++i) {
        work = base;
        (*r.prepare)(&work, i);
        try {
          const Out out = solve(work);
          (*r.visit)(&out, i);
        } catch (const std::exception& e) {  // inputs that do not go together, a model that does not fit
          (*r.invalid)(i, e.what());
        }
      }
    };
  }

  SolverBuilder& aliases(std::vector<std::string> names) {
    spec_.aliases = std::move(names);
    return *this;
  }
  SolverBuilder& walls(std::vector<int> numbers) {
    spec_.walls = std::move(numbers);
    return *this;
  }

  // One input, by its member in Inputs: the kind follows from the member's
  // type and the default is what a default-constructed Inputs holds. Entity
  // pointers that are not required accept None (decode_hardware=None).
  template <typename M>
  InputRef input(std::string name, M In::*member, std::string help) {
    using Traits = detail::InputTraits<M>;
    InputSpec& in = add(std::move(name), Traits::kind, std::move(help), Traits::nullable);
    in.default_value = Traits::to_value(defaults_.*member);
    in.assign = [member](void* inputs, const InputSpec& self, InputSource& source) {
      Traits::read(static_cast<In*>(inputs)->*member, source, self);
    };
    in.copy = copier(member);
    return InputRef(in);
  }

  // An input that takes one of a fixed set of names, stored as an enum.
  template <typename E>
  InputRef choice(std::string name, E In::*member, std::vector<std::pair<std::string, E>> names, std::string help) {
    InputSpec& in = add(std::move(name), InputKind::Choice, std::move(help), false);
    for (const auto& [text, value] : names) {
      in.choices.push_back(text);
      if (value == defaults_.*member) in.default_value = Value(text);
    }
    in.assign = [member, names](void* inputs, const InputSpec& self, InputSource& source) {
      const size_t i = detail::choice_index(source.text(self), self);
      static_cast<In*>(inputs)->*member = names[i].second;
    };
    in.copy = copier(member);
    return InputRef(in);
  }

  // The same, optional: none (the default) leaves it unset.
  template <typename E>
  InputRef optional_choice(std::string name, std::optional<E> In::*member, std::vector<std::pair<std::string, E>> names,
                  std::string help) {
    InputSpec& in = add(std::move(name), InputKind::Choice, std::move(help), true);
    for (const auto& [text, value] : names) in.choices.push_back(text);
    in.assign = [member, names](void* inputs, const InputSpec& self, InputSource& source) {
      auto& out = static_cast<In*>(inputs)->*member;
      if (source.is_none(self)) out.reset();
      else out = names[detail::choice_index(source.text(self), self)].second;
    };
    in.copy = copier(member);
    return InputRef(in);
  }

  // The same, stored as the accepted name itself.
  InputRef choice(std::string name, std::string In::*member, std::vector<std::string> names, std::string help) {
    InputSpec& in = add(std::move(name), InputKind::Choice, std::move(help), false);
    in.choices = std::move(names);
    in.default_value = Value(defaults_.*member);
    in.assign = [member](void* inputs, const InputSpec& self, InputSource& source) {
      static_cast<In*>(inputs)->*member = self.choices[detail::choice_index(source.text(self), self)];
    };
    in.copy = copier(member);
    return InputRef(in);
  }

  SolverSpec build() { return std::move(spec_); }

 private:
  template <typename M>
  static std::function<void(void*, const void*)> copier(M In::*member) {
    return [member](void* to, const void* from) { static_cast<In*>(to)->*member = static_cast<const In*>(from)->*member; };
  }
  InputSpec& add(std::string name, InputKind kind, std::string help, bool nullable) {
    InputSpec in;
    in.name = std::move(name);
    in.kind = kind;
    in.help = std::move(help);
    in.nullable = nullable;
    spec_.inputs.push_back(std::move(in));
    return spec_.inputs.back();
  }
  In defaults_{};
  SolverSpec spec_;
};

}  // namespace mlsysim::api
