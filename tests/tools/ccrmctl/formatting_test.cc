// Money, instants, dates, enum labels and numbers as tables show them; enum and time flags read
// back.
#include "tools/ccrmctl/formatting.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "ccrm/customer/v1/customer_profile.pb.h"
#include "ccrm/risk/v1/risk_warning.pb.h"
#include "common/testing/status_matchers.h"
#include "tools/ccrmctl/cli_errors.h"

namespace ccrm::ctl {
namespace {

common::v1::Money MoneyOf(const std::string& currency, int64_t units, int32_t nanos) {
  common::v1::Money m;
  m.set_currency_code(currency);
  m.set_units(units);
  m.set_nanos(nanos);
  return m;
}

TEST(FormatMoneyTest, GroupsThousandsAndKeepsTheExactFraction) {
  EXPECT_EQ(FormatMoney(MoneyOf("CNY", 1250000, 500000000)), "CNY 1,250,000.50");
  EXPECT_EQ(FormatMoney(MoneyOf("CNY", 1000, 0)), "CNY 1,000.00");
  EXPECT_EQ(FormatMoney(MoneyOf("CNY", 100, 0)), "CNY 100.00");
  EXPECT_EQ(FormatMoney(MoneyOf("CNY", 0, 0)), "CNY 0.00");
  EXPECT_EQ(FormatMoney(MoneyOf("USD", 999, 123456789)), "USD 999.123456789");
  EXPECT_EQ(FormatMoney(MoneyOf("USD", 12, 10000000)), "USD 12.01");
}

TEST(FormatMoneyTest, NegativeAmountsCarryTheSignOfUnitsOrNanos) {
  EXPECT_EQ(FormatMoney(MoneyOf("CNY", -1234, -500000000)), "CNY -1,234.50");
  EXPECT_EQ(FormatMoney(MoneyOf("CNY", 0, -5)), "CNY -0.000000005");
  EXPECT_EQ(FormatMoney(MoneyOf("CNY", std::numeric_limits<int64_t>::min(), 0)),
            "CNY -9,223,372,036,854,775,808.00");
}

TEST(FormatMoneyTest, UnsetIsBlankAndAMissingCurrencyIsLeftOut) {
  EXPECT_EQ(FormatMoney(common::v1::Money()), "");
  EXPECT_EQ(FormatMoney(MoneyOf("", 5, 0)), "5.00");
}

TEST(FormatTimeTest, InstantsInUtcIso8601AndDates) {
  google::protobuf::Timestamp t;
  t.set_seconds(1772352000);  // 2026-03-01 16:00 in Beijing
  t.set_nanos(999999999);
  EXPECT_EQ(FormatTimestamp(t), "2026-03-01T08:00:00Z");
  EXPECT_EQ(FormatTimestamp(google::protobuf::Timestamp()), "");

  common::v1::Date d;
  d.set_year(2026);
  d.set_month(3);
  d.set_day(1);
  EXPECT_EQ(FormatDate(d), "2026-03-01");
  EXPECT_EQ(FormatDate(common::v1::Date()), "");
}

TEST(EnumLabelTest, NamesLoseTheirTypePrefix) {
  EXPECT_EQ(EnumLabel(customer::v1::SEGMENT_FIRST_TIME_BORROWER), "FIRST_TIME_BORROWER");
  EXPECT_EQ(EnumLabel(customer::v1::TIER_2), "2");
  EXPECT_EQ(EnumLabel(customer::v1::LIFECYCLE_STAGE_WATCH), "WATCH");
  EXPECT_EQ(EnumLabel(risk::v1::ALERT_LEVEL_RED), "RED");
  EXPECT_EQ(EnumLabel(risk::v1::LOAN_CATEGORY_SPECIAL_MENTION), "SPECIAL_MENTION");
  EXPECT_EQ(EnumLabel(risk::v1::ALERT_STATUS_UNSPECIFIED), "");
  // A number from a newer server that this build does not know.
  EXPECT_EQ(EnumLabel(risk::v1::AlertLevel_descriptor(), 9), "9");
}

TEST(ParseEnumFlagTest, ShortOrFullNameInAnyCase) {
  const auto* levels = risk::v1::AlertLevel_descriptor();
  ASSERT_OK_AND_ASSIGN(int red, ParseEnumFlag(levels, "level", "red"));
  EXPECT_EQ(red, risk::v1::ALERT_LEVEL_RED);
  ASSERT_OK_AND_ASSIGN(int orange, ParseEnumFlag(levels, "level", "ALERT_LEVEL_ORANGE"));
  EXPECT_EQ(orange, risk::v1::ALERT_LEVEL_ORANGE);
  ASSERT_OK_AND_ASSIGN(int blue, ParseEnumFlag(levels, "level", "Blue"));
  EXPECT_EQ(blue, risk::v1::ALERT_LEVEL_BLUE);
  ASSERT_OK_AND_ASSIGN(int tier, ParseEnumFlag(customer::v1::Tier_descriptor(), "tier", "3"));
  EXPECT_EQ(tier, customer::v1::TIER_3);
}

TEST(ParseEnumFlagTest, UnknownAndUnspecifiedAreRefusedWithTheChoices) {
  const auto* levels = risk::v1::AlertLevel_descriptor();
  const absl::Status purple = ParseEnumFlag(levels, "level", "purple").status();
  EXPECT_TRUE(IsUsageError(purple));
  EXPECT_EQ(purple.message(), "--level: \"purple\" is not one of blue, yellow, orange, red");
  EXPECT_TRUE(IsUsageError(ParseEnumFlag(levels, "level", "unspecified").status()));
  EXPECT_TRUE(IsUsageError(ParseEnumFlag(levels, "level", "ALERT_LEVEL_UNSPECIFIED").status()));
  EXPECT_TRUE(IsUsageError(ParseEnumFlag(levels, "level", "").status()));
}

TEST(ParseTimeFlagTest, Rfc3339OrADate) {
  ASSERT_OK_AND_ASSIGN(absl::Time utc, ParseTimeFlag("at", "2026-03-01T08:00:00Z"));
  EXPECT_EQ(utc, absl::FromUnixSeconds(1772352000));
  ASSERT_OK_AND_ASSIGN(absl::Time beijing, ParseTimeFlag("at", "2026-03-01T08:00:00+08:00"));
  EXPECT_EQ(beijing, absl::FromUnixSeconds(1772323200));
  ASSERT_OK_AND_ASSIGN(absl::Time day, ParseTimeFlag("as_of", "2026-03-01"));
  EXPECT_EQ(day, absl::FromUnixSeconds(1772323200));

  const absl::Status bad = ParseTimeFlag("as_of", "yesterday").status();
  EXPECT_TRUE(IsUsageError(bad));
  EXPECT_EQ(bad.message(),
            "--as_of: \"yesterday\" is not a time such as 2026-03-01T08:00:00Z or a date such as "
            "2026-03-01");
  EXPECT_TRUE(IsUsageError(ParseTimeFlag("at", "2026-02-30").status()));
}

TEST(FormatNumberTest, ShortestReadableForms) {
  EXPECT_EQ(FormatNumber(15.0), "15");
  EXPECT_EQ(FormatNumber(1.25), "1.25");
  EXPECT_EQ(FormatNumber(0.0035), "0.0035");
  EXPECT_EQ(FormatNumber(1234567.5), "1234567.5");
  EXPECT_EQ(FormatNumber(-0.00001), "0");
  EXPECT_EQ(FormatNumber(-2.5), "-2.5");
  EXPECT_EQ(FormatFraction(0.0035), "0.35%");
  EXPECT_EQ(FormatFraction(1), "100.00%");
  EXPECT_EQ(FormatBps(1250), "12.50%");
}

}  // namespace
}  // namespace ccrm::ctl
