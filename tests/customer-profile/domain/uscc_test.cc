#include "services/customer-profile/domain/uscc.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "common/testing/status_matchers.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;

constexpr absl::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// Codes as published on business licences; their check characters verify by hand.
TEST(ValidateUnifiedSocialCreditCodeTest, AcceptsPublishedCodes) {
  for (absl::string_view code : {"914403001922038216", "91440300708461136T", "91100000100003962T",
                                 "91330100799655058B", "91350100M000100Y43"}) {
    EXPECT_OK(ValidateUnifiedSocialCreditCode(code)) << code;
  }
}

TEST(UsccCheckCharacterTest, ComputesPublishedCheckCharacters) {
  EXPECT_EQ(*UsccCheckCharacter("91440300192203821"), '6');
  EXPECT_EQ(*UsccCheckCharacter("91440300708461136"), 'T');
  EXPECT_EQ(*UsccCheckCharacter("91350100M000100Y4"), '3');
}

TEST(UsccCheckCharacterTest, SumDivisibleBy31GivesZero) {
  // The weighted sum is a multiple of 31, so 31 - 0 = 31 maps to '0'.
  EXPECT_EQ(*UsccCheckCharacter("9135010000000000F"), '0');
  EXPECT_OK(ValidateUnifiedSocialCreditCode("9135010000000000F0"));
}

TEST(UsccCheckCharacterTest, ConstructedCodesValidate) {
  for (absl::string_view first17 :
       {"91350100MA2XYW123", "12100000400000000", "52110000500000000", "Y1110000000000000",
        "A1000000000000000", "93110108MA1234567"}) {
    absl::StatusOr<char> check = UsccCheckCharacter(first17);
    ASSERT_OK(check.status()) << first17;
    EXPECT_OK(ValidateUnifiedSocialCreditCode(absl::StrCat(first17, std::string(1, *check))))
        << first17;
  }
}

TEST(UsccCheckCharacterTest, RejectsWrongLengthAndIllegalCharacters) {
  EXPECT_THAT(UsccCheckCharacter("9144030070846113"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("17 characters")));
  EXPECT_THAT(UsccCheckCharacter("914403007084611360"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(UsccCheckCharacter("9144030070846113O"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("illegal character 'O' at position 17")));
}

TEST(ValidateUnifiedSocialCreditCodeTest, WrongCheckCharacterNamesTheExpectedOne) {
  EXPECT_THAT(
      ValidateUnifiedSocialCreditCode("914403001922038217"),
      StatusIs(absl::StatusCode::kInvalidArgument, "check character mismatch: expected 6, got 7"));
  EXPECT_THAT(
      ValidateUnifiedSocialCreditCode("91350100M000100Y44"),
      StatusIs(absl::StatusCode::kInvalidArgument, "check character mismatch: expected 3, got 4"));
}

TEST(ValidateUnifiedSocialCreditCodeTest, EverySingleSubstitutionIsCaught) {
  // 31 is prime and every weight is non-zero mod 31, so changing one character always changes
  // the check character.
  const std::string valid = "91440300708461136T";
  for (size_t pos = 0; pos < 17; ++pos) {
    for (char c : kAlphabet) {
      if (c == valid[pos] || (pos >= 2 && pos < 8 && (c < '0' || c > '9'))) {
        continue;
      }
      std::string changed = valid;
      changed[pos] = c;
      EXPECT_THAT(ValidateUnifiedSocialCreditCode(changed),
                  StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("check character")))
          << changed;
    }
  }
}

TEST(ValidateUnifiedSocialCreditCodeTest, RejectsLowerCase) {
  EXPECT_THAT(ValidateUnifiedSocialCreditCode("91440300708461136t"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "illegal character 't' at position 18 (letters must be upper case)"));
  EXPECT_THAT(ValidateUnifiedSocialCreditCode("91350100m000100Y43"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at position 9")));
}

TEST(ValidateUnifiedSocialCreditCodeTest, RejectsLettersOutsideTheAlphabet) {
  for (char c : {'I', 'O', 'S', 'V', 'Z'}) {
    std::string code = "91350100M000100Y43";
    code[8] = c;
    EXPECT_THAT(ValidateUnifiedSocialCreditCode(code),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         absl::StrCat("illegal character '", std::string(1, c),
                                      "' at position 9 (allowed: 0-9 and A-Z except I, O, S, V, "
                                      "Z)")));
  }
}

TEST(ValidateUnifiedSocialCreditCodeTest, RejectsPunctuationAndControlBytes) {
  EXPECT_THAT(ValidateUnifiedSocialCreditCode("9144030070846113-T"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("illegal character '-' at position 17")));
  EXPECT_THAT(ValidateUnifiedSocialCreditCode(std::string("91440300708461136\x01", 18)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("illegal character 'byte 0x01' at position 18")));
}

TEST(ValidateUnifiedSocialCreditCodeTest, RejectsWrongLengths) {
  EXPECT_THAT(ValidateUnifiedSocialCreditCode(""),
              StatusIs(absl::StatusCode::kInvalidArgument, "must be 18 characters, got 0"));
  EXPECT_THAT(ValidateUnifiedSocialCreditCode("91440300708461136"),
              StatusIs(absl::StatusCode::kInvalidArgument, "must be 18 characters, got 17"));
  EXPECT_THAT(ValidateUnifiedSocialCreditCode("91440300708461136TT"),
              StatusIs(absl::StatusCode::kInvalidArgument, "must be 18 characters, got 19"));
  // A 15-digit registration number of the old system.
  EXPECT_THAT(ValidateUnifiedSocialCreditCode("440301103097413"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ValidateUnifiedSocialCreditCodeTest, DivisionCodeMustBeDigits) {
  // Check character recomputed so that only the division rule fails.
  std::string first17 = "9144A300708461136";
  std::string code = absl::StrCat(first17, std::string(1, *UsccCheckCharacter(first17)));
  EXPECT_THAT(ValidateUnifiedSocialCreditCode(code),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("'A' at position 5 (positions 3-8 are the administrative "
                                 "division code: digits only)")));
}

TEST(IsUsccCharacterTest, ExactlyThe31Characters) {
  int count = 0;
  for (int b = 0; b < 256; ++b) {
    char c = static_cast<char>(b);
    if (IsUsccCharacter(c)) {
      ++count;
      EXPECT_NE(kAlphabet.find(c), absl::string_view::npos) << b;
    }
  }
  EXPECT_EQ(count, 31);
}

}  // namespace
}  // namespace ccrm::customer
