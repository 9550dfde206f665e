// What the ledger and the reader share: stored enum names and the row readers that turn a
// result-set row into a domain value, so each table is read one way.
#pragma once

#include <cppconn/resultset.h>

#include <string>

#include "absl/status/statusor.h"
#include "services/risk-warning/domain/alert.h"
#include "services/risk-warning/domain/contingency.h"
#include "services/risk-warning/domain/exposure.h"
#include "services/risk-warning/domain/risk_file.h"
#include "services/risk-warning/domain/rule.h"

namespace ccrm::risk {

// Stored names ("ACTIVE", "REPAYMENT_PAID", "MORTGAGE", "OPEN", "BORROWER_CANNOT_REPAY", …).
std::string StoredName(ExposureStatus v);
std::string StoredName(LoanCategory v);
std::string StoredName(ObservationKind v);
std::string StoredName(CollateralKind v);
std::string StoredName(AlertStatus v);
std::string StoredName(SignalKind v);
std::string StoredName(ContingencyScenario v);
std::string StoredName(PlanStatus v);
std::string StoredName(StepStatus v);
// INTERNAL for a name not in the table (a corrupt row).
absl::StatusOr<ExposureStatus> ParseExposureStatus(const std::string& name);
absl::StatusOr<LoanCategory> ParseLoanCategory(const std::string& name);
absl::StatusOr<ObservationKind> ParseObservationKind(const std::string& name);
absl::StatusOr<CollateralKind> ParseCollateralKind(const std::string& name);
absl::StatusOr<AlertStatus> ParseAlertStatus(const std::string& name);
absl::StatusOr<SignalKind> ParseSignalKind(const std::string& name);
absl::StatusOr<ContingencyScenario> ParseScenario(const std::string& name);
absl::StatusOr<PlanStatus> ParsePlanStatus(const std::string& name);
absl::StatusOr<StepStatus> ParseStepStatus(const std::string& name);

// Row readers (the SELECT lists are in risk_rows.cc as kExposureColumns etc.). Exposure rows
// come without plan and schedule (filled by the caller from planned_uses / installments).
extern const char kExposureColumns[];
extern const char kObservationColumns[];
extern const char kCollateralColumns[];
extern const char kGuarantorColumns[];
extern const char kAlertColumns[];
extern const char kRuleColumns[];
// contingency_plans and contingency_steps (plan rows come without their steps).
extern const char kPlanColumns[];
extern const char kStepColumns[];
absl::StatusOr<Exposure> ReadExposure(sql::ResultSet& rs);
absl::StatusOr<Observation> ReadObservation(sql::ResultSet& rs, const std::string& currency);
absl::StatusOr<Collateral> ReadCollateral(sql::ResultSet& rs, const std::string& currency);
Guarantor ReadGuarantor(sql::ResultSet& rs, const std::string& currency);
absl::StatusOr<Alert> ReadAlert(sql::ResultSet& rs);
absl::StatusOr<Rule> ReadRule(sql::ResultSet& rs);
absl::StatusOr<ContingencyPlan> ReadPlanRow(sql::ResultSet& rs);
absl::StatusOr<ContingencyStep> ReadStepRow(sql::ResultSet& rs);

}  // namespace ccrm::risk
