// Tests of common/money: decimal parsing and formatting, nanos arithmetic, well-formedness.
#include "common/money/money.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/numeric/int128.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ParseMoneyTest, ParsesDecimals) {
  struct Case {
    std::string text;
    int64_t units;
    int32_t nanos;
  };
  for (const Case& c : {Case{"123", 123, 0}, Case{"0", 0, 0}, Case{"-0.5", 0, -500000000},
                        Case{"+7.25", 7, 250000000}, Case{"1234.123456789", 1234, 123456789},
                        Case{"-1250000.50", -1250000, -500000000}, Case{"0.000000001", 0, 1},
                        Case{"999999999999999999.999999999", 999999999999999999, 999999999}}) {
    SCOPED_TRACE(c.text);
    ASSERT_OK_AND_ASSIGN(Money m, ParseMoney("CNY", c.text));
    EXPECT_EQ(m, (Money{"CNY", c.units, c.nanos}));
    EXPECT_TRUE(IsWellFormed(m));
  }
}

TEST(ParseMoneyTest, RejectsAnythingElse) {
  for (const std::string bad : {"", "-", "+", ".5", "1.", "1.2.3", "1,5", "1e5", " 1", "1 ", "--1",
                                "0x10", "abc", "1.0000000001", "1234567890123456789", "١٢٣"}) {
    SCOPED_TRACE(bad);
    EXPECT_THAT(ParseMoney("CNY", bad),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a decimal amount")));
  }
}

TEST(FormatDecimalTest, AlwaysNineFractionDigits) {
  EXPECT_EQ(FormatDecimal(Money{"CNY", 1250000, 500000000}), "1250000.500000000");
  EXPECT_EQ(FormatDecimal(Money{"CNY", 0, 0}), "0.000000000");
  EXPECT_EQ(FormatDecimal(Money{"CNY", 0, -1}), "-0.000000001");
  EXPECT_EQ(FormatDecimal(Money{"CNY", -12, -500000000}), "-12.500000000");
  EXPECT_EQ(FormatDecimal(Money{"CNY", std::numeric_limits<int64_t>::min(), -999999999}),
            "-9223372036854775808.999999999");
  EXPECT_EQ(FormatDecimal(Money{"CNY", std::numeric_limits<int64_t>::max(), 999999999}),
            "9223372036854775807.999999999");
}

TEST(FormatDecimalTest, RoundTripsThroughParse) {
  for (const std::string text : {"0.000000000", "-0.500000000", "42.000000001",
                                 "-999999999999999999.999999999", "1250000.500000000"}) {
    SCOPED_TRACE(text);
    ASSERT_OK_AND_ASSIGN(Money m, ParseMoney("USD", text));
    EXPECT_EQ(FormatDecimal(m), text);
    ASSERT_OK_AND_ASSIGN(Money again, ParseMoney("USD", FormatDecimal(m)));
    EXPECT_EQ(again, m);
  }
}

TEST(TotalNanosTest, ExactAndSigned) {
  EXPECT_EQ(TotalNanos(Money{"CNY", 2, 500000000}), absl::int128(2500000000LL));
  EXPECT_EQ(TotalNanos(Money{"CNY", -2, -500000000}), absl::int128(-2500000000LL));
  EXPECT_EQ(TotalNanos(Money{"CNY", 0, -1}), absl::int128(-1));
  const Money big{"CNY", std::numeric_limits<int64_t>::max(), 999999999};
  EXPECT_EQ(TotalNanos(big),
            absl::int128(std::numeric_limits<int64_t>::max()) * kNanosPerUnit + 999999999);
}

TEST(MoneyFromNanosTest, SplitsWithSameSign) {
  ASSERT_OK_AND_ASSIGN(Money a, MoneyFromNanos("CNY", absl::int128(2500000000LL)));
  EXPECT_EQ(a, (Money{"CNY", 2, 500000000}));
  ASSERT_OK_AND_ASSIGN(Money b, MoneyFromNanos("CNY", absl::int128(-2500000000LL)));
  EXPECT_EQ(b, (Money{"CNY", -2, -500000000}));
  EXPECT_TRUE(IsWellFormed(b));
  ASSERT_OK_AND_ASSIGN(Money c, MoneyFromNanos("CNY", absl::int128(-1)));
  EXPECT_EQ(c, (Money{"CNY", 0, -1}));
}

TEST(MoneyFromNanosTest, SumOfTwoAmounts) {
  ASSERT_OK_AND_ASSIGN(Money a, ParseMoney("CNY", "0.7"));
  ASSERT_OK_AND_ASSIGN(Money b, ParseMoney("CNY", "-1.9"));
  ASSERT_OK_AND_ASSIGN(Money sum, MoneyFromNanos("CNY", TotalNanos(a) + TotalNanos(b)));
  EXPECT_EQ(FormatDecimal(sum), "-1.200000000");
}

TEST(MoneyFromNanosTest, RoundTripAtTheLimits) {
  for (const Money& m : {Money{"CNY", std::numeric_limits<int64_t>::max(), 999999999},
                         Money{"CNY", std::numeric_limits<int64_t>::min(), -999999999}}) {
    ASSERT_OK_AND_ASSIGN(Money back, MoneyFromNanos("CNY", TotalNanos(m)));
    EXPECT_EQ(back, m);
  }
}

TEST(MoneyFromNanosTest, OutOfRange) {
  const absl::int128 too_big =
      (absl::int128(std::numeric_limits<int64_t>::max()) + 1) * kNanosPerUnit;
  EXPECT_THAT(MoneyFromNanos("CNY", too_big), StatusIs(absl::StatusCode::kInvalidArgument));
  const absl::int128 too_small =
      (absl::int128(std::numeric_limits<int64_t>::min()) - 1) * kNanosPerUnit;
  EXPECT_THAT(MoneyFromNanos("CNY", too_small), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(IsWellFormedTest, NanosRangeAndSign) {
  EXPECT_TRUE(IsWellFormed(Money{"CNY", 0, 999999999}));
  EXPECT_TRUE(IsWellFormed(Money{"CNY", 0, -999999999}));
  EXPECT_TRUE(IsWellFormed(Money{"CNY", 5, 0}));
  EXPECT_TRUE(IsWellFormed(Money{"CNY", -5, 0}));
  EXPECT_FALSE(IsWellFormed(Money{"CNY", 0, 1000000000}));
  EXPECT_FALSE(IsWellFormed(Money{"CNY", 0, -1000000000}));
  EXPECT_FALSE(IsWellFormed(Money{"CNY", 1, -1}));
  EXPECT_FALSE(IsWellFormed(Money{"CNY", -1, 1}));
}

TEST(IsCurrencyCodeTest, ThreeUpperCaseLetters) {
  EXPECT_TRUE(IsCurrencyCode("CNY"));
  EXPECT_TRUE(IsCurrencyCode("USD"));
  EXPECT_FALSE(IsCurrencyCode("cny"));
  EXPECT_FALSE(IsCurrencyCode("CN"));
  EXPECT_FALSE(IsCurrencyCode("CNYY"));
  EXPECT_FALSE(IsCurrencyCode("C1Y"));
  EXPECT_FALSE(IsCurrencyCode(""));
}

TEST(ToDoubleTest, ForRatiosOnly) {
  EXPECT_DOUBLE_EQ(ToDouble(Money{"CNY", -2, -250000000}), -2.25);
  EXPECT_DOUBLE_EQ(ToDouble(Money{"CNY", 0, 1}), 1e-9);
}

}  // namespace
}  // namespace ccrm
