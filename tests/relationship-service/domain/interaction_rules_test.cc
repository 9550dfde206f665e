#include "services/relationship-service/domain/interaction_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 5, 20, 10, 0, 0), absl::UTCTimeZone());

Interaction Valid() {
  Interaction i;
  i.customer_id = "c-1";
  i.kind = InteractionKind::kVisit;
  i.occur_time = kNow - absl::Hours(3);
  i.manager_id = "li.wei";
  i.participants = {"CFO 王芳", "li.wei"};
  i.summary = "季度经营回顾";
  i.created_by = "li.wei";
  return i;
}

std::vector<FieldViolation> Violations(const Interaction& i) {
  return FieldViolationsOf(ValidateInteraction(i, kNow, "interaction"));
}

// `n` copies of a three-byte character.
std::string Chinese(size_t n) {
  std::string s;
  for (size_t k = 0; k < n; ++k) {
    s += "客";
  }
  return s;
}

TEST(ValidateInteractionTest, AcceptsAValidInteraction) {
  EXPECT_OK(ValidateInteraction(Valid(), kNow, "interaction"));
}

TEST(ValidateInteractionTest, KindMustBeKnown) {
  Interaction i = Valid();
  i.kind = InteractionKind::kUnspecified;
  absl::Status s = ValidateInteraction(i, kNow, "interaction");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{
                  "interaction.kind", "must be VISIT, CALL, EMAIL, MEETING or SITE_INSPECTION"}));
}

TEST(ValidateInteractionTest, OccurTimeBounds) {
  Interaction i = Valid();
  i.occur_time = kNow + absl::Hours(24);
  EXPECT_THAT(Violations(i), ElementsAre());
  i.occur_time = kNow + absl::Hours(24) + absl::Seconds(1);
  EXPECT_THAT(Violations(i),
              ElementsAre(FieldViolation{"interaction.occur_time",
                                         "must not be more than 1 day in the future"}));
  i.occur_time = absl::FromCivil(absl::CivilDay(2000, 1, 1), absl::UTCTimeZone());
  EXPECT_THAT(Violations(i), ElementsAre());
  i.occur_time -= absl::Seconds(1);
  EXPECT_THAT(Violations(i), ElementsAre(FieldViolation{"interaction.occur_time",
                                                        "must not be before 2000-01-01"}));
  i.occur_time = absl::Time();
  EXPECT_THAT(Violations(i), ElementsAre(FieldViolation{"interaction.occur_time", "must be set"}));
}

TEST(ValidateInteractionTest, SummaryIsRequired) {
  Interaction i = Valid();
  i.summary = "  \n";
  EXPECT_THAT(Violations(i), ElementsAre(FieldViolation{"interaction.summary", "is required"}));
}

TEST(ValidateInteractionTest, TextLimitsCountCharactersNotBytes) {
  Interaction i = Valid();
  i.summary = Chinese(4000);  // 12,000 bytes, 4000 characters
  i.outcome = Chinese(4000);
  i.next_steps = std::string(4000, 'x');
  EXPECT_THAT(Violations(i), ElementsAre());
  i.summary = Chinese(4001);
  i.outcome = Chinese(4001);
  i.next_steps = std::string(4001, 'x');
  EXPECT_THAT(
      Violations(i),
      ElementsAre(
          FieldViolation{"interaction.summary", "must be 1 to 4000 characters, got 4001"},
          FieldViolation{"interaction.outcome", "must be at most 4000 characters, got 4001"},
          FieldViolation{"interaction.next_steps", "must be at most 4000 characters, got 4001"}));
}

TEST(ValidateInteractionTest, FourByteCharactersCountOnce) {
  Interaction i = Valid();
  i.summary.clear();
  for (int k = 0; k < 4000; ++k) {
    i.summary += "\xF0\x9F\x98\x80";  // U+1F600
  }
  EXPECT_THAT(Violations(i), ElementsAre());
}

TEST(ValidateInteractionTest, MalformedUtf8IsRejected) {
  const std::string malformed[] = {
      "\xFF",              // not a lead byte
      "ab\xE5\xAE",        // truncated sequence
      "\xC0\xAF",          // overlong "/"
      "\xED\xA0\x80",      // a surrogate
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xE5"
      "a"
      "\xAE",  // bad continuation byte
  };
  for (const std::string& text : malformed) {
    Interaction i = Valid();
    i.outcome = text;
    EXPECT_THAT(Violations(i),
                ElementsAre(FieldViolation{"interaction.outcome", "must be valid UTF-8"}))
        << text;
  }
}

TEST(ValidateInteractionTest, Participants) {
  Interaction i = Valid();
  i.participants.assign(20, "p");
  EXPECT_THAT(Violations(i), ElementsAre());
  i.participants.assign(21, "p");
  i.participants[3] = "";
  i.participants[5] = Chinese(201);
  EXPECT_THAT(
      Violations(i),
      ElementsAre(
          FieldViolation{"interaction.participants", "must have at most 20 entries"},
          FieldViolation{"interaction.participants[3]", "is required"},
          FieldViolation{"interaction.participants[5]", "must be 1 to 200 characters, got 201"}));
}

TEST(ValidateInteractionTest, ManagerIdWhenSet) {
  Interaction i = Valid();
  i.manager_id = "";
  EXPECT_THAT(Violations(i), ElementsAre());
  i.manager_id = "Li Wei";
  EXPECT_THAT(Violations(i), ElementsAre(FieldViolation{"interaction.manager_id",
                                                        "must be 1-64 characters of [a-z0-9._-]"}));
}

TEST(ValidateInteractionTest, EveryProblemAtOnce) {
  Interaction i;
  EXPECT_THAT(Violations(i),
              ElementsAre(FieldViolation{"interaction.kind",
                                         "must be VISIT, CALL, EMAIL, MEETING or SITE_INSPECTION"},
                          FieldViolation{"interaction.occur_time", "must be set"},
                          FieldViolation{"interaction.summary", "is required"}));
}

TEST(IsStaffIdTest, Alphabet) {
  EXPECT_TRUE(IsStaffId("li.wei_2-a"));
  EXPECT_TRUE(IsStaffId(std::string(64, 'a')));
  EXPECT_FALSE(IsStaffId(std::string(65, 'a')));
  EXPECT_FALSE(IsStaffId(""));
  EXPECT_FALSE(IsStaffId("LiWei"));
  EXPECT_FALSE(IsStaffId("li wei"));
}

Interaction Confidential() {
  Interaction i = Valid();
  i.confidential = true;
  i.created_by = "zhang.san";
  i.manager_id = "li.wei";
  return i;
}

TEST(MaySeeConfidentialTest, AnyoneSeesANonConfidentialInteraction) {
  Interaction i = Valid();
  EXPECT_TRUE(MaySeeConfidential(Principal{"someone", {roles::kCreditAnalyst}}, i, "wang.wu"));
}

TEST(MaySeeConfidentialTest, ThePeopleInvolved) {
  const Interaction i = Confidential();
  const std::vector<std::string> rm = {roles::kRelationshipManager};
  EXPECT_TRUE(MaySeeConfidential(Principal{"zhang.san", rm}, i, "wang.wu"));  // logged it
  EXPECT_TRUE(MaySeeConfidential(Principal{"li.wei", rm}, i, "wang.wu"));     // its manager
  EXPECT_TRUE(MaySeeConfidential(Principal{"wang.wu", rm}, i, "wang.wu"));    // current manager
  EXPECT_FALSE(MaySeeConfidential(Principal{"zhao.liu", rm}, i, "wang.wu"));
}

TEST(MaySeeConfidentialTest, ByRole) {
  const Interaction i = Confidential();
  EXPECT_TRUE(MaySeeConfidential(Principal{"r", {roles::kRiskOfficer}}, i, "wang.wu"));
  EXPECT_TRUE(MaySeeConfidential(Principal{"a", {roles::kAuditor}}, i, "wang.wu"));
  EXPECT_TRUE(MaySeeConfidential(Principal{"x", {roles::kAdmin}}, i, "wang.wu"));
  EXPECT_FALSE(MaySeeConfidential(Principal{"c", {roles::kCreditAnalyst}}, i, "wang.wu"));
  EXPECT_FALSE(MaySeeConfidential(Principal{"p", {roles::kCreditApprover}}, i, "wang.wu"));
  EXPECT_FALSE(MaySeeConfidential(Principal{"s", {roles::kService}}, i, "wang.wu"));
  EXPECT_FALSE(MaySeeConfidential(Principal{"m", {roles::kRelationshipManager}}, i, "wang.wu"));
}

TEST(MaySeeConfidentialTest, EmptySubjectMatchesNoOne) {
  Interaction i = Confidential();
  i.created_by = "";
  i.manager_id = "";
  EXPECT_FALSE(MaySeeConfidential(Principal{"", {roles::kRelationshipManager}}, i, ""));
}

TEST(RedactTest, WithholdsTheContent) {
  Interaction i = Confidential();
  i.outcome = "agreed";
  i.next_steps = "send term sheet";
  Redact(i);
  EXPECT_TRUE(i.redacted);
  EXPECT_EQ(i.summary, "");
  EXPECT_EQ(i.outcome, "");
  EXPECT_EQ(i.next_steps, "");
  EXPECT_EQ(i.manager_id, "li.wei");
  EXPECT_EQ(i.participants.size(), 2u);
}

}  // namespace
}  // namespace ccrm::relationship
