#include "services/risk-warning/storage/risk_rows.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/mysql/enum_names.h"
#include "common/mysql/sql_values.h"
#include "common/status/status_macros.h"

namespace ccrm::risk {
namespace {

using ::ccrm::mysql::NameIn;
using ::ccrm::mysql::NameOf;

constexpr NameOf<ExposureStatus> kExposureStatuses[] = {{ExposureStatus::kActive, "ACTIVE"},
                                                        {ExposureStatus::kClosed, "CLOSED"}};
constexpr NameOf<LoanCategory> kCategories[] = {{LoanCategory::kNormal, "NORMAL"},
                                                {LoanCategory::kSpecialMention, "SPECIAL_MENTION"},
                                                {LoanCategory::kSubstandard, "SUBSTANDARD"},
                                                {LoanCategory::kDoubtful, "DOUBTFUL"},
                                                {LoanCategory::kLoss, "LOSS"}};
constexpr NameOf<ObservationKind> kObservationKinds[] = {
    {ObservationKind::kRepaymentDue, "REPAYMENT_DUE"},
    {ObservationKind::kRepaymentPaid, "REPAYMENT_PAID"},
    {ObservationKind::kDisbursement, "DISBURSEMENT"},
    {ObservationKind::kFundUsage, "FUND_USAGE"},
    {ObservationKind::kProjectProgress, "PROJECT_PROGRESS"},
    {ObservationKind::kCovenantFigures, "COVENANT_FIGURES"}};
constexpr NameOf<CollateralKind> kCollateralKinds[] = {{CollateralKind::kMortgage, "MORTGAGE"},
                                                       {CollateralKind::kPledge, "PLEDGE"}};
constexpr NameOf<AlertStatus> kAlertStatuses[] = {{AlertStatus::kOpen, "OPEN"},
                                                  {AlertStatus::kAcknowledged, "ACKNOWLEDGED"},
                                                  {AlertStatus::kInProgress, "IN_PROGRESS"},
                                                  {AlertStatus::kResolved, "RESOLVED"},
                                                  {AlertStatus::kFalsePositive, "FALSE_POSITIVE"}};
constexpr NameOf<SignalKind> kSignalKinds[] = {{SignalKind::kComplaint, "COMPLAINT"},
                                               {SignalKind::kSlaBreach, "SLA_BREACH"},
                                               {SignalKind::kSatisfactionDrop, "SATISFACTION_DROP"},
                                               {SignalKind::kMissedEngagement, "MISSED_ENGAGEMENT"},
                                               {SignalKind::kRatingChange, "RATING_CHANGE"}};
constexpr NameOf<ContingencyScenario> kScenarios[] = {
    {ContingencyScenario::kProjectHalted, "PROJECT_HALTED"},
    {ContingencyScenario::kBorrowerCannotRepay, "BORROWER_CANNOT_REPAY"},
    {ContingencyScenario::kFundsDiverted, "FUNDS_DIVERTED"},
    {ContingencyScenario::kGuarantorFails, "GUARANTOR_FAILS"}};
constexpr NameOf<PlanStatus> kPlanStatuses[] = {{PlanStatus::kActive, "ACTIVE"},
                                                {PlanStatus::kCompleted, "COMPLETED"}};
constexpr NameOf<StepStatus> kStepStatuses[] = {{StepStatus::kPending, "PENDING"},
                                                {StepStatus::kDone, "DONE"}};

// ParseIn, with a name outside the table reported as the corrupt row it is (INTERNAL).
template <typename E, size_t N>
absl::StatusOr<E> ParseStored(const NameOf<E> (&table)[N], const std::string& name,
                              const char* what) {
  absl::StatusOr<E> value = mysql::ParseIn(table, name, what);
  if (!value.ok()) {
    return absl::InternalError(absl::StrCat("stored ", value.status().message()));
  }
  return value;
}

std::string Text(sql::ResultSet& rs, const char* column) {
  return rs.getString(column).asStdString();
}

absl::Status Corrupt(const char* what, const std::string& id, const char* column) {
  return absl::InternalError(
      absl::StrCat("the stored ", what, " ", id, " has an unreadable ", column));
}

absl::StatusOr<Money> MoneyColumn(sql::ResultSet& rs, const char* column,
                                  const std::string& currency, const char* what,
                                  const std::string& id) {
  absl::StatusOr<Money> m = ParseMoney(currency, Text(rs, column));
  if (!m.ok()) {
    return Corrupt(what, id, column);
  }
  return *std::move(m);
}

absl::StatusOr<absl::CivilDay> DateColumn(sql::ResultSet& rs, const char* column, const char* what,
                                          const std::string& id) {
  std::optional<absl::CivilDay> day = mysql::ParseSqlDate(Text(rs, column));
  if (!day.has_value()) {
    return Corrupt(what, id, column);
  }
  return *day;
}

// DECIMAL columns are read as text and converted here, so the conversion is the same whatever
// the connector does with DECIMAL.
absl::StatusOr<double> DecimalColumn(sql::ResultSet& rs, const char* column, const char* what,
                                     const std::string& id) {
  double value = 0;
  if (!absl::SimpleAtod(Text(rs, column), &value)) {
    return Corrupt(what, id, column);
  }
  return value;
}

absl::StatusOr<std::optional<double>> OptionalDecimalColumn(sql::ResultSet& rs, const char* column,
                                                            const char* what,
                                                            const std::string& id) {
  std::optional<std::string> text = mysql::GetOptionalString(rs, column);
  if (!text.has_value()) {
    return std::optional<double>();
  }
  double value = 0;
  if (!absl::SimpleAtod(*text, &value)) {
    return Corrupt(what, id, column);
  }
  return std::optional<double>(value);
}

absl::StatusOr<AlertLevel> LevelColumn(sql::ResultSet& rs, const char* column,
                                       const std::string& id) {
  const int level = rs.getInt(column);
  if (level < static_cast<int>(AlertLevel::kNone) || level > static_cast<int>(AlertLevel::kRed)) {
    return Corrupt("alert", id, column);
  }
  return static_cast<AlertLevel>(level);
}

// alerts.inputs: [["days_past_due", "35"], …].
absl::StatusOr<std::vector<AlertInput>> ParseInputs(const std::string& text,
                                                    const std::string& alert_id) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_array()) {
    return Corrupt("alert", alert_id, "inputs");
  }
  std::vector<AlertInput> inputs;
  for (const nlohmann::json& pair : parsed) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
      return Corrupt("alert", alert_id, "inputs");
    }
    inputs.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  }
  return inputs;
}

}  // namespace

std::string StoredName(ExposureStatus v) { return NameIn(kExposureStatuses, v); }
std::string StoredName(LoanCategory v) { return NameIn(kCategories, v); }
std::string StoredName(ObservationKind v) { return NameIn(kObservationKinds, v); }
std::string StoredName(CollateralKind v) { return NameIn(kCollateralKinds, v); }
std::string StoredName(AlertStatus v) { return NameIn(kAlertStatuses, v); }
std::string StoredName(SignalKind v) { return NameIn(kSignalKinds, v); }
std::string StoredName(ContingencyScenario v) { return NameIn(kScenarios, v); }
std::string StoredName(PlanStatus v) { return NameIn(kPlanStatuses, v); }
std::string StoredName(StepStatus v) { return NameIn(kStepStatuses, v); }

absl::StatusOr<ExposureStatus> ParseExposureStatus(const std::string& name) {
  return ParseStored(kExposureStatuses, name, "exposure status");
}
absl::StatusOr<LoanCategory> ParseLoanCategory(const std::string& name) {
  return ParseStored(kCategories, name, "loan category");
}
absl::StatusOr<ObservationKind> ParseObservationKind(const std::string& name) {
  return ParseStored(kObservationKinds, name, "observation kind");
}
absl::StatusOr<CollateralKind> ParseCollateralKind(const std::string& name) {
  return ParseStored(kCollateralKinds, name, "collateral kind");
}
absl::StatusOr<AlertStatus> ParseAlertStatus(const std::string& name) {
  return ParseStored(kAlertStatuses, name, "alert status");
}
absl::StatusOr<SignalKind> ParseSignalKind(const std::string& name) {
  return ParseStored(kSignalKinds, name, "signal kind");
}
absl::StatusOr<ContingencyScenario> ParseScenario(const std::string& name) {
  return ParseStored(kScenarios, name, "contingency scenario");
}
absl::StatusOr<PlanStatus> ParsePlanStatus(const std::string& name) {
  return ParseStored(kPlanStatuses, name, "plan status");
}
absl::StatusOr<StepStatus> ParseStepStatus(const std::string& name) {
  return ParseStored(kStepStatuses, name, "step status");
}

const char kExposureColumns[] =
    "exposure_id, customer_id, facility_id, currency_code, amount, purpose, project, "
    "origination_date, maturity_date, min_dscr, min_current_ratio, status, outstanding, "
    "suggested_category, category_reason, days_past_due, segment, industry_code, create_time, "
    "update_time, revision";
const char kObservationColumns[] =
    "observation_id, exposure_id, customer_id, kind, observed_date, amount, interest, "
    "planned_amount, category, payee, milestones_due, milestones_met, dscr, current_ratio, "
    "recorded_by, record_time";
const char kCollateralColumns[] =
    "collateral_id, exposure_id, kind, asset_type, description, appraised_value, appraisal_date, "
    "lien_rank, update_time, revision";
const char kGuarantorColumns[] =
    "guarantor_id, exposure_id, guarantor_customer_id, outside_party_name, amount_guaranteed, "
    "create_time";
const char kAlertColumns[] =
    "alert_id, customer_id, indicator, status, level, evaluated_level, escalation_steps, value, "
    "threshold, rule_id, rule_version, inputs, title, detail, assignee_manager_id, open_time, "
    "acknowledge_deadline, acknowledge_time, close_time, resolution_note, update_time, revision";
const char kRuleColumns[] =
    "rule_id, indicator, segment, industry_prefix, blue_threshold, yellow_threshold, "
    "orange_threshold, red_threshold, higher_is_worse, contingency_scenario, "
    "auto_activate_contingency, enabled, version, updated_by, update_time, change_reason";

absl::StatusOr<Exposure> ReadExposure(sql::ResultSet& rs) {
  Exposure e;
  e.exposure_id = Text(rs, "exposure_id");
  e.customer_id = Text(rs, "customer_id");
  e.facility_id = Text(rs, "facility_id");
  const std::string currency = Text(rs, "currency_code");
  ASSIGN_OR_RETURN(e.amount, MoneyColumn(rs, "amount", currency, "exposure", e.exposure_id));
  e.purpose = Text(rs, "purpose");
  e.project = Text(rs, "project");
  ASSIGN_OR_RETURN(e.origination_date,
                   DateColumn(rs, "origination_date", "exposure", e.exposure_id));
  ASSIGN_OR_RETURN(e.maturity_date, DateColumn(rs, "maturity_date", "exposure", e.exposure_id));
  ASSIGN_OR_RETURN(e.covenants.min_dscr, DecimalColumn(rs, "min_dscr", "exposure", e.exposure_id));
  ASSIGN_OR_RETURN(e.covenants.min_current_ratio,
                   DecimalColumn(rs, "min_current_ratio", "exposure", e.exposure_id));
  ASSIGN_OR_RETURN(e.status, ParseExposureStatus(Text(rs, "status")));
  ASSIGN_OR_RETURN(e.outstanding,
                   MoneyColumn(rs, "outstanding", currency, "exposure", e.exposure_id));
  ASSIGN_OR_RETURN(e.suggested_category, ParseLoanCategory(Text(rs, "suggested_category")));
  e.category_reason = Text(rs, "category_reason");
  e.days_past_due = rs.getInt("days_past_due");
  e.segment = Text(rs, "segment");
  e.industry_code = Text(rs, "industry_code");
  e.create_time = mysql::GetTime(rs, "create_time");
  e.update_time = mysql::GetTime(rs, "update_time");
  e.revision = rs.getInt64("revision");
  return e;
}

absl::StatusOr<Observation> ReadObservation(sql::ResultSet& rs, const std::string& currency) {
  Observation o;
  o.observation_id = Text(rs, "observation_id");
  o.exposure_id = Text(rs, "exposure_id");
  o.customer_id = Text(rs, "customer_id");
  ASSIGN_OR_RETURN(o.kind, ParseObservationKind(Text(rs, "kind")));
  ASSIGN_OR_RETURN(o.date, DateColumn(rs, "observed_date", "observation", o.observation_id));
  ASSIGN_OR_RETURN(o.amount, MoneyColumn(rs, "amount", currency, "observation", o.observation_id));
  ASSIGN_OR_RETURN(o.interest,
                   MoneyColumn(rs, "interest", currency, "observation", o.observation_id));
  ASSIGN_OR_RETURN(o.planned_amount,
                   MoneyColumn(rs, "planned_amount", currency, "observation", o.observation_id));
  o.category = Text(rs, "category");
  o.payee = Text(rs, "payee");
  o.milestones_due = rs.getInt("milestones_due");
  o.milestones_met = rs.getInt("milestones_met");
  ASSIGN_OR_RETURN(o.dscr, DecimalColumn(rs, "dscr", "observation", o.observation_id));
  ASSIGN_OR_RETURN(o.current_ratio,
                   DecimalColumn(rs, "current_ratio", "observation", o.observation_id));
  o.recorded_by = Text(rs, "recorded_by");
  o.record_time = mysql::GetTime(rs, "record_time");
  return o;
}

absl::StatusOr<Collateral> ReadCollateral(sql::ResultSet& rs, const std::string& currency) {
  Collateral c;
  c.collateral_id = Text(rs, "collateral_id");
  c.exposure_id = Text(rs, "exposure_id");
  ASSIGN_OR_RETURN(c.kind, ParseCollateralKind(Text(rs, "kind")));
  c.asset_type = Text(rs, "asset_type");
  c.description = Text(rs, "description");
  ASSIGN_OR_RETURN(c.appraised_value,
                   MoneyColumn(rs, "appraised_value", currency, "collateral", c.collateral_id));
  ASSIGN_OR_RETURN(c.appraisal_date,
                   DateColumn(rs, "appraisal_date", "collateral", c.collateral_id));
  c.lien_rank = rs.getInt("lien_rank");
  c.update_time = mysql::GetTime(rs, "update_time");
  c.revision = rs.getInt64("revision");
  return c;
}

Guarantor ReadGuarantor(sql::ResultSet& rs, const std::string& currency) {
  Guarantor g;
  g.guarantor_id = Text(rs, "guarantor_id");
  g.exposure_id = Text(rs, "exposure_id");
  g.customer_id = Text(rs, "guarantor_customer_id");
  g.outside_party_name = Text(rs, "outside_party_name");
  // The column is NOT NULL DECIMAL, so the parse cannot fail on a row MySQL wrote.
  g.amount_guaranteed =
      mysql::GetOptionalMoney(rs, "amount_guaranteed", currency).value_or(Money{currency, 0, 0});
  g.create_time = mysql::GetTime(rs, "create_time");
  return g;
}

absl::StatusOr<Alert> ReadAlert(sql::ResultSet& rs) {
  Alert a;
  a.alert_id = Text(rs, "alert_id");
  a.customer_id = Text(rs, "customer_id");
  a.indicator = Text(rs, "indicator");
  ASSIGN_OR_RETURN(a.status, ParseAlertStatus(Text(rs, "status")));
  ASSIGN_OR_RETURN(a.level, LevelColumn(rs, "level", a.alert_id));
  ASSIGN_OR_RETURN(a.evaluated_level, LevelColumn(rs, "evaluated_level", a.alert_id));
  a.escalation_steps = rs.getInt("escalation_steps");
  ASSIGN_OR_RETURN(a.value, DecimalColumn(rs, "value", "alert", a.alert_id));
  ASSIGN_OR_RETURN(a.threshold, DecimalColumn(rs, "threshold", "alert", a.alert_id));
  a.rule_id = Text(rs, "rule_id");
  a.rule_version = rs.getInt64("rule_version");
  ASSIGN_OR_RETURN(a.inputs, ParseInputs(Text(rs, "inputs"), a.alert_id));
  a.title = Text(rs, "title");
  a.detail = Text(rs, "detail");
  a.assignee_manager_id = Text(rs, "assignee_manager_id");
  a.open_time = mysql::GetTime(rs, "open_time");
  a.acknowledge_deadline = mysql::GetOptionalTime(rs, "acknowledge_deadline");
  a.acknowledge_time = mysql::GetOptionalTime(rs, "acknowledge_time");
  a.close_time = mysql::GetOptionalTime(rs, "close_time");
  a.resolution_note = Text(rs, "resolution_note");
  a.update_time = mysql::GetTime(rs, "update_time");
  a.revision = rs.getInt64("revision");
  return a;
}

absl::StatusOr<Rule> ReadRule(sql::ResultSet& rs) {
  Rule r;
  r.rule_id = Text(rs, "rule_id");
  r.indicator = Text(rs, "indicator");
  r.segment = Text(rs, "segment");
  r.industry_prefix = Text(rs, "industry_prefix");
  ASSIGN_OR_RETURN(r.thresholds.blue,
                   OptionalDecimalColumn(rs, "blue_threshold", "rule", r.rule_id));
  ASSIGN_OR_RETURN(r.thresholds.yellow,
                   OptionalDecimalColumn(rs, "yellow_threshold", "rule", r.rule_id));
  ASSIGN_OR_RETURN(r.thresholds.orange,
                   OptionalDecimalColumn(rs, "orange_threshold", "rule", r.rule_id));
  ASSIGN_OR_RETURN(r.thresholds.red, OptionalDecimalColumn(rs, "red_threshold", "rule", r.rule_id));
  r.higher_is_worse = rs.getInt("higher_is_worse") != 0;
  ASSIGN_OR_RETURN(r.contingency_scenario, ParseScenario(Text(rs, "contingency_scenario")));
  r.auto_activate_contingency = rs.getInt("auto_activate_contingency") != 0;
  r.enabled = rs.getInt("enabled") != 0;
  r.version = rs.getInt64("version");
  r.updated_by = Text(rs, "updated_by");
  r.update_time = mysql::GetTime(rs, "update_time");
  r.change_reason = Text(rs, "change_reason");
  return r;
}

extern const char kPlanColumns[] =
    "plan_id, customer_id, scenario, alert_id, status, automatic, activated_by, activate_time, "
    "revision";
extern const char kStepColumns[] =
    "plan_id, step_number, title, owner_role, owner, due_time, status, completed_by, "
    "complete_time, note";

absl::StatusOr<ContingencyPlan> ReadPlanRow(sql::ResultSet& rs) {
  ContingencyPlan p;
  p.plan_id = Text(rs, "plan_id");
  p.customer_id = Text(rs, "customer_id");
  ASSIGN_OR_RETURN(p.scenario, ParseScenario(Text(rs, "scenario")));
  p.alert_id = Text(rs, "alert_id");
  ASSIGN_OR_RETURN(p.status, ParsePlanStatus(Text(rs, "status")));
  p.automatic = rs.getInt("automatic") != 0;
  p.activated_by = Text(rs, "activated_by");
  p.activate_time = mysql::GetTime(rs, "activate_time");
  p.revision = rs.getInt64("revision");
  return p;
}

absl::StatusOr<ContingencyStep> ReadStepRow(sql::ResultSet& rs) {
  ContingencyStep step;
  step.step_number = rs.getInt("step_number");
  step.title = Text(rs, "title");
  step.owner_role = Text(rs, "owner_role");
  step.owner = Text(rs, "owner");
  step.due_time = mysql::GetTime(rs, "due_time");
  ASSIGN_OR_RETURN(step.status, ParseStepStatus(Text(rs, "status")));
  step.completed_by = Text(rs, "completed_by");
  step.complete_time = mysql::GetOptionalTime(rs, "complete_time");
  step.note = Text(rs, "note");
  return step;
}

}  // namespace ccrm::risk
