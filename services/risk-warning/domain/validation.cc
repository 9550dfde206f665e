#include "services/risk-warning/domain/validation.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/money/money.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/validation/field_checks.h"

namespace ccrm::risk {
namespace {

// Observations may announce installments this long after the exposure's maturity (extensions,
// restructurings).
constexpr int kRepaymentDueYearsAfterMaturity = 10;
constexpr int kMaxMilestones = 1000;
constexpr double kMaxCovenantFigure = 1000;
constexpr double kMaxCovenant = 100;
constexpr int kMinLienRank = 1;
constexpr int kMaxLienRank = 9;

// The domain keeps dates as plain days; the API maps an absent date to the zero day.
const absl::CivilDay kUnsetDay = absl::CivilDay();

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

bool IsFacilityId(const std::string& id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

// Plan categories and asset types: 1..64 of [a-z0-9_].
bool IsSnakeCode(const std::string& code) {
  if (code.empty() || code.size() > 64) {
    return false;
  }
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The exposure's currency is that of its committed amount.
const std::string& CurrencyOf(const Exposure& exposure) { return exposure.amount.currency_code; }

// An amount left out: zero, without a currency.
bool IsAbsent(const Money& amount) {
  return amount.currency_code.empty() && amount.units == 0 && amount.nanos == 0;
}

// CheckAmount, and the amount in the exposure's currency (when both codes are well formed, so a
// bad code is reported once). Where zero is allowed it may be left out (e.g. no interest).
void CheckExposureAmount(FieldViolations& v, const std::string& field, const Money& amount,
                         AmountSign sign, const std::string& currency) {
  if (sign != AmountSign::kPositive && IsAbsent(amount)) {
    return;
  }
  CheckAmount(v, field, amount, sign);
  if (IsCurrencyCode(amount.currency_code) && IsCurrencyCode(currency) &&
      amount.currency_code != currency) {
    v.Add(absl::StrCat(field, ".currency_code"),
          absl::StrCat("must be the exposure's currency ", currency));
  }
}

// Amounts that count towards a total: well formed and in `currency`.
bool Counts(const Money& amount, const std::string& currency) {
  return IsWellFormed(amount) && amount.currency_code == currency;
}

std::string FormatNanos(const std::string& currency, absl::int128 nanos) {
  absl::StatusOr<Money> money = MoneyFromNanos(currency, nanos);
  return money.ok() ? FormatDecimal(*money) : "(out of range)";
}

void CheckDateSet(FieldViolations& v, const std::string& field, absl::CivilDay day) {
  if (day == kUnsetDay) {
    v.Add(field, "is required");
  }
}

void CheckPastDate(FieldViolations& v, const std::string& field, absl::CivilDay day,
                   absl::CivilDay today) {
  if (day == kUnsetDay) {
    v.Add(field, "is required");
    return;
  }
  CheckNotInFuture(v, field, day, today);
}

void CheckUuid(FieldViolations& v, const std::string& field, const std::string& id) {
  if (id.empty()) {
    v.Add(field, "is required");
  } else if (!IsUuid(id)) {
    v.Add(field, "must be a UUID");
  }
}

// A positive covenant level that is a real number no higher than kMaxCovenant (0 = none).
void CheckCovenant(FieldViolations& v, const std::string& field, double level) {
  if (!(level >= 0 && level <= kMaxCovenant)) {
    v.Add(field, absl::StrCat("must be between 0 and ", kMaxCovenant, " (0 = no covenant)"));
  }
}

void CheckPlan(FieldViolations& v, const Exposure& e) {
  const std::string& currency = CurrencyOf(e);
  absl::int128 total = 0;
  for (size_t i = 0; i < e.use_of_funds_plan.size(); ++i) {
    const PlannedUse& line = e.use_of_funds_plan[i];
    if (!IsSnakeCode(line.category)) {
      v.Add(ElementPath("exposure.use_of_funds_plan", i, "category"),
            "must be 1 to 64 characters of [a-z0-9_]");
    }
    CheckText(v, ElementPath("exposure.use_of_funds_plan", i, "payee"), line.payee,
              TextRule::Optional(200));
    CheckExposureAmount(v, ElementPath("exposure.use_of_funds_plan", i, "amount"), line.amount,
                        AmountSign::kPositive, currency);
    if (Counts(line.amount, currency)) {
      total += TotalNanos(line.amount);
    }
  }
  if (Counts(e.amount, currency) && total > TotalNanos(e.amount)) {
    v.Add("exposure.use_of_funds_plan",
          absl::StrCat("must not total more than the exposure amount (",
                       FormatNanos(currency, total), " > ", FormatDecimal(e.amount), ")"));
  }
}

void CheckSchedule(FieldViolations& v, const Exposure& e) {
  const std::string& currency = CurrencyOf(e);
  const bool term_known = e.origination_date != kUnsetDay && e.maturity_date != kUnsetDay &&
                          e.origination_date <= e.maturity_date;
  std::map<absl::CivilDay, size_t> first_on;
  absl::int128 principal_total = 0;
  for (size_t i = 0; i < e.repayment_schedule.size(); ++i) {
    const Installment& inst = e.repayment_schedule[i];
    const std::string element = absl::StrCat("exposure.repayment_schedule[", i, "]");
    const std::string due_date = ElementPath("exposure.repayment_schedule", i, "due_date");
    if (inst.due_date == kUnsetDay) {
      v.Add(due_date, "is required");
    } else {
      if (term_known && (inst.due_date < e.origination_date || inst.due_date > e.maturity_date)) {
        v.Add(due_date, absl::StrCat("must be within origination_date..maturity_date (",
                                     Day(e.origination_date), "..", Day(e.maturity_date), ")"));
      }
      auto [it, inserted] = first_on.emplace(inst.due_date, i);
      if (!inserted) {
        v.Add(due_date, absl::StrCat("repeats the due date of repayment_schedule[", it->second,
                                     "] (", Day(inst.due_date), ")"));
      }
    }
    CheckExposureAmount(v, ElementPath("exposure.repayment_schedule", i, "principal"),
                        inst.principal, AmountSign::kNonNegative, currency);
    CheckExposureAmount(v, ElementPath("exposure.repayment_schedule", i, "interest"), inst.interest,
                        AmountSign::kNonNegative, currency);
    if (IsWellFormed(inst.principal) && IsWellFormed(inst.interest) &&
        TotalNanos(inst.principal) == 0 && TotalNanos(inst.interest) == 0) {
      v.Add(element, "principal and interest must not both be zero");
    }
    if (Counts(inst.principal, currency)) {
      principal_total += TotalNanos(inst.principal);
    }
  }
  if (Counts(e.amount, currency) && principal_total > TotalNanos(e.amount)) {
    v.Add(
        "exposure.repayment_schedule",
        absl::StrCat("principal must not total more than the exposure amount (",
                     FormatNanos(currency, principal_total), " > ", FormatDecimal(e.amount), ")"));
  }
}

void CheckProject(FieldViolations& v, const Exposure& e) {
  if (e.project.empty()) {
    return;
  }
  absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(e.project, {"customers", "projects"}, "exposure.project");
  if (!ids.ok()) {
    v.Merge(ids.status());
    return;
  }
  if (!absl::EqualsIgnoreCase((*ids)[0], e.customer_id)) {
    v.Add("exposure.project", "must be a project of the exposure's customer");
  }
}

// Field paths of an observation: the oneof member of its kind and the date field's name there.
struct KindPaths {
  const char* member;
  const char* date_field;
};

KindPaths PathsOf(ObservationKind kind) {
  switch (kind) {
    case ObservationKind::kRepaymentDue:
      return {"observation.repayment_due", "due_date"};
    case ObservationKind::kRepaymentPaid:
      return {"observation.repayment_paid", "paid_date"};
    case ObservationKind::kDisbursement:
      return {"observation.disbursement", "disbursed_date"};
    case ObservationKind::kFundUsage:
      return {"observation.fund_usage", "paid_date"};
    case ObservationKind::kProjectProgress:
      return {"observation.project_progress", "as_of_date"};
    case ObservationKind::kCovenantFigures:
      return {"observation.covenant_figures", "period_end_date"};
    case ObservationKind::kUnspecified:
      break;
  }
  return {"", ""};
}

std::string Path(const char* member, const char* field) { return absl::StrCat(member, ".", field); }

void CheckRepaymentDue(FieldViolations& v, const Observation& o, const Exposure& e) {
  const KindPaths p = PathsOf(o.kind);
  const std::string due_date = Path(p.member, p.date_field);
  if (o.date == kUnsetDay) {
    v.Add(due_date, "is required");
  } else {
    // Installments may fall due in the future, but not outside the facility's term (extended
    // by up to kRepaymentDueYearsAfterMaturity years).
    const absl::CivilDay latest(e.maturity_date.year() + kRepaymentDueYearsAfterMaturity,
                                e.maturity_date.month(), e.maturity_date.day());
    if (o.date < e.origination_date || o.date > latest) {
      v.Add(due_date, absl::StrCat("must be within ", Day(e.origination_date), "..", Day(latest),
                                   " (origination to maturity + ", kRepaymentDueYearsAfterMaturity,
                                   " years)"));
    }
  }
  CheckExposureAmount(v, Path(p.member, "principal"), o.amount, AmountSign::kNonNegative,
                      CurrencyOf(e));
  CheckExposureAmount(v, Path(p.member, "interest"), o.interest, AmountSign::kNonNegative,
                      CurrencyOf(e));
  if (IsWellFormed(o.amount) && IsWellFormed(o.interest) && TotalNanos(o.amount) <= 0 &&
      TotalNanos(o.interest) <= 0) {
    v.Add(p.member, "principal or interest must be greater than zero");
  }
}

void CheckProjectProgress(FieldViolations& v, const Observation& o, const Exposure& e) {
  const char* member = PathsOf(o.kind).member;
  CheckExposureAmount(v, Path(member, "planned_investment"), o.planned_amount,
                      AmountSign::kPositive, CurrencyOf(e));
  CheckExposureAmount(v, Path(member, "actual_investment"), o.amount, AmountSign::kNonNegative,
                      CurrencyOf(e));
  if (o.milestones_due < 0 || o.milestones_due > kMaxMilestones) {
    v.Add(Path(member, "milestones_due"), absl::StrCat("must be between 0 and ", kMaxMilestones));
  }
  if (o.milestones_met < 0) {
    v.Add(Path(member, "milestones_met"), "must not be negative");
  } else if (o.milestones_met > o.milestones_due) {
    v.Add(Path(member, "milestones_met"),
          absl::StrCat("must not exceed milestones_due (", o.milestones_due, ")"));
  }
}

void CheckCovenantFigure(FieldViolations& v, const std::string& field, double figure) {
  if (!(figure >= 0 && figure <= kMaxCovenantFigure)) {
    v.Add(field, absl::StrCat("must be a finite number between 0 and ", kMaxCovenantFigure,
                              " (0 = not reported)"));
  }
}

void CheckCovenantFigures(FieldViolations& v, const Observation& o) {
  const char* member = PathsOf(o.kind).member;
  CheckCovenantFigure(v, Path(member, "dscr"), o.dscr);
  CheckCovenantFigure(v, Path(member, "current_ratio"), o.current_ratio);
  if (o.dscr == 0 && o.current_ratio == 0) {
    v.Add(member, "must report dscr or current_ratio");
  }
}

}  // namespace

absl::Status ValidateNewExposure(const Exposure& exposure) {
  FieldViolations v;
  CheckUuid(v, "exposure.customer_id", exposure.customer_id);
  if (!IsFacilityId(exposure.facility_id)) {
    v.Add("exposure.facility_id", "must be 1 to 64 characters of [A-Za-z0-9._-]");
  }
  CheckAmount(v, "exposure.amount", exposure.amount, AmountSign::kPositive);
  CheckText(v, "exposure.purpose", exposure.purpose, TextRule::Required(1, 500));
  CheckPlan(v, exposure);
  CheckSchedule(v, exposure);
  CheckDateSet(v, "exposure.origination_date", exposure.origination_date);
  CheckDateSet(v, "exposure.maturity_date", exposure.maturity_date);
  if (exposure.origination_date != kUnsetDay && exposure.maturity_date != kUnsetDay &&
      exposure.maturity_date < exposure.origination_date) {
    v.Add("exposure.maturity_date", absl::StrCat("must not be before origination_date (",
                                                 Day(exposure.origination_date), ")"));
  }
  CheckCovenant(v, "exposure.covenants.min_dscr", exposure.covenants.min_dscr);
  CheckCovenant(v, "exposure.covenants.min_current_ratio", exposure.covenants.min_current_ratio);
  CheckProject(v, exposure);
  return v.ToStatus();
}

absl::Status ValidateObservation(const Observation& observation, const Exposure& exposure,
                                 absl::CivilDay today) {
  FieldViolations v;
  const KindPaths p = PathsOf(observation.kind);
  const std::string& currency = CurrencyOf(exposure);
  switch (observation.kind) {
    case ObservationKind::kUnspecified:
      v.Add("observation.kind",
            "must be one of repayment_due, repayment_paid, disbursement, fund_usage, "
            "project_progress, covenant_figures");
      break;
    case ObservationKind::kRepaymentDue:
      CheckRepaymentDue(v, observation, exposure);
      break;
    case ObservationKind::kRepaymentPaid:
    case ObservationKind::kDisbursement:
      CheckPastDate(v, Path(p.member, p.date_field), observation.date, today);
      CheckExposureAmount(v, Path(p.member, "amount"), observation.amount, AmountSign::kPositive,
                          currency);
      break;
    case ObservationKind::kFundUsage:
      CheckPastDate(v, Path(p.member, p.date_field), observation.date, today);
      CheckText(v, Path(p.member, "category"), observation.category, TextRule::Required(1, 64));
      CheckText(v, Path(p.member, "payee"), observation.payee, TextRule::Required(1, 200));
      CheckExposureAmount(v, Path(p.member, "amount"), observation.amount, AmountSign::kPositive,
                          currency);
      break;
    case ObservationKind::kProjectProgress:
      CheckPastDate(v, Path(p.member, p.date_field), observation.date, today);
      CheckProjectProgress(v, observation, exposure);
      break;
    case ObservationKind::kCovenantFigures:
      CheckPastDate(v, Path(p.member, p.date_field), observation.date, today);
      CheckCovenantFigures(v, observation);
      break;
  }
  // A malformed request is reported as such whatever state the exposure is in.
  RETURN_IF_ERROR(v.ToStatus());
  if (exposure.status != ExposureStatus::kActive) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat("exposure ", exposure.exposure_id,
                                                   " is not active: observations are recorded only "
                                                   "on active exposures")),
        "EXPOSURE_CLOSED");
  }
  return absl::OkStatus();
}

absl::Status ValidateCollateral(const Collateral& collateral, const Exposure& exposure,
                                absl::CivilDay today) {
  FieldViolations v;
  if (collateral.kind != CollateralKind::kMortgage && collateral.kind != CollateralKind::kPledge) {
    v.Add("collateral.kind", "must be MORTGAGE or PLEDGE");
  }
  if (!IsSnakeCode(collateral.asset_type)) {
    v.Add("collateral.asset_type", "must be 1 to 64 characters of [a-z0-9_]");
  }
  CheckText(v, "collateral.description", collateral.description, TextRule::Optional(500));
  CheckExposureAmount(v, "collateral.appraised_value", collateral.appraised_value,
                      AmountSign::kPositive, CurrencyOf(exposure));
  CheckPastDate(v, "collateral.appraisal_date", collateral.appraisal_date, today);
  if (collateral.lien_rank < kMinLienRank || collateral.lien_rank > kMaxLienRank) {
    v.Add("collateral.lien_rank",
          absl::StrCat("must be between ", kMinLienRank, " and ", kMaxLienRank));
  }
  return v.ToStatus();
}

absl::Status ValidateGuarantor(const Guarantor& guarantor, const Exposure& exposure) {
  FieldViolations v;
  const bool has_customer = !guarantor.customer_id.empty();
  const bool has_outside = !guarantor.outside_party_name.empty();
  if (has_customer && has_outside) {
    v.Add("guarantor.outside_party_name", "must be empty when customer_id is set");
  } else if (!has_customer && !has_outside) {
    v.Add("guarantor.customer_id", "customer_id or outside_party_name is required");
  }
  if (has_customer) {
    if (!IsUuid(guarantor.customer_id)) {
      v.Add("guarantor.customer_id", "must be a UUID");
    } else if (absl::EqualsIgnoreCase(guarantor.customer_id, exposure.customer_id)) {
      v.Add("guarantor.customer_id", "must not be the borrower itself");
    }
  } else if (has_outside) {
    CheckText(v, "guarantor.outside_party_name", guarantor.outside_party_name,
              TextRule::Required(1, 200));
  }
  CheckExposureAmount(v, "guarantor.amount_guaranteed", guarantor.amount_guaranteed,
                      AmountSign::kPositive, CurrencyOf(exposure));
  return v.ToStatus();
}

}  // namespace ccrm::risk
