#include "services/credit-rating/domain/pricing.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm::rating {
namespace {

constexpr int kMaxTenorMonths = 360;
// Loans longer than this price over the 5-year LPR.
constexpr int kOneYearLprMaxTenorMonths = 60;

std::string SegmentName(Segment segment) {
  switch (segment) {
    case Segment::kKey:
      return "KEY";
    case Segment::kSme:
      return "SME";
    case Segment::kFirstTimeBorrower:
      return "FIRST_TIME_BORROWER";
    case Segment::kUnspecified:
      break;
  }
  return "";
}

absl::Status ValidateRequest(CreditGrade grade, Segment segment, int tenor_months) {
  FieldViolations v;
  if (grade < CreditGrade::kAAA || grade > CreditGrade::kD) {
    v.Add("grade", "is required (AAA … D)");
  }
  if (SegmentName(segment).empty()) {
    v.Add("segment", "is required (KEY, SME or FIRST_TIME_BORROWER)");
  }
  if (tenor_months < 1 || tenor_months > kMaxTenorMonths) {
    v.Add("tenor_months", absl::StrCat("must be 1 to ", kMaxTenorMonths, " months"));
  }
  return v.ToStatus();
}

}  // namespace

absl::StatusOr<PricingTerms> RecommendTerms(const PricingTable& table, CreditGrade grade,
                                            Segment segment, int tenor_months) {
  if (absl::Status s = ValidateRequest(grade, segment, tenor_months); !s.ok()) {
    return s;
  }
  const PricingRule* rule = nullptr;
  for (const PricingRule& r : table.rules) {
    if (r.grade == grade && r.segment == segment) {
      rule = &r;
      break;
    }
  }
  if (rule == nullptr) {
    return WithReason(absl::FailedPreconditionError(
                          absl::StrCat("the pricing table has no row for grade ", GradeName(grade),
                                       " and segment ", SegmentName(segment))),
                      "PRICING_RULE_MISSING");
  }

  PricingTerms t;
  t.grade = grade;
  t.segment = segment;
  t.tenor_months = tenor_months;
  t.max_tenor_months = rule->max_tenor_months;
  t.collateral_requirement = rule->collateral_requirement;
  t.min_collateral_coverage_bps = rule->min_collateral_coverage_bps;
  t.min_dscr = rule->min_dscr;
  t.max_debt_to_asset = rule->max_debt_to_asset;
  t.approval_authority = rule->approval_authority;
  const bool five_year = tenor_months > kOneYearLprMaxTenorMonths;
  t.lpr_term = five_year ? "5Y" : "1Y";
  if (!rule->eligible) {
    // No price is quoted for a grade the bank does not lend at.
    t.eligible = false;
    t.reason = absl::StrCat("no new credit at grade ", GradeName(grade));
    return t;
  }
  t.lpr_bps = five_year ? table.lpr.five_year_bps : table.lpr.one_year_bps;
  t.spread_bps = rule->spread_bps;
  t.all_in_rate_bps = t.lpr_bps + t.spread_bps;
  if (tenor_months > rule->max_tenor_months) {
    // Priced anyway, so the caller sees the terms a tenor within the maximum would get.
    t.eligible = false;
    t.reason = absl::StrCat("tenor of ", tenor_months, " months exceeds the maximum of ",
                            rule->max_tenor_months, " months at grade ", GradeName(grade),
                            " for segment ", SegmentName(segment));
    return t;
  }
  t.eligible = true;
  return t;
}

}  // namespace ccrm::rating
