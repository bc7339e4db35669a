// User text in messages: escaped, cut, always valid UTF-8.
#include <gtest/gtest.h>

#include "core/printable.hpp"

namespace mlsysim {
namespace {

TEST(Printable, EscapesControlCharactersAndBadBytes) {
  EXPECT_EQ(printable("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(printable("x\x1b[31my"), "x\\x1b[31my");
  EXPECT_EQ(printable("caf\xe9"), "caf\\xe9");             // latin-1, not UTF-8
  EXPECT_EQ(printable("caf\xc3\xa9 \xe2\x86\x92"), "caf\xc3\xa9 \xe2\x86\x92");  // é → kept
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(in_quotes("A100"), "'A100'");
}

TEST(Printable, CutsLongText) {
  const std::string long_name(100000, 'x');
  const std::string shown = in_quotes(long_name, 64);
  EXPECT_LT(shown.size(), 80u);
  EXPECT_NE(shown.find("\xE2\x80\xA6"), std::string::npos);  // …
  EXPECT_EQ(one_line(std::string(5000, 'y')).size(), 1000u + 3);
}

TEST(Printable, ValidUtf8) {
  size_t at = 0;
  EXPECT_TRUE(valid_utf8("plain \xc3\xa9"));
  EXPECT_FALSE(valid_utf8("ok\xff", &at));
  EXPECT_EQ(at, 2u);
  EXPECT_FALSE(valid_utf8("\xc0\xaf"));  // overlong '/'
  EXPECT_FALSE(valid_utf8("\xe2\x82"));  // cut short
}

}  // namespace
}  // namespace mlsysim
