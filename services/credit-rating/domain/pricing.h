// Risk-based pricing and terms: the bank's pricing table (data, in the database) maps grade,
// segment and tenor to a spread over the loan prime rate, the longest tenor, collateral and
// covenant requirements and who may approve. Loans over 60 months price over the 5-year LPR,
// others over the 1-year LPR.
//
// Example:
//   ASSIGN_OR_RETURN(PricingTerms t, RecommendTerms(table, CreditGrade::kBBB, Segment::kSme, 36));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/credit-rating/domain/grade.h"

namespace ccrm::rating {

enum class Segment { kUnspecified = 0, kKey = 1, kSme = 2, kFirstTimeBorrower = 3 };

// One row of the pricing table.
struct PricingRule {
  CreditGrade grade = CreditGrade::kUnspecified;
  Segment segment = Segment::kUnspecified;
  // False: the bank does not extend new credit at this grade (the row still documents why).
  bool eligible = true;
  int spread_bps = 0;
  int max_tenor_months = 0;
  // "NONE", "PARTIAL", "FULL".
  std::string collateral_requirement;
  int min_collateral_coverage_bps = 0;
  double min_dscr = 0;
  double max_debt_to_asset = 0;
  std::string approval_authority;
};

// Loan prime rates in force: 1-year and 5-year, in basis points.
struct LoanPrimeRates {
  int one_year_bps = 0;
  int five_year_bps = 0;
};

struct PricingTable {
  std::vector<PricingRule> rules;
  LoanPrimeRates lpr;
};

struct PricingTerms {
  CreditGrade grade = CreditGrade::kUnspecified;
  Segment segment = Segment::kUnspecified;
  int tenor_months = 0;
  bool eligible = false;
  std::string reason;
  std::string lpr_term;  // "1Y" or "5Y"
  int lpr_bps = 0;
  int spread_bps = 0;
  int all_in_rate_bps = 0;
  int max_tenor_months = 0;
  std::string collateral_requirement;
  int min_collateral_coverage_bps = 0;
  double min_dscr = 0;
  double max_debt_to_asset = 0;
  std::string approval_authority;
};

// INVALID_ARGUMENT for an unspecified grade ("grade") or segment ("segment") or a tenor outside
// 1..360 months ("tenor_months"); FAILED_PRECONDITION (reason PRICING_RULE_MISSING) when the
// table has no row for the grade and segment. A tenor above the row's maximum, or an ineligible
// row, gives terms with eligible = false and the reason.
absl::StatusOr<PricingTerms> RecommendTerms(const PricingTable& table, CreditGrade grade,
                                            Segment segment, int tenor_months);

}  // namespace ccrm::rating
