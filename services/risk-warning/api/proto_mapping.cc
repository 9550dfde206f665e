#include "services/risk-warning/api/proto_mapping.h"

#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/ids/etag.h"
#include "common/money/money.h"
#include "common/status/errors.h"
#include "common/wire/money_time_mapping.h"
#include "services/risk-warning/domain/coverage.h"

namespace ccrm::risk {

// The shared wire mappings (common/wire) overload the same names.
using ::ccrm::ToProto;

namespace {

// "prefix.field", or "field" when there is no prefix (top-level request fields).
std::string Path(const std::string& prefix, absl::string_view field) {
  if (prefix.empty()) {
    return std::string(field);
  }
  return absl::StrCat(prefix, ".", field);
}

// "prefix.repeated[index]".
std::string Element(const std::string& prefix, absl::string_view repeated, int index) {
  return absl::StrCat(Path(prefix, repeated), "[", index, "]");
}

absl::Status UnknownEnum(int value, const std::string& field) {
  return InvalidField(field, absl::StrCat("unknown enum value ", value));
}

// Reads an enum field of a message: its domain value, or `fallback` with the violation added
// when the number is not one the proto defines.
template <typename Domain, typename Proto>
Domain ReadEnum(absl::StatusOr<Domain> (*from_proto)(Proto, const std::string&), Proto value,
                const std::string& field, Domain fallback, FieldViolations& violations) {
  absl::StatusOr<Domain> known = from_proto(value, field);
  if (!known.ok()) {
    violations.Merge(known.status());
    return fallback;
  }
  return *known;
}

// A required Date: "is required" when absent (or all zero, the wire's "not set"); a violation
// when it is not a real day. The domain's default day otherwise, never looked at.
absl::CivilDay ReadDay(bool present, const common::v1::Date& date, const std::string& field,
                       FieldViolations& violations) {
  if (!present || (date.year() == 0 && date.month() == 0 && date.day() == 0)) {
    violations.Add(field, "is required");
    return absl::CivilDay();
  }
  return DateFromProto(date, field, violations).value_or(absl::CivilDay());
}

// A required Money: "is required" when absent, the wire checks otherwise.
Money ReadAmount(bool present, const common::v1::Money& money, const std::string& field,
                 FieldViolations& violations) {
  if (!present) {
    violations.Add(field, "is required");
    return Money{};
  }
  return MoneyFromProto(money, field, violations).value_or(Money{});
}

void CheckFinite(double value, const std::string& field, FieldViolations& violations) {
  if (!std::isfinite(value)) {
    violations.Add(field, "must be a finite number");
  }
}

// An installment: a due date, and principal and interest of which either may be absent, meaning
// zero in the currency of the other (an interest-only or an interest-free installment).
Installment ReadInstallment(const v1::ScheduledRepayment& repayment, const std::string& prefix,
                            FieldViolations& violations) {
  Installment out;
  out.due_date =
      ReadDay(repayment.has_due_date(), repayment.due_date(), Path(prefix, "due_date"), violations);
  const std::string principal_field = Path(prefix, "principal");
  if (!repayment.has_principal() && !repayment.has_interest()) {
    violations.Add(principal_field, "principal or interest is required");
    return out;
  }
  if (repayment.has_principal()) {
    out.principal =
        MoneyFromProto(repayment.principal(), principal_field, violations).value_or(Money{});
  }
  if (repayment.has_interest()) {
    out.interest = MoneyFromProto(repayment.interest(), Path(prefix, "interest"), violations)
                       .value_or(Money{});
  }
  if (!repayment.has_principal()) {
    out.principal = Money{out.interest.currency_code, 0, 0};
  }
  if (!repayment.has_interest()) {
    out.interest = Money{out.principal.currency_code, 0, 0};
  }
  return out;
}

void WriteInstallment(const Installment& installment, v1::ScheduledRepayment* out) {
  ToProto(installment.due_date, out->mutable_due_date());
  ToProto(installment.principal, out->mutable_principal());
  ToProto(installment.interest, out->mutable_interest());
}

void WriteBucket(const SummaryBucket& bucket, v1::SummaryBucket* out) {
  out->set_key(bucket.key);
  out->set_customers(bucket.customers);
  out->set_exposures(bucket.exposures);
  ToProto(bucket.outstanding, out->mutable_outstanding());
  out->set_open_alerts(bucket.open_alerts);
}

void WriteExposureCategory(const ExposureCategory& category, v1::ExposureClassification* out) {
  out->set_exposure(ExposureName(category.exposure_id));
  out->set_facility_id(category.facility_id);
  ToProto(category.outstanding, out->mutable_outstanding());
  out->set_days_past_due(category.days_past_due);
  out->set_exposure_category(ToProto(category.exposure_category));
  out->set_category(ToProto(category.category));
  out->set_reason(category.reason);
}

void WriteStep(const ContingencyStep& step, v1::ContingencyStep* out) {
  out->set_step_number(step.step_number);
  out->set_title(step.title);
  out->set_owner_role(step.owner_role);
  out->set_owner(step.owner);
  ToProto(step.due_time, out->mutable_due_time());
  out->set_status(ToProto(step.status));
  out->set_completed_by(step.completed_by);
  if (step.complete_time.has_value()) {
    ToProto(*step.complete_time, out->mutable_complete_time());
  }
  out->set_note(step.note);
}

}  // namespace

// ---- Enums ----

absl::StatusOr<AlertLevel> LevelFromProto(v1::AlertLevel level, const std::string& field) {
  if (v1::AlertLevel_IsValid(level)) {
    switch (level) {
      case v1::ALERT_LEVEL_UNSPECIFIED:
        return AlertLevel::kNone;
      case v1::ALERT_LEVEL_BLUE:
        return AlertLevel::kBlue;
      case v1::ALERT_LEVEL_YELLOW:
        return AlertLevel::kYellow;
      case v1::ALERT_LEVEL_ORANGE:
        return AlertLevel::kOrange;
      case v1::ALERT_LEVEL_RED:
        return AlertLevel::kRed;
      default:
        break;
    }
  }
  return UnknownEnum(level, field);
}

v1::AlertLevel ToProto(AlertLevel level) {
  switch (level) {
    case AlertLevel::kBlue:
      return v1::ALERT_LEVEL_BLUE;
    case AlertLevel::kYellow:
      return v1::ALERT_LEVEL_YELLOW;
    case AlertLevel::kOrange:
      return v1::ALERT_LEVEL_ORANGE;
    case AlertLevel::kRed:
      return v1::ALERT_LEVEL_RED;
    case AlertLevel::kNone:
      break;
  }
  return v1::ALERT_LEVEL_UNSPECIFIED;
}

absl::StatusOr<AlertStatus> AlertStatusFromProto(v1::AlertStatus status, const std::string& field) {
  if (v1::AlertStatus_IsValid(status)) {
    switch (status) {
      case v1::ALERT_STATUS_UNSPECIFIED:
        return AlertStatus::kUnspecified;
      case v1::ALERT_STATUS_OPEN:
        return AlertStatus::kOpen;
      case v1::ALERT_STATUS_ACKNOWLEDGED:
        return AlertStatus::kAcknowledged;
      case v1::ALERT_STATUS_IN_PROGRESS:
        return AlertStatus::kInProgress;
      case v1::ALERT_STATUS_RESOLVED:
        return AlertStatus::kResolved;
      case v1::ALERT_STATUS_FALSE_POSITIVE:
        return AlertStatus::kFalsePositive;
      default:
        break;
    }
  }
  return UnknownEnum(status, field);
}

v1::AlertStatus ToProto(AlertStatus status) {
  switch (status) {
    case AlertStatus::kOpen:
      return v1::ALERT_STATUS_OPEN;
    case AlertStatus::kAcknowledged:
      return v1::ALERT_STATUS_ACKNOWLEDGED;
    case AlertStatus::kInProgress:
      return v1::ALERT_STATUS_IN_PROGRESS;
    case AlertStatus::kResolved:
      return v1::ALERT_STATUS_RESOLVED;
    case AlertStatus::kFalsePositive:
      return v1::ALERT_STATUS_FALSE_POSITIVE;
    case AlertStatus::kUnspecified:
      break;
  }
  return v1::ALERT_STATUS_UNSPECIFIED;
}

absl::StatusOr<ContingencyScenario> ScenarioFromProto(v1::ContingencyScenario scenario,
                                                      const std::string& field) {
  if (v1::ContingencyScenario_IsValid(scenario)) {
    switch (scenario) {
      case v1::CONTINGENCY_SCENARIO_UNSPECIFIED:
        return ContingencyScenario::kUnspecified;
      case v1::CONTINGENCY_SCENARIO_PROJECT_HALTED:
        return ContingencyScenario::kProjectHalted;
      case v1::CONTINGENCY_SCENARIO_BORROWER_CANNOT_REPAY:
        return ContingencyScenario::kBorrowerCannotRepay;
      case v1::CONTINGENCY_SCENARIO_FUNDS_DIVERTED:
        return ContingencyScenario::kFundsDiverted;
      case v1::CONTINGENCY_SCENARIO_GUARANTOR_FAILS:
        return ContingencyScenario::kGuarantorFails;
      default:
        break;
    }
  }
  return UnknownEnum(scenario, field);
}

v1::ContingencyScenario ToProto(ContingencyScenario scenario) {
  switch (scenario) {
    case ContingencyScenario::kProjectHalted:
      return v1::CONTINGENCY_SCENARIO_PROJECT_HALTED;
    case ContingencyScenario::kBorrowerCannotRepay:
      return v1::CONTINGENCY_SCENARIO_BORROWER_CANNOT_REPAY;
    case ContingencyScenario::kFundsDiverted:
      return v1::CONTINGENCY_SCENARIO_FUNDS_DIVERTED;
    case ContingencyScenario::kGuarantorFails:
      return v1::CONTINGENCY_SCENARIO_GUARANTOR_FAILS;
    case ContingencyScenario::kUnspecified:
      break;
  }
  return v1::CONTINGENCY_SCENARIO_UNSPECIFIED;
}

absl::StatusOr<ExposureStatus> ExposureStatusFromProto(v1::ExposureStatus status,
                                                       const std::string& field) {
  if (v1::ExposureStatus_IsValid(status)) {
    switch (status) {
      case v1::EXPOSURE_STATUS_UNSPECIFIED:
        return ExposureStatus::kUnspecified;
      case v1::EXPOSURE_STATUS_ACTIVE:
        return ExposureStatus::kActive;
      case v1::EXPOSURE_STATUS_CLOSED:
        return ExposureStatus::kClosed;
      default:
        break;
    }
  }
  return UnknownEnum(status, field);
}

v1::ExposureStatus ToProto(ExposureStatus status) {
  switch (status) {
    case ExposureStatus::kActive:
      return v1::EXPOSURE_STATUS_ACTIVE;
    case ExposureStatus::kClosed:
      return v1::EXPOSURE_STATUS_CLOSED;
    case ExposureStatus::kUnspecified:
      break;
  }
  return v1::EXPOSURE_STATUS_UNSPECIFIED;
}

absl::StatusOr<LoanCategory> LoanCategoryFromProto(v1::LoanCategory category,
                                                   const std::string& field) {
  if (v1::LoanCategory_IsValid(category)) {
    switch (category) {
      case v1::LOAN_CATEGORY_UNSPECIFIED:
        return LoanCategory::kUnspecified;
      case v1::LOAN_CATEGORY_NORMAL:
        return LoanCategory::kNormal;
      case v1::LOAN_CATEGORY_SPECIAL_MENTION:
        return LoanCategory::kSpecialMention;
      case v1::LOAN_CATEGORY_SUBSTANDARD:
        return LoanCategory::kSubstandard;
      case v1::LOAN_CATEGORY_DOUBTFUL:
        return LoanCategory::kDoubtful;
      case v1::LOAN_CATEGORY_LOSS:
        return LoanCategory::kLoss;
      default:
        break;
    }
  }
  return UnknownEnum(category, field);
}

v1::LoanCategory ToProto(LoanCategory category) {
  switch (category) {
    case LoanCategory::kNormal:
      return v1::LOAN_CATEGORY_NORMAL;
    case LoanCategory::kSpecialMention:
      return v1::LOAN_CATEGORY_SPECIAL_MENTION;
    case LoanCategory::kSubstandard:
      return v1::LOAN_CATEGORY_SUBSTANDARD;
    case LoanCategory::kDoubtful:
      return v1::LOAN_CATEGORY_DOUBTFUL;
    case LoanCategory::kLoss:
      return v1::LOAN_CATEGORY_LOSS;
    case LoanCategory::kUnspecified:
      break;
  }
  return v1::LOAN_CATEGORY_UNSPECIFIED;
}

absl::StatusOr<PlanStatus> PlanStatusFromProto(v1::PlanStatus status, const std::string& field) {
  if (v1::PlanStatus_IsValid(status)) {
    switch (status) {
      case v1::PLAN_STATUS_UNSPECIFIED:
        return PlanStatus::kUnspecified;
      case v1::PLAN_STATUS_ACTIVE:
        return PlanStatus::kActive;
      case v1::PLAN_STATUS_COMPLETED:
        return PlanStatus::kCompleted;
      default:
        break;
    }
  }
  return UnknownEnum(status, field);
}

v1::PlanStatus ToProto(PlanStatus status) {
  switch (status) {
    case PlanStatus::kActive:
      return v1::PLAN_STATUS_ACTIVE;
    case PlanStatus::kCompleted:
      return v1::PLAN_STATUS_COMPLETED;
    case PlanStatus::kUnspecified:
      break;
  }
  return v1::PLAN_STATUS_UNSPECIFIED;
}

absl::StatusOr<CollateralKind> CollateralKindFromProto(v1::CollateralKind kind,
                                                       const std::string& field) {
  if (v1::CollateralKind_IsValid(kind)) {
    switch (kind) {
      case v1::COLLATERAL_KIND_UNSPECIFIED:
        return CollateralKind::kUnspecified;
      case v1::COLLATERAL_KIND_MORTGAGE:
        return CollateralKind::kMortgage;
      case v1::COLLATERAL_KIND_PLEDGE:
        return CollateralKind::kPledge;
      default:
        break;
    }
  }
  return UnknownEnum(kind, field);
}

v1::CollateralKind ToProto(CollateralKind kind) {
  switch (kind) {
    case CollateralKind::kMortgage:
      return v1::COLLATERAL_KIND_MORTGAGE;
    case CollateralKind::kPledge:
      return v1::COLLATERAL_KIND_PLEDGE;
    case CollateralKind::kUnspecified:
      break;
  }
  return v1::COLLATERAL_KIND_UNSPECIFIED;
}

v1::StepStatus ToProto(StepStatus status) {
  switch (status) {
    case StepStatus::kPending:
      return v1::STEP_STATUS_PENDING;
    case StepStatus::kDone:
      return v1::STEP_STATUS_DONE;
    case StepStatus::kUnspecified:
      break;
  }
  return v1::STEP_STATUS_UNSPECIFIED;
}

// ---- Exposures ----

absl::StatusOr<Exposure> ExposureFromProto(const v1::Exposure& exposure, const std::string& field) {
  FieldViolations violations;
  Exposure out;
  out.customer_id = exposure.customer_id();
  out.facility_id = exposure.facility_id();
  out.amount =
      ReadAmount(exposure.has_amount(), exposure.amount(), Path(field, "amount"), violations);
  out.purpose = exposure.purpose();
  out.project = exposure.project();
  out.use_of_funds_plan.reserve(exposure.use_of_funds_plan_size());
  for (int i = 0; i < exposure.use_of_funds_plan_size(); ++i) {
    const v1::PlannedUse& line = exposure.use_of_funds_plan(i);
    const std::string prefix = Element(field, "use_of_funds_plan", i);
    PlannedUse use;
    use.category = line.category();
    use.payee = line.payee();
    use.amount = ReadAmount(line.has_amount(), line.amount(), Path(prefix, "amount"), violations);
    out.use_of_funds_plan.push_back(std::move(use));
  }
  out.repayment_schedule.reserve(exposure.repayment_schedule_size());
  for (int i = 0; i < exposure.repayment_schedule_size(); ++i) {
    out.repayment_schedule.push_back(ReadInstallment(
        exposure.repayment_schedule(i), Element(field, "repayment_schedule", i), violations));
  }
  out.origination_date = ReadDay(exposure.has_origination_date(), exposure.origination_date(),
                                 Path(field, "origination_date"), violations);
  out.maturity_date = ReadDay(exposure.has_maturity_date(), exposure.maturity_date(),
                              Path(field, "maturity_date"), violations);
  out.covenants.min_dscr = exposure.covenants().min_dscr();
  out.covenants.min_current_ratio = exposure.covenants().min_current_ratio();
  CheckFinite(out.covenants.min_dscr, Path(field, "covenants.min_dscr"), violations);
  CheckFinite(out.covenants.min_current_ratio, Path(field, "covenants.min_current_ratio"),
              violations);
  out.status = ExposureStatus::kActive;
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

void ToProto(const Exposure& exposure, v1::Exposure* out) {
  out->Clear();
  out->set_name(ExposureName(exposure.exposure_id));
  out->set_customer_id(exposure.customer_id);
  out->set_facility_id(exposure.facility_id);
  ToProto(exposure.amount, out->mutable_amount());
  out->set_purpose(exposure.purpose);
  out->set_project(exposure.project);
  for (const PlannedUse& use : exposure.use_of_funds_plan) {
    v1::PlannedUse* line = out->add_use_of_funds_plan();
    line->set_category(use.category);
    line->set_payee(use.payee);
    ToProto(use.amount, line->mutable_amount());
  }
  for (const Installment& installment : exposure.repayment_schedule) {
    WriteInstallment(installment, out->add_repayment_schedule());
  }
  ToProto(exposure.origination_date, out->mutable_origination_date());
  ToProto(exposure.maturity_date, out->mutable_maturity_date());
  out->mutable_covenants()->set_min_dscr(exposure.covenants.min_dscr);
  out->mutable_covenants()->set_min_current_ratio(exposure.covenants.min_current_ratio);
  out->set_status(ToProto(exposure.status));
  ToProto(exposure.outstanding, out->mutable_outstanding());
  out->set_suggested_category(ToProto(exposure.suggested_category));
  out->set_category_reason(exposure.category_reason);
  out->set_days_past_due(exposure.days_past_due);
  out->set_segment(exposure.segment);
  out->set_industry_code(exposure.industry_code);
  ToProto(exposure.create_time, out->mutable_create_time());
  ToProto(exposure.update_time, out->mutable_update_time());
  out->set_etag(FormatEtag(exposure.revision));
}

// ---- Observations ----

absl::StatusOr<Observation> ObservationFromProto(const v1::Observation& observation,
                                                 const std::string& field) {
  FieldViolations violations;
  Observation out;
  switch (observation.kind_case()) {
    case v1::Observation::kRepaymentDue: {
      const v1::ScheduledRepayment& due = observation.repayment_due();
      const std::string prefix = Path(field, "repayment_due");
      out.kind = ObservationKind::kRepaymentDue;
      const Installment installment = ReadInstallment(due, prefix, violations);
      out.date = installment.due_date;
      out.amount = installment.principal;
      out.interest = installment.interest;
      break;
    }
    case v1::Observation::kRepaymentPaid: {
      const v1::RepaymentPaid& paid = observation.repayment_paid();
      const std::string prefix = Path(field, "repayment_paid");
      out.kind = ObservationKind::kRepaymentPaid;
      out.date =
          ReadDay(paid.has_paid_date(), paid.paid_date(), Path(prefix, "paid_date"), violations);
      out.amount = ReadAmount(paid.has_amount(), paid.amount(), Path(prefix, "amount"), violations);
      break;
    }
    case v1::Observation::kDisbursement: {
      const v1::Disbursement& disbursement = observation.disbursement();
      const std::string prefix = Path(field, "disbursement");
      out.kind = ObservationKind::kDisbursement;
      out.date = ReadDay(disbursement.has_disbursed_date(), disbursement.disbursed_date(),
                         Path(prefix, "disbursed_date"), violations);
      out.amount = ReadAmount(disbursement.has_amount(), disbursement.amount(),
                              Path(prefix, "amount"), violations);
      break;
    }
    case v1::Observation::kFundUsage: {
      const v1::FundUsage& usage = observation.fund_usage();
      const std::string prefix = Path(field, "fund_usage");
      out.kind = ObservationKind::kFundUsage;
      out.date =
          ReadDay(usage.has_paid_date(), usage.paid_date(), Path(prefix, "paid_date"), violations);
      out.category = usage.category();
      out.payee = usage.payee();
      out.amount =
          ReadAmount(usage.has_amount(), usage.amount(), Path(prefix, "amount"), violations);
      break;
    }
    case v1::Observation::kProjectProgress: {
      const v1::ProjectProgress& progress = observation.project_progress();
      const std::string prefix = Path(field, "project_progress");
      out.kind = ObservationKind::kProjectProgress;
      out.date = ReadDay(progress.has_as_of_date(), progress.as_of_date(),
                         Path(prefix, "as_of_date"), violations);
      out.planned_amount =
          ReadAmount(progress.has_planned_investment(), progress.planned_investment(),
                     Path(prefix, "planned_investment"), violations);
      // Nothing invested yet is a real reading: an absent actual investment is zero.
      if (progress.has_actual_investment()) {
        out.amount = MoneyFromProto(progress.actual_investment(), Path(prefix, "actual_investment"),
                                    violations)
                         .value_or(Money{});
      } else {
        out.amount = Money{out.planned_amount.currency_code, 0, 0};
      }
      out.milestones_due = progress.milestones_due();
      out.milestones_met = progress.milestones_met();
      break;
    }
    case v1::Observation::kCovenantFigures: {
      const v1::CovenantFigures& figures = observation.covenant_figures();
      const std::string prefix = Path(field, "covenant_figures");
      out.kind = ObservationKind::kCovenantFigures;
      out.date = ReadDay(figures.has_period_end_date(), figures.period_end_date(),
                         Path(prefix, "period_end_date"), violations);
      out.dscr = figures.dscr();
      out.current_ratio = figures.current_ratio();
      CheckFinite(out.dscr, Path(prefix, "dscr"), violations);
      CheckFinite(out.current_ratio, Path(prefix, "current_ratio"), violations);
      break;
    }
    case v1::Observation::KIND_NOT_SET:
      violations.Add(Path(field, "kind"),
                     "must set one of repayment_due, repayment_paid, disbursement, fund_usage, "
                     "project_progress, covenant_figures");
      break;
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

void ToProto(const Observation& observation, v1::Observation* out) {
  out->Clear();
  out->set_name(ObservationName(observation.exposure_id, observation.observation_id));
  switch (observation.kind) {
    case ObservationKind::kRepaymentDue: {
      v1::ScheduledRepayment* due = out->mutable_repayment_due();
      ToProto(observation.date, due->mutable_due_date());
      ToProto(observation.amount, due->mutable_principal());
      ToProto(observation.interest, due->mutable_interest());
      break;
    }
    case ObservationKind::kRepaymentPaid: {
      v1::RepaymentPaid* paid = out->mutable_repayment_paid();
      ToProto(observation.date, paid->mutable_paid_date());
      ToProto(observation.amount, paid->mutable_amount());
      break;
    }
    case ObservationKind::kDisbursement: {
      v1::Disbursement* disbursement = out->mutable_disbursement();
      ToProto(observation.date, disbursement->mutable_disbursed_date());
      ToProto(observation.amount, disbursement->mutable_amount());
      break;
    }
    case ObservationKind::kFundUsage: {
      v1::FundUsage* usage = out->mutable_fund_usage();
      ToProto(observation.date, usage->mutable_paid_date());
      usage->set_category(observation.category);
      usage->set_payee(observation.payee);
      ToProto(observation.amount, usage->mutable_amount());
      break;
    }
    case ObservationKind::kProjectProgress: {
      v1::ProjectProgress* progress = out->mutable_project_progress();
      ToProto(observation.date, progress->mutable_as_of_date());
      ToProto(observation.planned_amount, progress->mutable_planned_investment());
      ToProto(observation.amount, progress->mutable_actual_investment());
      progress->set_milestones_due(observation.milestones_due);
      progress->set_milestones_met(observation.milestones_met);
      break;
    }
    case ObservationKind::kCovenantFigures: {
      v1::CovenantFigures* figures = out->mutable_covenant_figures();
      ToProto(observation.date, figures->mutable_period_end_date());
      figures->set_dscr(observation.dscr);
      figures->set_current_ratio(observation.current_ratio);
      break;
    }
    case ObservationKind::kUnspecified:
      break;
  }
  out->set_recorded_by(observation.recorded_by);
  ToProto(observation.record_time, out->mutable_record_time());
}

// ---- Collateral and guarantors ----

absl::StatusOr<Collateral> CollateralFromProto(const v1::Collateral& collateral,
                                               const std::string& field) {
  FieldViolations violations;
  Collateral out;
  out.kind = ReadEnum(&CollateralKindFromProto, collateral.kind(), Path(field, "kind"),
                      CollateralKind::kUnspecified, violations);
  out.asset_type = collateral.asset_type();
  out.description = collateral.description();
  out.appraised_value = ReadAmount(collateral.has_appraised_value(), collateral.appraised_value(),
                                   Path(field, "appraised_value"), violations);
  out.appraisal_date = ReadDay(collateral.has_appraisal_date(), collateral.appraisal_date(),
                               Path(field, "appraisal_date"), violations);
  out.lien_rank = collateral.lien_rank();
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

void ToProto(const Collateral& collateral, absl::CivilDay today, v1::Collateral* out) {
  out->Clear();
  out->set_name(CollateralName(collateral.exposure_id, collateral.collateral_id));
  out->set_kind(ToProto(collateral.kind));
  out->set_asset_type(collateral.asset_type);
  out->set_description(collateral.description);
  ToProto(collateral.appraised_value, out->mutable_appraised_value());
  ToProto(collateral.appraisal_date, out->mutable_appraisal_date());
  out->set_lien_rank(collateral.lien_rank);
  out->set_appraisal_stale(IsAppraisalStale(collateral, today));
  ToProto(collateral.update_time, out->mutable_update_time());
  out->set_etag(FormatEtag(collateral.revision));
}

absl::StatusOr<Guarantor> GuarantorFromProto(const v1::Guarantor& guarantor,
                                             const std::string& field) {
  FieldViolations violations;
  Guarantor out;
  out.customer_id = guarantor.customer_id();
  out.outside_party_name = guarantor.outside_party_name();
  out.amount_guaranteed =
      ReadAmount(guarantor.has_amount_guaranteed(), guarantor.amount_guaranteed(),
                 Path(field, "amount_guaranteed"), violations);
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

void ToProto(const Guarantor& guarantor, v1::Guarantor* out) {
  out->Clear();
  out->set_name(GuarantorName(guarantor.exposure_id, guarantor.guarantor_id));
  out->set_customer_id(guarantor.customer_id);
  out->set_outside_party_name(guarantor.outside_party_name);
  ToProto(guarantor.amount_guaranteed, out->mutable_amount_guaranteed());
  ToProto(guarantor.create_time, out->mutable_create_time());
}

void ToProto(const CoverageView& coverage, absl::CivilDay today, v1::Coverage* out) {
  out->Clear();
  out->set_exposure(ExposureName(coverage.exposure_id));
  ToProto(coverage.figures.outstanding, out->mutable_outstanding());
  ToProto(coverage.figures.collateral_value, out->mutable_collateral_value());
  ToProto(coverage.figures.guaranteed_amount, out->mutable_guaranteed_amount());
  out->set_coverage_percent(coverage.figures.coverage_percent);
  out->set_loan_to_value_percent(coverage.figures.loan_to_value_percent);
  out->set_total_security_percent(coverage.figures.total_security_percent);
  for (const Collateral& collateral : coverage.collateral) {
    ToProto(collateral, today, out->add_collateral());
  }
  for (const Guarantor& guarantor : coverage.guarantors) {
    ToProto(guarantor, out->add_guarantors());
  }
  for (const std::string& collateral_id : coverage.figures.stale_collateral_ids) {
    out->add_stale_appraisals(CollateralName(coverage.exposure_id, collateral_id));
  }
}

// ---- Rules ----

absl::StatusOr<Rule> RuleFromProto(const v1::Rule& rule, const std::string& field) {
  FieldViolations violations;
  Rule out;
  out.indicator = rule.indicator();
  out.segment = rule.segment();
  out.industry_prefix = rule.industry_prefix();
  const v1::LevelThresholds& thresholds = rule.thresholds();
  const std::string prefix = Path(field, "thresholds");
  // Presence matters: an unset level is skipped by LevelFor, a 0 threshold is not.
  if (thresholds.has_blue()) {
    out.thresholds.blue = thresholds.blue();
    CheckFinite(thresholds.blue(), Path(prefix, "blue"), violations);
  }
  if (thresholds.has_yellow()) {
    out.thresholds.yellow = thresholds.yellow();
    CheckFinite(thresholds.yellow(), Path(prefix, "yellow"), violations);
  }
  if (thresholds.has_orange()) {
    out.thresholds.orange = thresholds.orange();
    CheckFinite(thresholds.orange(), Path(prefix, "orange"), violations);
  }
  if (thresholds.has_red()) {
    out.thresholds.red = thresholds.red();
    CheckFinite(thresholds.red(), Path(prefix, "red"), violations);
  }
  out.contingency_scenario =
      ReadEnum(&ScenarioFromProto, rule.contingency_scenario(), Path(field, "contingency_scenario"),
               ContingencyScenario::kUnspecified, violations);
  out.auto_activate_contingency = rule.auto_activate_contingency();
  out.enabled = rule.enabled();
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

void ToProto(const Rule& rule, v1::Rule* out) {
  out->Clear();
  out->set_name(RuleName(rule.rule_id));
  out->set_indicator(rule.indicator);
  out->set_segment(rule.segment);
  out->set_industry_prefix(rule.industry_prefix);
  v1::LevelThresholds* thresholds = out->mutable_thresholds();
  if (rule.thresholds.blue.has_value()) {
    thresholds->set_blue(*rule.thresholds.blue);
  }
  if (rule.thresholds.yellow.has_value()) {
    thresholds->set_yellow(*rule.thresholds.yellow);
  }
  if (rule.thresholds.orange.has_value()) {
    thresholds->set_orange(*rule.thresholds.orange);
  }
  if (rule.thresholds.red.has_value()) {
    thresholds->set_red(*rule.thresholds.red);
  }
  out->set_higher_is_worse(rule.higher_is_worse);
  out->set_contingency_scenario(ToProto(rule.contingency_scenario));
  out->set_auto_activate_contingency(rule.auto_activate_contingency);
  out->set_enabled(rule.enabled);
  out->set_version(rule.version);
  out->set_updated_by(rule.updated_by);
  ToProto(rule.update_time, out->mutable_update_time());
  out->set_change_reason(rule.change_reason);
  out->set_etag(FormatEtag(rule.version));
}

// ---- Alerts ----

void ToProto(const Alert& alert, v1::Alert* out) {
  out->Clear();
  out->set_name(AlertName(alert.alert_id));
  out->set_customer_id(alert.customer_id);
  out->set_indicator(alert.indicator);
  out->set_status(ToProto(alert.status));
  out->set_level(ToProto(alert.level));
  out->set_evaluated_level(ToProto(alert.evaluated_level));
  out->set_escalation_steps(alert.escalation_steps);
  out->set_value(alert.value);
  out->set_threshold(alert.threshold);
  if (!alert.rule_id.empty()) {
    out->set_rule(RuleName(alert.rule_id));
  }
  out->set_rule_version(alert.rule_version);
  for (const AlertInput& input : alert.inputs) {
    v1::AlertInput* wire = out->add_inputs();
    wire->set_key(input.first);
    wire->set_value(input.second);
  }
  out->set_title(alert.title);
  out->set_detail(alert.detail);
  out->set_assignee_manager_id(alert.assignee_manager_id);
  ToProto(alert.open_time, out->mutable_open_time());
  if (alert.acknowledge_deadline.has_value()) {
    ToProto(*alert.acknowledge_deadline, out->mutable_acknowledge_deadline());
  }
  if (alert.acknowledge_time.has_value()) {
    ToProto(*alert.acknowledge_time, out->mutable_acknowledge_time());
  }
  if (alert.close_time.has_value()) {
    ToProto(*alert.close_time, out->mutable_close_time());
  }
  out->set_resolution_note(alert.resolution_note);
  ToProto(alert.update_time, out->mutable_update_time());
  out->set_etag(FormatEtag(alert.revision));
}

void ToProto(const AlertChange& change, v1::AlertChange* out) {
  out->Clear();
  out->set_action(change.action);
  ToProto(change.alert, out->mutable_alert());
  out->set_actor(change.actor);
  out->set_note(change.note);
  ToProto(change.change_time, out->mutable_change_time());
}

// ---- Evaluation ----

void ToProto(const Evaluation& evaluation, v1::EvaluationOutcome* out) {
  out->Clear();
  for (const AlertChange& change : evaluation.changes) {
    // A new value on an unchanged level is bookkeeping, not an outcome the caller acts on.
    if (change.action == kActionUpdated) {
      continue;
    }
    ToProto(change, out->add_changes());
  }
  for (const ContingencyPlan& plan : evaluation.activations) {
    out->add_activated_plans(PlanName(plan.plan_id));
  }
}

void ToProto(const ScanResult& result, v1::PortfolioScanResult* out) {
  out->Clear();
  out->set_customers_evaluated(result.customers_evaluated);
  out->set_exposures_evaluated(result.exposures_evaluated);
  out->set_alerts_opened(result.alerts_opened);
  out->set_alerts_raised(result.alerts_raised);
  out->set_alerts_lowered(result.alerts_lowered);
  out->set_alerts_cleared(result.alerts_cleared);
  out->set_classifications_changed(result.classifications_changed);
  out->set_plans_activated(result.plans_activated);
  ToProto(result.start_time, out->mutable_start_time());
  ToProto(result.end_time, out->mutable_end_time());
}

void ToProto(const std::string& customer_id, const ObligorCategory& category,
             v1::ObligorClassification* out) {
  out->Clear();
  out->set_customer_id(customer_id);
  out->set_category(ToProto(category.category));
  out->set_non_performing_percent(category.non_performing_percent);
  out->set_reason(category.reason);
  for (const ExposureCategory& exposure : category.exposures) {
    WriteExposureCategory(exposure, out->add_exposures());
  }
}

// ---- Contingency plans ----

void ToProto(const ContingencyTemplate& contingency_template, v1::ContingencyTemplate* out) {
  out->Clear();
  out->set_scenario(ToProto(contingency_template.scenario));
  out->set_title(contingency_template.title);
  for (const StepTemplate& step : contingency_template.steps) {
    v1::ContingencyStepTemplate* wire = out->add_steps();
    wire->set_title(step.title);
    wire->set_owner_role(step.owner_role);
    wire->set_due_after_days(step.due_after_days);
  }
}

void ToProto(const ContingencyPlan& plan, v1::ContingencyPlan* out) {
  out->Clear();
  out->set_name(PlanName(plan.plan_id));
  out->set_customer_id(plan.customer_id);
  out->set_scenario(ToProto(plan.scenario));
  if (!plan.alert_id.empty()) {
    out->set_alert(AlertName(plan.alert_id));
  }
  out->set_status(ToProto(plan.status));
  out->set_automatic(plan.automatic);
  out->set_activated_by(plan.activated_by);
  ToProto(plan.activate_time, out->mutable_activate_time());
  for (const ContingencyStep& step : plan.steps) {
    WriteStep(step, out->add_steps());
  }
  out->set_progress_percent(ProgressPercent(plan));
  out->set_etag(FormatEtag(plan.revision));
}

// ---- Portfolio ----

void ToProto(const PortfolioSummary& summary, v1::PortfolioSummary* out) {
  out->Clear();
  out->set_currency_code(summary.currency_code);
  out->set_active_exposures(summary.active_exposures);
  ToProto(summary.total_outstanding, out->mutable_total_outstanding());
  for (const SummaryBucket& bucket : summary.by_level) {
    WriteBucket(bucket, out->add_by_level());
  }
  for (const SummaryBucket& bucket : summary.by_category) {
    WriteBucket(bucket, out->add_by_category());
  }
  for (const SummaryBucket& bucket : summary.by_industry) {
    WriteBucket(bucket, out->add_by_industry());
  }
  for (const SummaryBucket& bucket : summary.by_manager) {
    WriteBucket(bucket, out->add_by_manager());
  }
  out->set_other_currency_exposures(summary.other_currency_exposures);
  ToProto(summary.as_of_time, out->mutable_as_of_time());
}

// ---- Resource names ----

std::string ExposureName(const std::string& exposure_id) {
  return absl::StrCat("exposures/", exposure_id);
}

std::string AlertName(const std::string& alert_id) { return absl::StrCat("alerts/", alert_id); }

std::string PlanName(const std::string& plan_id) {
  return absl::StrCat("contingencyPlans/", plan_id);
}

std::string RuleName(const std::string& rule_id) { return absl::StrCat("rules/", rule_id); }

std::string CollateralName(const std::string& exposure_id, const std::string& collateral_id) {
  return absl::StrCat("exposures/", exposure_id, "/collateral/", collateral_id);
}

std::string GuarantorName(const std::string& exposure_id, const std::string& guarantor_id) {
  return absl::StrCat("exposures/", exposure_id, "/guarantors/", guarantor_id);
}

std::string ObservationName(const std::string& exposure_id, const std::string& observation_id) {
  return absl::StrCat("exposures/", exposure_id, "/observations/", observation_id);
}

}  // namespace ccrm::risk
