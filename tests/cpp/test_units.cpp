#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/precision.hpp"
#include "core/units.hpp"

namespace mlsysim {
namespace {

TEST(Units, DecimalAndBinaryBytesAreDistinct) {
  EXPECT_EQ(parse_quantity("80 GiB").value, 80.0 * 1073741824.0);
  EXPECT_EQ(parse_quantity("80 GB").value, 80e9);
  EXPECT_EQ(parse_quantity("500 KB").value, 500e3);
  EXPECT_EQ(parse_quantity("512 KiB").value, 512 * 1024.0);
}

TEST(Units, Rates) {
  EXPECT_EQ(parse_quantity("3.35 TB/s").value, 3.35e12);
  EXPECT_EQ(parse_quantity("3.35 TB / s").dimension, Dimension::BytesPerSecond);
  EXPECT_EQ(parse_quantity("400 Gbps").value, 50e9);  // bits, not bytes
  EXPECT_EQ(parse_quantity("989 TFLOP/s").value, 989e12);
  EXPECT_EQ(parse_quantity("989 TFLOPs/s").value, 989e12);
  EXPECT_EQ(parse_quantity("624 TOPS").dimension, Dimension::FlopPerSecond);
}

TEST(Units, TimePowerEnergy) {
  EXPECT_DOUBLE_EQ(parse_quantity("10 ms").value, 0.01);
  EXPECT_DOUBLE_EQ(parse_quantity("500 ns").value, 5e-7);
  EXPECT_EQ(parse_quantity("2 h").value, 7200);
  EXPECT_EQ(parse_quantity("700 W").dimension, Dimension::Watts);
  EXPECT_EQ(parse_quantity("15 Wh").value, 54000);
}

TEST(Units, BareNumberIsSi) {
  EXPECT_EQ(parse_quantity_as("2e9", Dimension::BytesPerSecond, "bw"), 2e9);
  EXPECT_EQ(parse_quantity_as("2 GB/s", Dimension::BytesPerSecond, "bw"), 2e9);
}

TEST(Units, BadInputNamesTheProblem) {
  EXPECT_THROW(parse_quantity("abc"), InputError);
  EXPECT_THROW(parse_quantity(""), InputError);
  EXPECT_THROW(parse_quantity("nan"), InputError);
  EXPECT_THROW(parse_quantity("inf GB"), InputError);
  EXPECT_THROW(parse_quantity("5 parsecs"), InputError);
  try {
    parse_quantity_as("10 ms", Dimension::Bytes, "capacity");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("capacity"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("GiB"), std::string::npos);
  }
}

TEST(Precision, CaseInsensitiveAndListed) {
  EXPECT_EQ(parse_precision("FP16"), Precision::fp16);
  EXPECT_EQ(parse_precision("Int4"), Precision::int4);
  EXPECT_EQ(bytes_per_element(Precision::int4), 0.5);
  EXPECT_EQ(bytes_per_element(Precision::tf32), 4);
  try {
    parse_precision("fp64");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("fp32, tf32, bf16, fp16, fp8, int8, int4"), std::string::npos);
  }
}

TEST(Format, MatchesPythonRepr) {
  EXPECT_EQ(python_repr(80.0), "80.0");
  EXPECT_EQ(python_repr(0.051114064), "0.051114064");
  EXPECT_EQ(python_repr(1e-9), "1e-09");
  EXPECT_EQ(python_repr(1e16), "1e+16");
  EXPECT_EQ(python_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(python_repr(0.0001), "0.0001");
  EXPECT_EQ(python_repr(16.060000000000002), "16.060000000000002");
  EXPECT_EQ(python_repr(-2.5), "-2.5");
}

TEST(Format, MatchesPintPrettyMagnitudes) {
  EXPECT_EQ(pint_pretty(4e-05), "4\u00d710\u207b\u2075");
  EXPECT_EQ(pint_pretty(1.5e-12), "1.5\u00d710\u207b\u00b9\u00b2");
  EXPECT_EQ(pint_pretty(1e16), "1\u00d710\u00b9\u2076");
  EXPECT_EQ(pint_pretty(16.06), "16.06");
}

TEST(Format, GroupedThousandsIsPythonsCommaFormat) {  // f"{x:,.0f}"
  EXPECT_EQ(grouped_thousands(0), "0");
  EXPECT_EQ(grouped_thousands(999.4), "999");
  EXPECT_EQ(grouped_thousands(1000), "1,000");
  EXPECT_EQ(grouped_thousands(85258028.2), "85,258,028");
  EXPECT_EQ(grouped_thousands(-1234567), "-1,234,567");
  EXPECT_EQ(grouped_thousands(-123), "-123");
}

}  // namespace
}  // namespace mlsysim
