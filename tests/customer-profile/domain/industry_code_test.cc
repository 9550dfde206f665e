#include "services/customer-profile/domain/industry_code.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_format.h"
#include "common/testing/status_matchers.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;

struct SectionCase {
  char section;
  int first;
  int last;
};

// GB/T 4754-2017, written out again independently of the implementation's table.
constexpr SectionCase kSections[] = {
    {'A', 1, 5},   {'B', 6, 12},  {'C', 13, 43}, {'D', 44, 46}, {'E', 47, 50},
    {'F', 51, 52}, {'G', 53, 60}, {'H', 61, 62}, {'I', 63, 65}, {'J', 66, 69},
    {'K', 70, 70}, {'L', 71, 72}, {'M', 73, 75}, {'N', 76, 79}, {'O', 80, 82},
    {'P', 83, 83}, {'Q', 84, 85}, {'R', 86, 90}, {'S', 91, 96}, {'T', 97, 97},
};

std::string Code(char section, int division, absl::string_view rest = "") {
  return absl::StrFormat("%c%02d%s", section, division, rest);
}

TEST(IndustryCodeTest, AcceptsDivisionsGroupsAndClasses) {
  for (absl::string_view code :
       {"C30", "C301", "C3011", "A01", "A0111", "E4710", "K7010", "T97", "J6910", "P8310"}) {
    EXPECT_OK(ValidateIndustryCode(code)) << code;
  }
}

TEST(IndustryCodeTest, EverySectionBoundary) {
  for (const SectionCase& s : kSections) {
    EXPECT_OK(ValidateIndustryCode(Code(s.section, s.first))) << s.section;
    EXPECT_OK(ValidateIndustryCode(Code(s.section, s.last, "11"))) << s.section;
    EXPECT_EQ(IndustrySectionOfDivision(s.first), s.section);
    EXPECT_EQ(IndustrySectionOfDivision(s.last), s.section);
    if (s.first > 1) {
      EXPECT_THAT(ValidateIndustryCode(Code(s.section, s.first - 1)),
                  StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("belongs to section")))
          << s.section;
    }
    if (s.last < 97) {
      EXPECT_THAT(ValidateIndustryCode(Code(s.section, s.last + 1)),
                  StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("belongs to section")))
          << s.section;
    }
  }
}

TEST(IndustryCodeTest, DivisionInAnotherSectionNamesBoth) {
  EXPECT_THAT(ValidateIndustryCode("A30"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "division 30 belongs to section C, not A (section A has divisions 01-05)"));
  EXPECT_THAT(ValidateIndustryCode("K7110"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "division 71 belongs to section L, not K (section K has divisions 70)"));
}

TEST(IndustryCodeTest, NonexistentDivisions) {
  EXPECT_THAT(ValidateIndustryCode("A00"),
              StatusIs(absl::StatusCode::kInvalidArgument, "division 00 does not exist (01-97)"));
  EXPECT_THAT(ValidateIndustryCode("T98"),
              StatusIs(absl::StatusCode::kInvalidArgument, "division 98 does not exist (01-97)"));
  EXPECT_EQ(IndustrySectionOfDivision(0), std::nullopt);
  EXPECT_EQ(IndustrySectionOfDivision(98), std::nullopt);
  EXPECT_EQ(IndustrySectionOfDivision(-1), std::nullopt);
}

TEST(IndustryCodeTest, RejectsBadShapes) {
  for (absl::string_view code : {"", "C", "C3", "C30111", "c3011", "U01", "Z01", "3011", "C30A1",
                                 "CC301", "C 3011", "C3011 ", "C-30"}) {
    EXPECT_THAT(ValidateIndustryCode(code),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("GB/T 4754-2017")))
        << code;
  }
}

TEST(IndustryCodeTest, EveryDivisionHasExactlyOneSection) {
  for (int division = 1; division <= 97; ++division) {
    std::optional<char> section = IndustrySectionOfDivision(division);
    ASSERT_TRUE(section.has_value()) << division;
    EXPECT_OK(ValidateIndustryCode(Code(*section, division)));
  }
}

}  // namespace
}  // namespace ccrm::customer
