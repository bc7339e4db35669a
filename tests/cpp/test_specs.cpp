// Every solver description in solvers.def, checked generically: what the
// front ends are generated from must be complete and consistent.
#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <set>

#include "api/describe.hpp"
#include "api/door.hpp"
#include "api/text_source.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "registry/registry.hpp"
#include "core/suggest.hpp"

namespace mlsysim {
namespace {

using api::InputKind;
using api::OutputKind;
using api::OutputSpec;
using api::ResultSpec;
using api::SolverSpec;

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  return true;
}

// Visits every result spec below `spec` (nested results included) once.
void each_result(const ResultSpec& spec, std::set<const ResultSpec*>& seen,
                 const std::function<void(const ResultSpec&)>& visit) {
  if (!seen.insert(&spec).second) return;
  visit(spec);
  for (const OutputSpec& out : spec.outputs)
    if (out.nested) each_result(*out.nested, seen, visit);
}

TEST(Specs, TableIsNotEmptyAndNamesAreUnique) {
  ASSERT_FALSE(api::solver_table().empty());
  std::set<std::string> names;
  for (const SolverSpec* s : api::solver_table()) {
    EXPECT_TRUE(names.insert(to_lower(s->name)).second) << s->name;
    for (const auto& alias : s->aliases) EXPECT_TRUE(names.insert(to_lower(alias)).second) << alias;
    EXPECT_EQ(&api::find_solver(s->name), s);
    EXPECT_FALSE(s->summary.empty()) << s->name;
    ASSERT_NE(s->result, nullptr) << s->name;
    for (int w : s->walls) EXPECT_TRUE(w >= 1 && w <= 22) << s->name << " wall " << w;
  }
}

TEST(Specs, EveryInputIsDescribed) {
  for (const SolverSpec* s : api::solver_table()) {
    std::set<std::string> seen;
    bool optional_seen = false;
    for (const auto& in : s->inputs) {
      SCOPED_TRACE(s->name + "." + in.name);
      EXPECT_TRUE(is_identifier(in.name)) << "not a Python identifier";
      EXPECT_TRUE(seen.insert(in.name).second) << "duplicate input";
      EXPECT_FALSE(in.help.empty()) << "no help";
      EXPECT_TRUE(in.assign) << "no assignment";
      if (in.required) {
        EXPECT_FALSE(optional_seen) << "required input after an optional one (not a valid Python signature)";
        EXPECT_FALSE(in.example.empty()) << "required input without an example";
        EXPECT_FALSE(in.nullable);
      } else {
        optional_seen = true;
      }
      switch (in.kind) {
        case InputKind::Integer: EXPECT_TRUE(in.default_value.get_if<long long>() || in.nullable); break;
        case InputKind::Number: EXPECT_TRUE(in.default_value.get_if<double>() || in.nullable); break;
        case InputKind::Quantity:
          EXPECT_NE(in.dimension, Dimension::Dimensionless);
          EXPECT_TRUE(in.default_value.get_if<double>() || in.nullable || in.required);
          break;
        case InputKind::Bool: EXPECT_TRUE(in.default_value.get_if<bool>()); break;
        case InputKind::Precision: EXPECT_NO_THROW(parse_precision(*in.default_value.get_if<std::string>())); break;
        case InputKind::Choice: {
          ASSERT_FALSE(in.choices.empty());
          if (in.nullable && in.default_value.is_none()) break;  // an optional choice, unset by default
          const std::string* d = in.default_value.get_if<std::string>();
          ASSERT_NE(d, nullptr) << "the default is not one of the choices";
          EXPECT_NE(std::find(in.choices.begin(), in.choices.end(), *d), in.choices.end());
          break;
        }
        default: break;
      }
    }
  }
}

TEST(Specs, EveryResultFieldIsDescribed) {
  std::set<const ResultSpec*> seen;
  for (const SolverSpec* s : api::solver_table()) {
    each_result(*s->result, seen, [](const ResultSpec& r) {
      EXPECT_FALSE(r.name.empty());
      EXPECT_FALSE(r.summary.empty()) << r.name;
      std::set<std::string> keys, attrs;
      for (const OutputSpec& out : r.outputs) {
        SCOPED_TRACE(r.name + "." + out.key);
        EXPECT_TRUE(is_identifier(out.key));
        EXPECT_TRUE(is_identifier(out.attr)) << "the Python attribute '" << out.attr << "'";
        EXPECT_TRUE(keys.insert(out.key).second) << "duplicate key";
        EXPECT_TRUE(attrs.insert(out.attr).second) << "duplicate attribute";
        EXPECT_FALSE(out.help.empty()) << "no help";
        const bool has_unit = api::si_unit_of_key(out.key) != nullptr;
        if (out.kind == OutputKind::Number) {
          // A number says its unit in its key, or is declared a ratio/count.
          EXPECT_NE(has_unit, out.dimensionless) << (has_unit ? "has a unit suffix but is declared dimensionless"
                                                              : "no known unit suffix (_s, _bytes, _flop_per_s, ...)");
          if (out.dimensionless) EXPECT_TRUE(out.display_unit.empty() || out.display_unit == "count");
        } else {
          EXPECT_FALSE(out.dimensionless);
          EXPECT_TRUE(out.display_unit.empty()) << "a display unit on a non-number";
        }
        if (out.kind == OutputKind::Result || out.kind == OutputKind::ResultList) {
          EXPECT_NE(out.nested, nullptr);
        } else {
          EXPECT_TRUE(out.value) << "no getter";
        }
      }
      if (r.warnings_output >= 0) EXPECT_EQ(r.outputs[static_cast<size_t>(r.warnings_output)].key, "warnings");
    });
  }
}

std::vector<std::string> required_args(const SolverSpec& s) {
  std::vector<std::string> args;
  for (const auto& in : s.inputs)
    if (in.required) args.push_back(in.name + "=" + in.example);
  return args;
}

Record solve_text(const SolverSpec& s, const std::vector<std::string>& args) {
  api::TextSource source(s, args, Registry::builtin(), s.name);
  return api::to_record(*s.result, api::run_solver(s, source).get());
}

// The described defaults are the ones the solver uses: giving each optional
// input its described default changes nothing.
TEST(Specs, DoorWithOnlyRequiredEqualsDescribedDefaults) {
  for (const SolverSpec* s : api::solver_table()) {
    SCOPED_TRACE(s->name);
    std::vector<std::string> minimal = required_args(*s);
    std::vector<std::string> explicit_args = minimal;
    for (const auto& in : s->inputs) {
      if (in.required) continue;
      const Value& d = in.default_value;
      std::string text;
      if (d.is_none()) text = "none";
      else if (const bool* b = d.get_if<bool>()) text = *b ? "true" : "false";
      else if (const long long* i = d.get_if<long long>()) text = std::to_string(*i);
      else if (const double* x = d.get_if<double>()) text = python_repr(*x / in.bare_unit_factor);
      else if (const List* names = d.get_if<List>()) {  // a list of names: comma-separated
        for (const Value& n : *names) text += (text.empty() ? "" : ",") + *n.get_if<std::string>();
      } else text = *d.get_if<std::string>();
      explicit_args.push_back(in.name + "=" + text);
    }
    Record a = solve_text(*s, minimal), b = solve_text(*s, explicit_args);
    ASSERT_EQ(a.size(), b.size());
    ASSERT_EQ(a.size(), s->result->outputs.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].first, b[i].first);
      EXPECT_TRUE(a[i].second == b[i].second) << a[i].first;
    }
  }
}

TEST(Specs, MissingRequiredInputsNameThem) {
  for (const SolverSpec* s : api::solver_table()) {
    for (const auto& in : s->inputs) {
      if (!in.required) continue;
      std::vector<std::string> args;
      for (const auto& other : s->inputs)
        if (other.required && other.name != in.name) args.push_back(other.name + "=" + other.example);
      try {
        solve_text(*s, args);
        ADD_FAILURE() << s->name << " ran without " << in.name;
      } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(in.name + "="), std::string::npos) << e.what();
      }
    }
  }
}

TEST(Specs, DescriptionListsEveryInputAndOutput) {
  for (const SolverSpec* s : api::solver_table()) {
    Record d = api::describe(*s);
    const List* inputs = find_path(d, "inputs")->get_if<List>();
    const List* outputs = find_path(d, "outputs")->get_if<List>();
    ASSERT_TRUE(inputs && outputs);
    ASSERT_EQ(inputs->size(), s->inputs.size());
    ASSERT_EQ(outputs->size(), s->result->outputs.size());
    for (size_t i = 0; i < s->inputs.size(); ++i)
      EXPECT_EQ(*find_path(d, "inputs." + std::to_string(i) + ".name")->get_if<std::string>(), s->inputs[i].name);
    for (size_t i = 0; i < outputs->size(); ++i)
      EXPECT_EQ(*find_path(d, "outputs." + std::to_string(i) + ".key")->get_if<std::string>(),
                s->result->outputs[i].key);
  }
}

}  // namespace
}  // namespace mlsysim
