// The field checks every service's validators share: text in code points (not bytes) with
// UTF-8 checked, required and optional text, amounts, dates, element paths.
#include "common/validation/field_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace ccrm {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<FieldViolation> Check(absl::string_view text, const TextRule& rule) {
  FieldViolations v;
  CheckText(v, "f", text, rule);
  return v.violations();
}

TEST(FieldChecksTest, CountsCodePointsNotBytesAndRejectsMalformedUtf8) {
  EXPECT_EQ(Utf8CodePointCount("闽江城建"), 4u);
  EXPECT_EQ(Utf8CodePointCount("a€𝄞"), 3u);
  EXPECT_EQ(Utf8CodePointCount(""), 0u);
  EXPECT_EQ(Utf8CodePointCount("\xC0\xAF"), std::nullopt);          // overlong '/'
  EXPECT_EQ(Utf8CodePointCount("\xED\xA0\x80"), std::nullopt);      // a surrogate
  EXPECT_EQ(Utf8CodePointCount("\xF4\x90\x80\x80"), std::nullopt);  // above U+10FFFF
  EXPECT_EQ(Utf8CodePointCount("ab\xE4\xB8"), std::nullopt);        // truncated
}

TEST(FieldChecksTest, TextRules) {
  EXPECT_THAT(Check("闽江城建", TextRule::Required(2, 4)), IsEmpty());
  EXPECT_THAT(Check("闽江城建集团", TextRule::Required(2, 4)),
              ElementsAre(FieldViolation{"f", "must be 2 to 4 characters, got 6"}));
  EXPECT_THAT(Check("  ", TextRule::Required(1, 4)),
              ElementsAre(FieldViolation{"f", "is required"}));
  EXPECT_THAT(Check("", TextRule::Optional(4)), IsEmpty());
  EXPECT_THAT(Check("abcde", TextRule::Optional(4)),
              ElementsAre(FieldViolation{"f", "must be at most 4 characters, got 5"}));
  EXPECT_THAT(Check(" ", TextRule::Optional(4)),
              ElementsAre(FieldViolation{"f", "must not be only white space"}));
  EXPECT_THAT(Check("ok\xFF", TextRule::Optional(40)),
              ElementsAre(FieldViolation{"f", "must be valid UTF-8"}));
}

TEST(FieldChecksTest, AmountsDatesAndPaths) {
  FieldViolations v;
  CheckAmount(v, "fee", Money{"CNY", -1, 0}, AmountSign::kNonNegative);
  CheckAmount(v, "deposit", Money{"cny", 1, 0}, AmountSign::kAny);
  CheckAmount(v, "loan", Money{"CNY", 10, 0}, AmountSign::kPositive);
  CheckNotInFuture(v, "month", absl::CivilDay(2026, 12, 1), absl::CivilDay(2026, 11, 22));
  ASSERT_EQ(v.violations().size(), 3u);
  EXPECT_EQ(v.violations()[0].field, "fee");
  EXPECT_EQ(v.violations()[1].field, "deposit.currency_code");
  EXPECT_EQ(v.violations()[2].field, "month");
  EXPECT_EQ(ElementPath("milestones", 2, "title"), "milestones[2].title");
}

}  // namespace
}  // namespace ccrm
