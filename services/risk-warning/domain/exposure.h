// What risk-warning monitors: exposures (facilities) with their approved use-of-funds plan,
// repayment schedule and covenants; the observations recorded on them; collateral and guarantors;
// and what it knows of each obligor (customer) from customer-profile. Plain values.
//
// Example:
//   Exposure e;
//   e.customer_id = "0193…"; e.facility_id = "F-2026-0001";
//   e.amount = Money{"CNY", 50000000, 0};
//   e.repayment_schedule.push_back({absl::CivilDay(2027, 3, 20), principal, interest});
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/money/money.h"

namespace ccrm::risk {

enum class ExposureStatus { kUnspecified = 0, kActive = 1, kClosed = 2 };

// 五级分类, best first; the numeric order is the severity order.
enum class LoanCategory {
  kUnspecified = 0,
  kNormal = 1,          // 正常
  kSpecialMention = 2,  // 关注
  kSubstandard = 3,     // 次级
  kDoubtful = 4,        // 可疑
  kLoss = 5,            // 损失
};

// Substandard or worse.
bool IsNonPerforming(LoanCategory category);

struct PlannedUse {
  std::string category;
  // Empty = any payee of the category.
  std::string payee;
  Money amount;
};

struct Installment {
  absl::CivilDay due_date;
  Money principal;
  Money interest;
};

// 0 = no such covenant.
struct Covenants {
  double min_dscr = 0;
  double min_current_ratio = 0;
};

struct Exposure {
  std::string exposure_id;
  std::string customer_id;
  std::string facility_id;
  // Committed amount; its currency is the exposure's currency.
  Money amount;
  std::string purpose;
  // Optional "customers/{c}/projects/{p}".
  std::string project;
  std::vector<PlannedUse> use_of_funds_plan;
  // The schedule as registered plus installments added by repayment-due observations, by date.
  std::vector<Installment> repayment_schedule;
  absl::CivilDay origination_date;
  absl::CivilDay maturity_date;
  Covenants covenants;
  ExposureStatus status = ExposureStatus::kActive;

  // Kept by storage from the observations: drawn minus principal repaid.
  Money outstanding;
  // Written by evaluation.
  LoanCategory suggested_category = LoanCategory::kNormal;
  std::string category_reason;
  int days_past_due = 0;
  // The obligor's segment ("SEGMENT_KEY", ...) and industry code when registered.
  std::string segment;
  std::string industry_code;
  absl::Time create_time;
  absl::Time update_time;
  int64_t revision = 0;
};

enum class ObservationKind {
  kUnspecified = 0,
  kRepaymentDue = 1,
  kRepaymentPaid = 2,
  kDisbursement = 3,
  kFundUsage = 4,
  kProjectProgress = 5,
  kCovenantFigures = 6,
};

// One observation, flat: which fields matter depends on the kind.
struct Observation {
  std::string observation_id;
  std::string exposure_id;
  std::string customer_id;
  ObservationKind kind = ObservationKind::kUnspecified;
  // Due date / paid date / disbursed date / as-of date / period end.
  absl::CivilDay date;
  // Principal due / amount paid / disbursed / used / actual investment to date.
  Money amount;
  // Interest due (repayment-due only).
  Money interest;
  // Planned investment to date (project progress only).
  Money planned_amount;
  // Fund usage only.
  std::string category;
  std::string payee;
  // Project progress only.
  int milestones_due = 0;
  int milestones_met = 0;
  // Covenant figures only (0 = not reported).
  double dscr = 0;
  double current_ratio = 0;
  std::string recorded_by;
  absl::Time record_time;
};

enum class CollateralKind { kUnspecified = 0, kMortgage = 1, kPledge = 2 };

struct Collateral {
  std::string collateral_id;
  std::string exposure_id;
  CollateralKind kind = CollateralKind::kUnspecified;
  std::string asset_type;
  std::string description;
  Money appraised_value;
  absl::CivilDay appraisal_date;
  int lien_rank = 1;
  absl::Time update_time;
  int64_t revision = 0;
};

struct Guarantor {
  std::string guarantor_id;
  std::string exposure_id;
  // A customer of the bank, or else an outside party by name.
  std::string customer_id;
  std::string outside_party_name;
  Money amount_guaranteed;
  absl::Time create_time;
};

// What risk-warning keeps of a customer it monitors (from customer-profile).
struct Obligor {
  std::string customer_id;
  std::string display_name;
  // "SEGMENT_KEY", "SEGMENT_SME", "SEGMENT_FIRST_TIME_BORROWER" or empty.
  std::string segment;
  std::string industry_code;
  // The relationship manager customer-profile names; empty when none.
  std::string manager_id;
  // Other customers in the customer's group (customer-profile's group walk).
  std::vector<std::string> group_member_ids;
  absl::Time refresh_time;
};

}  // namespace ccrm::risk
