// Reading user registry files safely (registry/document.hpp).
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "registry/document.hpp"

namespace mlsysim::registry {
namespace {

std::string error_of(const std::string& text, bool yaml) {
  try {
    parse_user_document(text, "f", yaml);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Document, YamlAndJsonGiveTheSameTreeInFileOrder) {
  auto y = parse_user_document("b: 1.5\na: [x, 'y', 2.5, true, null]\nc: {d: \"3\"}\n", "f.yaml", true);
  auto j = parse_user_document(R"({"b": 1.5, "a": ["x", "y", 2.5, true, null], "c": {"d": "3"}})", "f.json", false);
  EXPECT_EQ(y.dump(), j.dump());
  EXPECT_EQ(y.begin().key(), "b");
  EXPECT_TRUE(y["c"]["d"].is_string());  // quoted stays text
}

TEST(Document, AliasesExpandWithinABudget) {
  auto shared = parse_user_document("s: &src {ref: paper}\na: {source: *src}\nb: {source: *src}\n", "f", true);
  EXPECT_EQ(shared["b"]["source"]["ref"], "paper");
  EXPECT_NE(error_of("a: &a [*a]\n", true).find("refers to the node that contains it"), std::string::npos);
  std::string bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {  // each level: six aliases of the one before
    const std::string alias = std::string("*") + char(c - 1);
    bomb += std::string(1, c) + ": &" + c + " [" + alias;
    for (int i = 0; i < 5; ++i) bomb += "," + alias;
    bomb += "]\n";
  }
  EXPECT_NE(error_of(bomb, true).find("alias bomb"), std::string::npos);
}

TEST(Document, MalformedInputIsOneClearError) {
  EXPECT_NE(error_of("a: 1\na: 2\n", true).find("duplicate key 'a'"), std::string::npos);
  EXPECT_NE(error_of(R"({"a": 1, "a": 2})", false).find("duplicate key 'a'"), std::string::npos);
  EXPECT_NE(error_of("a: 1\n---\nb: 2\n", true).find("more than one YAML document"), std::string::npos);
  EXPECT_NE(error_of(R"({"x": {"y": 1e400}})", false).find("'1e400' is too large"), std::string::npos);
  EXPECT_NE(error_of(R"({"x": {"y": 1e400}})", false).find("'x.y'"), std::string::npos);
  EXPECT_NE(error_of("x: 1e400\n", true).find("too large"), std::string::npos);
  EXPECT_EQ(parse_user_document("x: 1e-400\n", "f", true)["x"].get<double>(), 0.0);  // underflow is harmless
  EXPECT_NE(error_of(std::string(1000, '['), true).find("nested deeper than 64"), std::string::npos);
  EXPECT_NE(error_of(std::string(1000, '['), false).find("nested deeper than 64"), std::string::npos);
  EXPECT_NE(error_of("name: \xff\n", true).find("not valid UTF-8"), std::string::npos);
  EXPECT_NE(error_of("a: [1, 2\n", true).find("malformed YAML"), std::string::npos);
  EXPECT_NE(error_of("{\"a\": }", false).find("malformed JSON"), std::string::npos);
  EXPECT_NE(error_of("? [a, b]\n: c\n", true).find("a mapping key must be text"), std::string::npos);
  EXPECT_TRUE(parse_user_document("", "f", true).empty());
}

}  // namespace
}  // namespace mlsysim::registry
