// The adapter to an external credit reference (e.g. the PBoC credit reference centre's
// enterprise credit report): what it says about a customer's conduct at other institutions.
// Findings feed the rating as scorecard inputs and as default evidence. A real adapter (an
// HTTPS client of the bureau's interface) implements CreditBureau; storage/ ships a file-backed
// one for tests and demos (docs/credit-rating.md says how to plug in another).
//
// Example:
//   ASSIGN_OR_RETURN(std::optional<BureauReport> report,
//                    bureau.Fetch(BureauSubject{customer_id, uscc, legal_name}));
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/money/money.h"

namespace ccrm::rating {

struct BureauSubject {
  std::string customer_id;
  // 统一社会信用代码: the key bureaus index enterprises by.
  std::string unified_social_credit_code;
  std::string legal_name;
};

struct BureauReport {
  // e.g. "file", "pboc".
  std::string source;
  std::string report_id;
  absl::CivilDay report_date;
  // Worst days past due at other institutions in the last 24 months.
  int max_days_overdue_24m = 0;
  // Overdue now at other institutions (in the report's currency).
  Money current_overdue_amount;
  // Guarantees given for others.
  Money guarantees_given;
  int open_lawsuits = 0;
  Money other_bank_loans;
};

class CreditBureau {
 public:
  virtual ~CreditBureau() = default;
  // The subject's latest report, or nullopt when the bureau has no record of it (a first-time
  // borrower). UNAVAILABLE / DEADLINE_EXCEEDED when the bureau cannot be reached: the rating
  // then fails rather than going ahead without it.
  virtual absl::StatusOr<std::optional<BureauReport>> Fetch(const BureauSubject& subject) = 0;
};

}  // namespace ccrm::rating
