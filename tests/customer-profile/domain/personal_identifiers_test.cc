#include "services/customer-profile/domain/personal_identifiers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "common/testing/status_matchers.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

// An ID number with a correct check character for these first 17 digits.
std::string WithCheck(absl::string_view first17) {
  return absl::StrCat(first17, std::string(1, *ResidentIdCheckCharacter(first17)));
}

TEST(ResidentIdNumberTest, AcceptsTheStandardsExamples) {
  // GB 11643-1999's own examples, one with the check character X.
  EXPECT_OK(ValidateResidentIdNumber("11010519491231002X"));
  EXPECT_OK(ValidateResidentIdNumber("440524188001010014"));
  EXPECT_OK(ValidateResidentIdNumber("110101199003074477"));
}

TEST(ResidentIdNumberTest, CheckCharacter) {
  EXPECT_EQ(*ResidentIdCheckCharacter("11010519491231002"), 'X');
  EXPECT_EQ(*ResidentIdCheckCharacter("44052418800101001"), '4');
  EXPECT_THAT(ResidentIdCheckCharacter("1101051949123100"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ResidentIdCheckCharacter("1101051949123100A"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ResidentIdNumberTest, WrongCheckCharacterDoesNotEchoTheNumber) {
  absl::Status s = ValidateResidentIdNumber("110101199003074478");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument, "check character mismatch"));
  EXPECT_THAT(std::string(s.message()), Not(HasSubstr("1990")));
  EXPECT_THAT(ValidateResidentIdNumber("110105194912310021"),
              StatusIs(absl::StatusCode::kInvalidArgument, "check character mismatch"));
}

TEST(ResidentIdNumberTest, LowerCaseXIsRefused) {
  EXPECT_THAT(
      ValidateResidentIdNumber("11010519491231002x"),
      StatusIs(absl::StatusCode::kInvalidArgument, "the check character X must be upper case"));
}

TEST(ResidentIdNumberTest, BirthDateMustBeReal) {
  EXPECT_OK(ValidateResidentIdNumber(WithCheck("11010520000229001")));  // leap day
  for (absl::string_view first17 : {"11010519000229001",                // 1900 is not a leap year
                                    "11010519490230001",                // 30 February
                                    "11010519491331001",                // month 13
                                    "11010519490000001",                // month 0, day 0
                                    "11010517991231001"}) {             // before 1800
    EXPECT_THAT(ValidateResidentIdNumber(WithCheck(first17)),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         "positions 7-14 must be a real birth date (YYYYMMDD, year 1800 or "
                         "later)"))
        << first17;
  }
}

TEST(ResidentIdNumberTest, ShapeErrors) {
  EXPECT_THAT(ValidateResidentIdNumber("110105491231002"),  // the old 15-digit form
              StatusIs(absl::StatusCode::kInvalidArgument, "must be 18 characters, got 15"));
  EXPECT_THAT(ValidateResidentIdNumber(""),
              StatusIs(absl::StatusCode::kInvalidArgument, "must be 18 characters, got 0"));
  EXPECT_THAT(ValidateResidentIdNumber("1101A519491231002X"),
              StatusIs(absl::StatusCode::kInvalidArgument, "position 5 must be a digit"));
  EXPECT_THAT(ValidateResidentIdNumber("11010519491231002Y"),
              StatusIs(absl::StatusCode::kInvalidArgument, "position 18 must be a digit or X"));
  EXPECT_THAT(ValidateResidentIdNumber("11010519491231002X "),
              StatusIs(absl::StatusCode::kInvalidArgument, "must be 18 characters, got 19"));
}

TEST(PhoneNumberTest, AcceptsMobileAndLandline) {
  for (absl::string_view phone :
       {"13800138000", "19912345678", "15000000000", "+8613800138000", "010-12345678",
        "0755-1234567", "0591-87654321", "01012345678", "07551234567"}) {
    EXPECT_OK(ValidatePhoneNumber(phone)) << phone;
  }
}

TEST(PhoneNumberTest, RejectsEverythingElse) {
  for (absl::string_view phone :
       {"", "12800138000", "11800138000", "1380013800", "138001380000", "+8612800138000",
        "+86 13800138000", "138 0013 8000", "755-1234567", "010-123456", "010-123456789",
        "01-12345678", "00000-1234567", "010--1234567", "phone", "1380013800x"}) {
    EXPECT_THAT(ValidatePhoneNumber(phone), StatusIs(absl::StatusCode::kInvalidArgument)) << phone;
  }
  EXPECT_THAT(ValidatePhoneNumber("+14155550100"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("only as +86 before a mainland mobile number")));
}

TEST(BankAccountNumberTest, EightToThirtyTwoDigits) {
  EXPECT_OK(ValidateBankAccountNumber("12345678"));
  EXPECT_OK(ValidateBankAccountNumber("6222021234567890123"));
  EXPECT_OK(ValidateBankAccountNumber(std::string(32, '9')));
  for (const std::string& bad :
       {std::string("1234567"), std::string(33, '9'), std::string("6222 0212 3456"),
        std::string("6222-02123456"), std::string("62220212345A"), std::string()}) {
    EXPECT_THAT(ValidateBankAccountNumber(bad),
                StatusIs(absl::StatusCode::kInvalidArgument, "must be 8 to 32 digits"))
        << bad;
  }
}

TEST(EmailTest, AcceptsPlainAddresses) {
  for (absl::string_view email : {"zhang.san@example.com.cn", "a@b.co",
                                  "first+tag@sub-d.example.org", "FINANCE_01@Example.COM"}) {
    EXPECT_OK(ValidateEmail(email)) << email;
  }
}

TEST(EmailTest, RejectsMalformedAddresses) {
  for (absl::string_view email :
       {"",         "no-at-sign", "a@@b.com",   "a@b@c.com",   "@b.com",    "a@",       "a@b",
        "a@b.c",    "a@b.123",    "a@-b.com",   "a@b-.com",    "a@b..com",  "a@.b.com", "a b@c.com",
        ".a@b.com", "a.@b.com",   "a..b@c.com", "\"a\"@b.com", "<a@b.com>", "a@b_c.com"}) {
    EXPECT_THAT(ValidateEmail(email),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a valid e-mail")))
        << email;
  }
}

TEST(EmailTest, LengthLimits) {
  std::string local64(64, 'a');
  EXPECT_OK(ValidateEmail(local64 + "@example.com"));
  EXPECT_THAT(ValidateEmail(local64 + "a@example.com"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1 to 64")));
  std::string long_domain;
  for (int i = 0; i < 4; ++i) {
    long_domain += std::string(60, 'd') + ".";
  }
  long_domain += "com";
  std::string local(254 - 1 - long_domain.size(), 'a');
  EXPECT_OK(ValidateEmail(local + "@" + long_domain));  // 254 characters
  EXPECT_THAT(ValidateEmail(local + "a@" + long_domain),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("254")));
}

TEST(NormalizePhoneNumberTest, StripsSeparatorsAndChinasPrefixBeforeMobiles) {
  EXPECT_EQ(NormalizePhoneNumber("+86 138-0013-8000"), "13800138000");
  EXPECT_EQ(NormalizePhoneNumber("0086 138 0013 8000"), "13800138000");
  EXPECT_EQ(NormalizePhoneNumber("13800138000"), "13800138000");
  EXPECT_EQ(NormalizePhoneNumber("010-1234 5678"), "01012345678");
  EXPECT_EQ(NormalizePhoneNumber("(010) 1234.5678"), "01012345678");
  // Not a mobile number after the prefix: the prefix stays.
  EXPECT_EQ(NormalizePhoneNumber("+86 10 12345678"), "+861012345678");
}

TEST(NormalizePhoneNumberTest, NormalisedValidNumbersStayValid) {
  for (absl::string_view phone :
       {"+86 138 0013 8000", "138-0013-8000", "0755-1234567", "0591 87654321"}) {
    EXPECT_OK(ValidatePhoneNumber(NormalizePhoneNumber(phone))) << phone;
  }
}

TEST(NormalizeBankAccountNumberTest, StripsSpacesAndDashes) {
  EXPECT_EQ(NormalizeBankAccountNumber("6222 0212-3456 7890"), "6222021234567890");
  EXPECT_EQ(NormalizeBankAccountNumber("6222021234567890"), "6222021234567890");
  EXPECT_OK(ValidateBankAccountNumber(NormalizeBankAccountNumber("6222 0212 3456 7890")));
}

TEST(NormalizeResidentIdNumberTest, StripsSpacesAndUpperCasesX) {
  EXPECT_EQ(NormalizeResidentIdNumber("110105 19491231 002x"), "11010519491231002X");
  EXPECT_OK(ValidateResidentIdNumber(NormalizeResidentIdNumber("11010519491231002x")));
}

}  // namespace
}  // namespace ccrm::customer
