// ccrm.risk.v1 messages ↔ risk-warning domain values. The *FromProto functions read what a client
// may set (names, identity and output-only fields are ignored) and report every problem of the
// wire form at once as field violations under the given field path (INVALID_ARGUMENT): unknown
// enum numbers, malformed or missing Money and Date values, non-finite numbers, an unset oneof.
// The business rules (validation.h, RuleProblems) are the domain's. ToProto functions never fail.
// Resource names as the proto says; etags are FormatEtag(revision) (rules: of their version).
//
// Example:
//   ASSIGN_OR_RETURN(Exposure draft, ExposureFromProto(request->exposure(), "exposure"));
//   ASSIGN_OR_RETURN(Exposure stored, exposures.Create(caller, std::move(draft), key));
//   ToProto(stored, response);
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ccrm/risk/v1/risk_events.pb.h"
#include "ccrm/risk/v1/risk_warning.pb.h"
#include "services/risk-warning/domain/alert.h"
#include "services/risk-warning/domain/classification.h"
#include "services/risk-warning/domain/contingency.h"
#include "services/risk-warning/domain/evaluation.h"
#include "services/risk-warning/domain/exposure.h"
#include "services/risk-warning/domain/exposure_service.h"
#include "services/risk-warning/domain/monitoring_service.h"
#include "services/risk-warning/domain/portfolio.h"
#include "services/risk-warning/domain/rule.h"

namespace ccrm::risk {

// ---- Enums ----
// Each *FromProto refuses a number the proto does not define with INVALID_ARGUMENT on `field`
// ("unknown enum value 42"). Whether UNSPECIFIED is allowed is said per function.

// UNSPECIFIED → kNone (a filter's "no minimum level").
absl::StatusOr<AlertLevel> LevelFromProto(v1::AlertLevel level, const std::string& field);
// kNone → ALERT_LEVEL_UNSPECIFIED.
v1::AlertLevel ToProto(AlertLevel level);

// UNSPECIFIED → kUnspecified (ChangeStatus refuses it as a target; filters skip it).
absl::StatusOr<AlertStatus> AlertStatusFromProto(v1::AlertStatus status, const std::string& field);
v1::AlertStatus ToProto(AlertStatus status);

// UNSPECIFIED → kUnspecified (a rule without a plan; activation refuses it).
absl::StatusOr<ContingencyScenario> ScenarioFromProto(v1::ContingencyScenario scenario,
                                                      const std::string& field);
v1::ContingencyScenario ToProto(ContingencyScenario scenario);

// UNSPECIFIED → kUnspecified (a list filter's "any status").
absl::StatusOr<ExposureStatus> ExposureStatusFromProto(v1::ExposureStatus status,
                                                       const std::string& field);
v1::ExposureStatus ToProto(ExposureStatus status);

// UNSPECIFIED → kUnspecified (a list filter's "any category").
absl::StatusOr<LoanCategory> LoanCategoryFromProto(v1::LoanCategory category,
                                                   const std::string& field);
v1::LoanCategory ToProto(LoanCategory category);

// UNSPECIFIED → kUnspecified (a list filter's "any status").
absl::StatusOr<PlanStatus> PlanStatusFromProto(v1::PlanStatus status, const std::string& field);
v1::PlanStatus ToProto(PlanStatus status);

// UNSPECIFIED → kUnspecified (ValidateCollateral refuses it).
absl::StatusOr<CollateralKind> CollateralKindFromProto(v1::CollateralKind kind,
                                                       const std::string& field);
v1::CollateralKind ToProto(CollateralKind kind);

v1::StepStatus ToProto(StepStatus status);

// ---- Requests → domain ----
// Money and Date fields the domain cannot do without are required ("is required" on the field
// when absent); a malformed one is a violation on the field (or its .currency_code / .nanos).

// The input fields of a new exposure: customer_id, facility_id, amount, purpose, project,
// use_of_funds_plan ("use_of_funds_plan[i].amount" …), repayment_schedule, origination_date,
// maturity_date, covenants (finite). In an installment, an absent principal or interest is zero
// in the currency of the other; both absent → "principal or interest is required" on principal.
// Status is ACTIVE; everything else is left to the service.
absl::StatusOr<Exposure> ExposureFromProto(const v1::Exposure& exposure, const std::string& field);

// The kind from the oneof, flattened as exposure.h documents (repayment_due: date = due_date,
// amount = principal, interest; repayment_paid / disbursement / fund_usage: date and amount;
// project_progress: date = as_of_date, amount = actual_investment (absent = zero in the planned
// investment's currency), planned_amount = planned_investment; covenant_figures: date =
// period_end_date, dscr, current_ratio, finite). No kind set → violation on `field`.kind.
// Violations name the kind's field, e.g. "observation.fund_usage.amount".
absl::StatusOr<Observation> ObservationFromProto(const v1::Observation& observation,
                                                 const std::string& field);

// kind, asset_type, description, appraised_value, appraisal_date, lien_rank (as sent; the domain
// checks 1..9).
absl::StatusOr<Collateral> CollateralFromProto(const v1::Collateral& collateral,
                                               const std::string& field);

// customer_id, outside_party_name, amount_guaranteed.
absl::StatusOr<Guarantor> GuarantorFromProto(const v1::Guarantor& guarantor,
                                             const std::string& field);

// indicator, segment, industry_prefix, thresholds (an unset level stays unset; set ones must be
// finite), contingency_scenario, auto_activate_contingency, enabled. The rule id (from the name),
// higher_is_worse and the version are the service's to fill in.
absl::StatusOr<Rule> RuleFromProto(const v1::Rule& rule, const std::string& field);

// ---- Domain → responses ----

void ToProto(const Exposure& exposure, v1::Exposure* out);
void ToProto(const Observation& observation, v1::Observation* out);
// appraisal_stale as IsAppraisalStale says on `today`.
void ToProto(const Collateral& collateral, absl::CivilDay today, v1::Collateral* out);
void ToProto(const Guarantor& guarantor, v1::Guarantor* out);
// Collateral staleness on `today`; stale_appraisals as collateral resource names.
void ToProto(const CoverageView& coverage, absl::CivilDay today, v1::Coverage* out);
void ToProto(const Rule& rule, v1::Rule* out);
// Optional times (deadline, acknowledge, close) only when set.
void ToProto(const Alert& alert, v1::Alert* out);
void ToProto(const AlertChange& change, v1::AlertChange* out);
// The changes the proto promises (opened, raised, lowered, cleared — and escalated should one be
// there): value-only "updated" changes are not reported. activated_plans as plan names.
void ToProto(const Evaluation& evaluation, v1::EvaluationOutcome* out);
void ToProto(const ScanResult& result, v1::PortfolioScanResult* out);
void ToProto(const std::string& customer_id, const ObligorCategory& category,
             v1::ObligorClassification* out);
void ToProto(const ContingencyTemplate& contingency_template, v1::ContingencyTemplate* out);
// progress_percent from ProgressPercent; alert name only when the plan has one.
void ToProto(const ContingencyPlan& plan, v1::ContingencyPlan* out);
void ToProto(const PortfolioSummary& summary, v1::PortfolioSummary* out);

// ---- Resource names ----
// "exposures/{id}", "alerts/{id}", "contingencyPlans/{id}", "rules/{id}",
// "exposures/{e}/collateral/{c}", "exposures/{e}/guarantors/{g}",
// "exposures/{e}/observations/{o}".
std::string ExposureName(const std::string& exposure_id);
std::string AlertName(const std::string& alert_id);
std::string PlanName(const std::string& plan_id);
std::string RuleName(const std::string& rule_id);
std::string CollateralName(const std::string& exposure_id, const std::string& collateral_id);
std::string GuarantorName(const std::string& exposure_id, const std::string& guarantor_id);
std::string ObservationName(const std::string& exposure_id, const std::string& observation_id);

}  // namespace ccrm::risk
