// Customer value: contribution summed over the trailing twelve months, key-customer
// identification, and cross-sell / value-added-service recommendations, each with its reason.
//
// Example:
//   ValueSummary v = SummarizeContributions(contributions, today);
//   KeyCustomerDecision key = IdentifyKeyCustomer(facts, v);
//   std::vector<Recommendation> r = Recommend(facts, v);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/money/money.h"
#include "services/relationship-service/domain/classification.h"

namespace ccrm::relationship {

struct MonthlyContribution {
  // Day 1 of the month.
  absl::CivilDay month;
  Money interest_income;
  Money fee_income;
  Money average_deposits;
};

struct ValueSummary {
  // Sums over the twelve months ending with today's month (average for deposits), in the
  // currency of the contributions (all must share one; others are ignored).
  Money interest_income;
  Money fee_income;
  Money average_deposits;
  Money total_contribution;
  int months = 0;
};

ValueSummary SummarizeContributions(const std::vector<MonthlyContribution>& contributions,
                                    absl::CivilDay today, const std::string& currency = "CNY");

// What the rules know about the customer besides its contribution.
struct CustomerFacts {
  Segment segment = Segment::kUnspecified;
  int tier = 0;
  // GB/T 4754 code, e.g. "C3011".
  std::string industry_code;
  int employee_count = 0;
  // Related parties by relation from customer-profile.
  int upstream_partners = 0;
  int downstream_partners = 0;
  int subsidiaries = 0;
  bool has_projects = false;
};

struct KeyCustomerDecision {
  bool key_customer = false;
  std::string reason;
};

// Key when the segment is KEY, or the trailing contribution ≥ CNY 5 million, or average deposits
// ≥ CNY 50 million; the reason names which.
KeyCustomerDecision IdentifyKeyCustomer(const CustomerFacts& facts, const ValueSummary& value);

struct Recommendation {
  // "SUPPLY_CHAIN_FINANCE", "CASH_MANAGEMENT", "FX_HEDGING", "PAYROLL_SERVICES",
  // "PROJECT_FINANCE_ADVISORY", "GROUP_CASH_POOLING".
  std::string product;
  std::string reason;
};

// Rules (documented in docs/relationship-service-rules.md), each fired with a reason naming its
// facts: supply-chain finance with upstream/downstream trade partners; cash management with
// deposits ≥ CNY 10 million or fees under 10 % of contribution; group cash pooling with
// subsidiaries; payroll services with ≥ 200 employees; project-finance advisory with projects; FX
// hedging for manufacturers (industry section C). Ordered as listed here.
std::vector<Recommendation> Recommend(const CustomerFacts& facts, const ValueSummary& value);

}  // namespace ccrm::relationship
