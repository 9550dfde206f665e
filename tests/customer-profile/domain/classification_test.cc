#include "services/customer-profile/domain/classification.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"
#include "common/testing/status_matchers.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;

const absl::CivilDay kToday(2024, 6, 1);
constexpr int64_t kMillion = 1'000'000;

Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }

// Just under `units`: one nano less.
Money JustUnder(int64_t units) { return Cny(units - 1, 999'999'999); }

Customer SmallBorrower() {
  Customer c;
  c.kind = CustomerKind::kEnterprise;
  c.annual_revenue = Cny(50 * kMillion);
  c.total_assets = Cny(30 * kMillion);
  c.employee_count = 120;
  c.has_prior_credit = true;
  return c;
}

TEST(ClassificationRulesTest, DefaultsAreValid) {
  ClassificationRules rules = ClassificationRules::Default();
  EXPECT_OK(ValidateClassificationRules(rules));
  EXPECT_EQ(rules.key_min_revenue, 400 * kMillion);
  EXPECT_EQ(rules.key_min_total_assets, 400 * kMillion);
  EXPECT_EQ(rules.sme_max_employees, 1000);
  EXPECT_EQ(rules.currency_code, "CNY");
}

TEST(ClassificationRulesTest, RejectsBrokenRules) {
  ClassificationRules r = ClassificationRules::Default();
  r.asset_bands = {{5 * kMillion, 8}, {20 * kMillion, 16}};
  EXPECT_THAT(ValidateClassificationRules(r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("highest threshold first")));
  r = ClassificationRules::Default();
  r.relationship_bands = {{1, 5}, {1, 10}};
  EXPECT_THAT(ValidateClassificationRules(r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("longest first")));
  r = ClassificationRules::Default();
  r.tier2_min_points = 80;
  EXPECT_THAT(ValidateClassificationRules(r), StatusIs(absl::StatusCode::kInvalidArgument));
  r = ClassificationRules::Default();
  r.key_min_revenue = -1;
  EXPECT_THAT(ValidateClassificationRules(r), StatusIs(absl::StatusCode::kInvalidArgument));
  r = ClassificationRules::Default();
  r.grade_points[0].second = -1;
  EXPECT_THAT(ValidateClassificationRules(r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("grade AAA")));
  r = ClassificationRules::Default();
  r.currency_code = "yuan";
  EXPECT_THAT(ValidateClassificationRules(r), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ComputeSegmentTest, RevenueLine) {
  const ClassificationRules rules = ClassificationRules::Default();
  Customer c = SmallBorrower();
  c.annual_revenue = Cny(400 * kMillion);
  EXPECT_EQ(ComputeSegment(c, rules), Segment::kKey);
  c.annual_revenue = JustUnder(400 * kMillion);
  EXPECT_EQ(ComputeSegment(c, rules), Segment::kSme);
}

TEST(ComputeSegmentTest, TotalAssetsLine) {
  const ClassificationRules rules = ClassificationRules::Default();
  Customer c = SmallBorrower();
  c.total_assets = Cny(400 * kMillion);
  EXPECT_EQ(ComputeSegment(c, rules), Segment::kKey);
  c.total_assets = JustUnder(400 * kMillion);
  EXPECT_EQ(ComputeSegment(c, rules), Segment::kSme);
}

TEST(ComputeSegmentTest, EmployeeLine) {
  const ClassificationRules rules = ClassificationRules::Default();
  Customer c = SmallBorrower();
  c.employee_count = 1000;
  EXPECT_EQ(ComputeSegment(c, rules), Segment::kKey);
  c.employee_count = 999;
  EXPECT_EQ(ComputeSegment(c, rules), Segment::kSme);
}

TEST(ComputeSegmentTest, FirstTimeBorrowerUnlessKey) {
  const ClassificationRules rules = ClassificationRules::Default();
  Customer c = SmallBorrower();
  c.has_prior_credit = false;
  EXPECT_EQ(ComputeSegment(c, rules), Segment::kFirstTimeBorrower);
  c.employee_count = 5000;
  EXPECT_EQ(ComputeSegment(c, rules), Segment::kKey);
  EXPECT_EQ(ComputeSegment(Customer{}, rules), Segment::kFirstTimeBorrower);
}

TEST(ComputeSegmentTest, OnlyTheRulesCurrencyCounts) {
  const ClassificationRules rules = ClassificationRules::Default();
  Customer c = SmallBorrower();
  c.annual_revenue = Money{"USD", 900 * kMillion, 0};
  c.total_assets = Money{"USD", 900 * kMillion, 0};
  EXPECT_EQ(ComputeSegment(c, rules), Segment::kSme);
  ClassificationRules usd = rules;
  usd.currency_code = "USD";
  EXPECT_EQ(ComputeSegment(c, usd), Segment::kKey);
}

TEST(ComputeSegmentTest, MalformedAmountsDoNotCount) {
  Customer c = SmallBorrower();
  c.annual_revenue = Cny(900 * kMillion, -1);
  EXPECT_EQ(ComputeSegment(c, ClassificationRules::Default()), Segment::kSme);
}

TEST(ComputeSegmentTest, ThresholdsComeFromTheRules) {
  ClassificationRules rules = ClassificationRules::Default();
  rules.key_min_revenue = 40 * kMillion;
  EXPECT_EQ(ComputeSegment(SmallBorrower(), rules), Segment::kKey);
}

struct AssetCase {
  Money total_assets;
  int32_t points;
};

TEST(ScoreTierTest, AssetBands) {
  const ClassificationRules rules = ClassificationRules::Default();
  for (const AssetCase& t : {
           AssetCase{Cny(5'000 * kMillion), 40},
           AssetCase{Cny(1'000 * kMillion), 40},
           AssetCase{JustUnder(1'000 * kMillion), 32},
           AssetCase{Cny(400 * kMillion), 32},
           AssetCase{JustUnder(400 * kMillion), 24},
           AssetCase{Cny(100 * kMillion), 24},
           AssetCase{JustUnder(100 * kMillion), 16},
           AssetCase{Cny(20 * kMillion), 16},
           AssetCase{JustUnder(20 * kMillion), 8},
           AssetCase{Cny(5 * kMillion), 8},
           AssetCase{JustUnder(5 * kMillion), 0},
           AssetCase{Cny(0), 0},
           AssetCase{Money{"USD", 5'000 * kMillion, 0}, 0},
       }) {
    Customer c;
    c.total_assets = t.total_assets;
    EXPECT_EQ(ScoreTier(c, rules, kToday).asset_points, t.points)
        << t.total_assets.currency_code << " " << t.total_assets.units << "."
        << t.total_assets.nanos;
  }
  EXPECT_EQ(ScoreTier(Customer{}, rules, kToday).asset_points, 0);
}

TEST(ScoreTierTest, GradePoints) {
  const ClassificationRules rules = ClassificationRules::Default();
  const std::pair<const char*, int32_t> kCases[] = {
      {"AAA", 40}, {"AA", 35}, {"A", 30}, {"BBB", 25}, {"BB", 18}, {"B", 12},
      {"CCC", 6},  {"CC", 3},  {"C", 1},  {"D", 0},    {"", 10},   {"unknown", 10},
  };
  for (const auto& [grade, points] : kCases) {
    Customer c;
    c.credit_grade = grade;
    EXPECT_EQ(ScoreTier(c, rules, kToday).grade_points, points) << grade;
  }
}

TEST(FullYearsBetweenTest, CountsAnniversaries) {
  EXPECT_EQ(FullYearsBetween(absl::CivilDay(2014, 6, 1), kToday), 10);
  EXPECT_EQ(FullYearsBetween(absl::CivilDay(2014, 6, 2), kToday), 9);
  EXPECT_EQ(FullYearsBetween(absl::CivilDay(2014, 5, 31), kToday), 10);
  EXPECT_EQ(FullYearsBetween(absl::CivilDay(2014, 7, 1), kToday), 9);
  EXPECT_EQ(FullYearsBetween(kToday, kToday), 0);
  EXPECT_EQ(FullYearsBetween(kToday + 1, kToday), 0);
  // A relationship started on 29 February has its anniversary on 1 March in common years.
  EXPECT_EQ(FullYearsBetween(absl::CivilDay(2020, 2, 29), absl::CivilDay(2021, 2, 28)), 0);
  EXPECT_EQ(FullYearsBetween(absl::CivilDay(2020, 2, 29), absl::CivilDay(2021, 3, 1)), 1);
  EXPECT_EQ(FullYearsBetween(absl::CivilDay(2020, 2, 29), absl::CivilDay(2024, 2, 29)), 4);
}

TEST(ScoreTierTest, RelationshipBands) {
  const ClassificationRules rules = ClassificationRules::Default();
  auto points_for_start = [&](absl::CivilDay start) {
    Customer c;
    c.relationship_start_date = start;
    return ScoreTier(c, rules, kToday).relationship_points;
  };
  auto years_ago = [](int years) { return absl::CivilDay(kToday.year() - years, 6, 1); };
  EXPECT_EQ(points_for_start(years_ago(25)), 20);
  EXPECT_EQ(points_for_start(years_ago(10)), 20);
  EXPECT_EQ(points_for_start(years_ago(10) + 1), 15);
  EXPECT_EQ(points_for_start(years_ago(5)), 15);
  EXPECT_EQ(points_for_start(years_ago(5) + 1), 10);
  EXPECT_EQ(points_for_start(years_ago(3)), 10);
  EXPECT_EQ(points_for_start(years_ago(3) + 1), 5);
  EXPECT_EQ(points_for_start(years_ago(1)), 5);
  EXPECT_EQ(points_for_start(years_ago(1) + 1), 0);
  EXPECT_EQ(points_for_start(kToday), 0);
  EXPECT_EQ(points_for_start(kToday + 30), 0);
  EXPECT_EQ(ScoreTier(Customer{}, rules, kToday).relationship_points, 0);
}

// A customer scoring asset + grade + relationship points under the default rules.
Customer Scoring(Money total_assets, const char* grade, int relationship_years) {
  Customer c;
  c.total_assets = total_assets;
  c.credit_grade = grade;
  if (relationship_years > 0) {
    c.relationship_start_date = absl::CivilDay(kToday.year() - relationship_years, 1, 1);
  }
  return c;
}

struct TierCase {
  Customer customer;
  int32_t points;
  Tier tier;
};

TEST(ComputeTierTest, TierBoundaries) {
  const ClassificationRules rules = ClassificationRules::Default();
  for (const TierCase& t : {
           TierCase{Scoring(Cny(1'000 * kMillion), "AAA", 12), 100, Tier::kTier1},
           TierCase{Scoring(Cny(1'000 * kMillion), "AA", 0), 75, Tier::kTier1},
           TierCase{Scoring(Cny(100 * kMillion), "AAA", 3), 74, Tier::kTier2},
           TierCase{Scoring(Cny(1'000 * kMillion), "D", 5), 55, Tier::kTier2},
           TierCase{Scoring(Cny(100 * kMillion), "A", 0), 54, Tier::kTier3},
           TierCase{Scoring(Cny(0), "A", 1), 35, Tier::kTier3},
           TierCase{Scoring(Cny(20 * kMillion), "BB", 0), 34, Tier::kTier4},
           TierCase{Scoring(Cny(0), "D", 0), 0, Tier::kTier4},
       }) {
    EXPECT_EQ(ScoreTier(t.customer, rules, kToday).total(), t.points);
    EXPECT_EQ(ComputeTier(t.customer, rules, kToday), t.tier) << t.points;
  }
}

TEST(ComputeTierTest, UnratedNewCustomerIsTier4) {
  EXPECT_EQ(ComputeTier(Customer{}, ClassificationRules::Default(), kToday), Tier::kTier4);
}

TEST(ApplyClassificationTest, ComputedWithoutOverride) {
  Customer c = Scoring(Cny(1'000 * kMillion), "AAA", 12);
  c.has_prior_credit = true;
  ApplyClassification(c, ClassificationRules::Default(), kToday);
  EXPECT_EQ(c.segment, Segment::kKey);
  EXPECT_EQ(c.tier, Tier::kTier1);
}

TEST(ApplyClassificationTest, OverrideWins) {
  Customer c = Scoring(Cny(1'000 * kMillion), "AAA", 12);
  c.classification_override = ClassificationOverride{Segment::kSme, Tier::kTier3, "group policy",
                                                     "approver-1", absl::UnixEpoch()};
  ApplyClassification(c, ClassificationRules::Default(), kToday);
  EXPECT_EQ(c.segment, Segment::kSme);
  EXPECT_EQ(c.tier, Tier::kTier3);
}

TEST(ApplyClassificationTest, PartialOverrideKeepsTheComputedRest) {
  Customer c = Scoring(Cny(1'000 * kMillion), "AAA", 12);
  c.classification_override = ClassificationOverride{};
  c.classification_override->tier = Tier::kTier2;
  ApplyClassification(c, ClassificationRules::Default(), kToday);
  EXPECT_EQ(c.segment, Segment::kKey);
  EXPECT_EQ(c.tier, Tier::kTier2);

  c.classification_override->tier = Tier::kUnspecified;
  c.classification_override->segment = Segment::kFirstTimeBorrower;
  ApplyClassification(c, ClassificationRules::Default(), kToday);
  EXPECT_EQ(c.segment, Segment::kFirstTimeBorrower);
  EXPECT_EQ(c.tier, Tier::kTier1);
}

TEST(ApplyClassificationTest, RecomputesOnEveryCall) {
  Customer c = SmallBorrower();
  ClassificationRules rules = ClassificationRules::Default();
  ApplyClassification(c, rules, kToday);
  EXPECT_EQ(c.segment, Segment::kSme);
  c.employee_count = 2000;
  ApplyClassification(c, rules, kToday);
  EXPECT_EQ(c.segment, Segment::kKey);
}

TEST(NamesTest, SegmentAndTier) {
  EXPECT_EQ(SegmentName(Segment::kKey), "key");
  EXPECT_EQ(SegmentName(Segment::kSme), "sme");
  EXPECT_EQ(SegmentName(Segment::kFirstTimeBorrower), "first_time_borrower");
  EXPECT_EQ(SegmentName(Segment::kUnspecified), "unspecified");
  EXPECT_EQ(SegmentName(static_cast<Segment>(9)), "unspecified");
  EXPECT_EQ(TierName(Tier::kTier1), "tier_1");
  EXPECT_EQ(TierName(Tier::kTier4), "tier_4");
  EXPECT_EQ(TierName(Tier::kUnspecified), "unspecified");
}

}  // namespace
}  // namespace ccrm::customer
