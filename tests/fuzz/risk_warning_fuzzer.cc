// Fuzz target over ccrm.risk.v1.RiskWarning: every RPC's request goes through what its handler
// (services/risk-warning/api/risk_warning_service.cc, alert_watch.cc) runs before storage:
// request id, resource names (exposures, customers, alerts, contingencyPlans, rules), etags,
// filters, enum / money / date mapping, page token and size (ResolvePage with the handler's
// canonical query), proto → domain mapping of exposures, observations, collateral, guarantors
// and rules, and the domain input checks the use cases run before writing (validation.h:
// ValidateNewExposure; ValidateObservation / ValidateCollateral / ValidateGuarantor against a
// known active exposure, as the services do once they have read it).
// Property: ToProto(FromProto(ToProto(FromProto(x)))) == ToProto(FromProto(x)) for exposures,
// observations, guarantors and rules.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "common/ids/etag.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/money/money.h"
#include "common/pagination/paging.h"
#include "common/server/request_ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/wire/money_time_mapping.h"
#include "services/risk-warning/api/proto_mapping.h"
#include "services/risk-warning/api/request_parsing.h"
#include "services/risk-warning/domain/rule.h"
#include "services/risk-warning/domain/validation.h"
#include "tests/fuzz/fuzz_harness.h"

namespace ccrm::risk {
namespace {

using fuzz::Check;
using fuzz::Cny;
using fuzz::Day;
using fuzz::MakeSeed;
using fuzz::Seed;

constexpr char kCustomerId[] = "0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e01";
constexpr char kCustomerName[] = "customers/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e01";
constexpr char kExposureName[] = "exposures/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e06";
constexpr char kAlertName[] = "alerts/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e07";
constexpr char kPlanName[] = "contingencyPlans/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e08";

absl::CivilDay Today() { return absl::CivilDay(2026, 3, 1); }

absl::Status Page(const std::string& canonical, const std::string& token, int size) {
  PageQuery page;
  return ResolvePage(canonical, token, size, page);
}

template <typename Proto, typename Domain, typename MapBack>
void RoundTrip(const Domain& value, const std::string& what, MapBack map_back) {
  Proto once;
  ToProto(value, &once);
  absl::StatusOr<Domain> again = map_back(once);
  if (!again.ok()) {
    fuzz::Fail(absl::StrCat(what, ": ToProto of a mapped value does not map back: ",
                            again.status().ToString(), "\n", once.DebugString()));
  }
  Proto twice;
  ToProto(*again, &twice);
  fuzz::RequireSameMessage(once, twice, what);
}

v1::Exposure SomeExposure() {
  v1::Exposure e;
  e.set_customer_id(kCustomerId);
  e.set_facility_id("FAC-2025-0001");
  *e.mutable_amount() = Cny(100'000'000);
  e.set_purpose("项目建设");
  v1::PlannedUse* use = e.add_use_of_funds_plan();
  use->set_category("construction");
  use->set_payee("福建某某建设有限公司");
  *use->mutable_amount() = Cny(80'000'000);
  v1::ScheduledRepayment* due = e.add_repayment_schedule();
  *due->mutable_due_date() = Day(2026, 6, 30);
  *due->mutable_principal() = Cny(10'000'000);
  *due->mutable_interest() = Cny(1'500'000);
  *e.mutable_origination_date() = Day(2025, 1, 15);
  *e.mutable_maturity_date() = Day(2030, 1, 15);
  e.mutable_covenants()->set_min_dscr(1.2);
  e.mutable_covenants()->set_min_current_ratio(1.1);
  return e;
}

// The active exposure the observation, collateral and guarantor checks run against.
const Exposure& KnownExposure() {
  static const Exposure* exposure = [] {
    absl::StatusOr<Exposure> e = ExposureFromProto(SomeExposure(), "exposure");
    if (!e.ok()) {
      fuzz::Fail(absl::StrCat("the known exposure does not map: ", e.status().ToString()));
    }
    auto* out = new Exposure(*e);
    out->exposure_id = "0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e06";
    out->status = ExposureStatus::kActive;
    return out;
  }();
  return *exposure;
}

// --- Exposures, observations, collateral, guarantors ---

absl::Status CreateExposure(const v1::CreateExposureRequest& r) {
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(Exposure draft, ExposureFromProto(r.exposure(), "exposure"));
  RoundTrip<v1::Exposure>(draft, "exposure",
                          [](const v1::Exposure& p) { return ExposureFromProto(p, "exposure"); });
  return ValidateNewExposure(draft);
}

absl::Status GetExposure(const v1::GetExposureRequest& r) {
  return ExposureIdOf(r.name(), "name").status();
}

absl::Status ListExposures(const v1::ListExposuresRequest& r) {
  RETURN_IF_ERROR(CheckCustomerFilter(r.customer_id()));
  ASSIGN_OR_RETURN(ExposureStatus status, ExposureStatusFromProto(r.status(), "status"));
  ASSIGN_OR_RETURN(LoanCategory category, LoanCategoryFromProto(r.category(), "category"));
  return Page(absl::StrCat("exposures|", r.customer_id(), "|", static_cast<int>(status), "|",
                           static_cast<int>(category)),
              r.page_token(), r.page_size());
}

absl::Status RecordObservation(const v1::RecordObservationRequest& r) {
  ASSIGN_OR_RETURN(std::string exposure_id, ExposureIdOf(r.parent(), "parent"));
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(Observation draft, ObservationFromProto(r.observation(), "observation"));
  RoundTrip<v1::Observation>(draft, "observation", [](const v1::Observation& p) {
    return ObservationFromProto(p, "observation");
  });
  return ValidateObservation(draft, KnownExposure(), Today());
}

absl::Status ListObservations(const v1::ListObservationsRequest& r) {
  ASSIGN_OR_RETURN(std::string exposure_id, ExposureIdOf(r.parent(), "parent"));
  return Page(absl::StrCat("observations|", exposure_id), r.page_token(), r.page_size());
}

absl::Status AddCollateral(const v1::AddCollateralRequest& r) {
  ASSIGN_OR_RETURN(std::string exposure_id, ExposureIdOf(r.parent(), "parent"));
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(Collateral draft, CollateralFromProto(r.collateral(), "collateral"));
  v1::Collateral out;
  ToProto(draft, Today(), &out);
  return ValidateCollateral(draft, KnownExposure(), Today());
}

absl::Status ReappraiseCollateral(const v1::ReappraiseCollateralRequest& r) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(r.name(), {"exposures", "collateral"}, "name"));
  FieldViolations violations;
  if (!r.has_appraised_value()) {
    violations.Add("appraised_value", "is required");
  } else {
    MoneyFromProto(r.appraised_value(), "appraised_value", violations);
  }
  const common::v1::Date& day = r.appraisal_date();
  if (day.year() == 0 && day.month() == 0 && day.day() == 0) {
    violations.Add("appraisal_date", "is required");
  } else {
    DateFromProto(day, "appraisal_date", violations);
  }
  RETURN_IF_ERROR(violations.ToStatus());
  return RevisionOf(r.etag()).status();
}

absl::Status AddGuarantor(const v1::AddGuarantorRequest& r) {
  ASSIGN_OR_RETURN(std::string exposure_id, ExposureIdOf(r.parent(), "parent"));
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(Guarantor draft, GuarantorFromProto(r.guarantor(), "guarantor"));
  RoundTrip<v1::Guarantor>(draft, "guarantor", [](const v1::Guarantor& p) {
    return GuarantorFromProto(p, "guarantor");
  });
  return ValidateGuarantor(draft, KnownExposure());
}

absl::Status GetCoverage(const v1::GetCoverageRequest& r) {
  return ExposureIdOf(r.name(), "name").status();
}

// --- Rules ---

absl::Status ListRules(const v1::ListRulesRequest&) { return absl::OkStatus(); }

absl::Status GetRule(const v1::GetRuleRequest& r) { return RuleIdOf(r.name(), "name").status(); }

absl::Status CreateRule(const v1::CreateRuleRequest& r) {
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(Rule draft, RuleFromProto(r.rule(), "rule"));
  RoundTrip<v1::Rule>(draft, "rule", [](const v1::Rule& p) { return RuleFromProto(p, "rule"); });
  return absl::OkStatus();
}

absl::Status UpdateRule(const v1::UpdateRuleRequest& r) {
  ASSIGN_OR_RETURN(std::string id, RuleIdOf(r.rule().name(), "rule.name"));
  ASSIGN_OR_RETURN(Rule changed, RuleFromProto(r.rule(), "rule"));
  return ParseEtag(r.rule().etag(), "rule.etag").status();
}

absl::Status ListRuleRevisions(const v1::ListRuleRevisionsRequest& r) {
  return RuleIdOf(r.name(), "name").status();
}

// --- Alerts ---

absl::Status GetAlert(const v1::GetAlertRequest& r) { return AlertIdOf(r.name(), "name").status(); }

absl::Status ListAlerts(const v1::ListAlertsRequest& r) {
  RETURN_IF_ERROR(CheckCustomerFilter(r.customer_id()));
  ASSIGN_OR_RETURN(AlertLevel min_level, LevelFromProto(r.min_level(), "min_level"));
  std::string statuses;
  for (int i = 0; i < r.statuses_size(); ++i) {
    ASSIGN_OR_RETURN(AlertStatus status,
                     AlertStatusFromProto(r.statuses(i), absl::StrCat("statuses[", i, "]")));
    absl::StrAppend(&statuses, static_cast<int>(status), ",");
  }
  if (!r.indicator().empty() && FindIndicator(r.indicator()) == nullptr) {
    return InvalidField("indicator", "is not a known indicator");
  }
  return Page(absl::StrCat("alerts|", r.customer_id(), "|", r.assignee_manager_id(), "|",
                           static_cast<int>(min_level), "|", statuses, "|", r.indicator()),
              r.page_token(), r.page_size());
}

absl::Status UpdateAlertStatus(const v1::UpdateAlertStatusRequest& r) {
  ASSIGN_OR_RETURN(std::string id, AlertIdOf(r.name(), "name"));
  RETURN_IF_ERROR(AlertStatusFromProto(r.status(), "status").status());
  return RevisionOf(r.etag()).status();
}

absl::Status AssignAlert(const v1::AssignAlertRequest& r) {
  ASSIGN_OR_RETURN(std::string id, AlertIdOf(r.name(), "name"));
  return RevisionOf(r.etag()).status();
}

absl::Status ListAlertHistory(const v1::ListAlertHistoryRequest& r) {
  return AlertIdOf(r.name(), "name").status();
}

// alert_watch.cc's CheckRequest.
absl::Status WatchAlerts(const v1::WatchAlertsRequest& r) {
  FieldViolations violations;
  if (r.after_sequence() < 0) {
    violations.Add("after_sequence", "must not be negative");
  }
  if (!v1::AlertLevel_IsValid(r.min_level())) {
    violations.Add("min_level", "is not a known alert level");
  }
  if (!r.customer_id().empty() && !IsUuid(r.customer_id())) {
    violations.Add("customer_id", "must be a customer id (a UUID)");
  }
  if (r.assignee_manager_id().size() > 64) {
    violations.Add("assignee_manager_id", "must be at most 64 characters");
  }
  return violations.ToStatus();
}

// --- Evaluation, classification, contingency plans, portfolio ---

absl::Status EvaluateCustomer(const v1::EvaluateCustomerRequest& r) {
  return CustomerIdOf(r.name(), "name").status();
}

absl::Status RunPortfolioScan(const v1::RunPortfolioScanRequest&) { return absl::OkStatus(); }

absl::Status GetObligorClassification(const v1::GetObligorClassificationRequest& r) {
  return CustomerIdOf(r.name(), "name").status();
}

absl::Status ListContingencyTemplates(const v1::ListContingencyTemplatesRequest&) {
  return absl::OkStatus();
}

absl::Status ActivateContingencyPlan(const v1::ActivateContingencyPlanRequest& r) {
  ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(r.parent(), "parent"));
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  RETURN_IF_ERROR(ScenarioFromProto(r.scenario(), "scenario").status());
  if (!r.alert().empty()) {
    return AlertIdOf(r.alert(), "alert").status();
  }
  return absl::OkStatus();
}

absl::Status GetContingencyPlan(const v1::GetContingencyPlanRequest& r) {
  return PlanIdOf(r.name(), "name").status();
}

absl::Status ListContingencyPlans(const v1::ListContingencyPlansRequest& r) {
  RETURN_IF_ERROR(CheckCustomerFilter(r.customer_id()));
  ASSIGN_OR_RETURN(PlanStatus status, PlanStatusFromProto(r.status(), "status"));
  return Page(absl::StrCat("plans|", r.customer_id(), "|", static_cast<int>(status)),
              r.page_token(), r.page_size());
}

absl::Status CompleteContingencyStep(const v1::CompleteContingencyStepRequest& r) {
  ASSIGN_OR_RETURN(std::string id, PlanIdOf(r.name(), "name"));
  return RevisionOf(r.etag()).status();
}

absl::Status GetPortfolioSummary(const v1::GetPortfolioSummaryRequest& r) {
  const std::string currency = r.currency_code().empty() ? "CNY" : r.currency_code();
  if (!IsCurrencyCode(currency)) {
    return InvalidField("currency_code", "must be three upper-case letters (ISO 4217)");
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace ccrm::risk

const google::protobuf::ServiceDescriptor& CcrmFuzzService() {
  return *ccrm::risk::v1::Exposure::descriptor()->file()->FindServiceByName("RiskWarning");
}

const ccrm::fuzz::RequestChecks& CcrmFuzzChecks() {
  using namespace ccrm::risk;  // NOLINT: the checks' names are the methods' names
  static const auto* checks = new ccrm::fuzz::RequestChecks{
      {"CreateExposure", Check(&CreateExposure)},
      {"GetExposure", Check(&GetExposure)},
      {"ListExposures", Check(&ListExposures)},
      {"RecordObservation", Check(&RecordObservation)},
      {"ListObservations", Check(&ListObservations)},
      {"AddCollateral", Check(&AddCollateral)},
      {"ReappraiseCollateral", Check(&ReappraiseCollateral)},
      {"AddGuarantor", Check(&AddGuarantor)},
      {"GetCoverage", Check(&GetCoverage)},
      {"ListRules", Check(&ListRules)},
      {"GetRule", Check(&GetRule)},
      {"CreateRule", Check(&CreateRule)},
      {"UpdateRule", Check(&UpdateRule)},
      {"ListRuleRevisions", Check(&ListRuleRevisions)},
      {"GetAlert", Check(&GetAlert)},
      {"ListAlerts", Check(&ListAlerts)},
      {"UpdateAlertStatus", Check(&UpdateAlertStatus)},
      {"AssignAlert", Check(&AssignAlert)},
      {"ListAlertHistory", Check(&ListAlertHistory)},
      {"WatchAlerts", Check(&WatchAlerts)},
      {"EvaluateCustomer", Check(&EvaluateCustomer)},
      {"RunPortfolioScan", Check(&RunPortfolioScan)},
      {"GetObligorClassification", Check(&GetObligorClassification)},
      {"ListContingencyTemplates", Check(&ListContingencyTemplates)},
      {"ActivateContingencyPlan", Check(&ActivateContingencyPlan)},
      {"GetContingencyPlan", Check(&GetContingencyPlan)},
      {"ListContingencyPlans", Check(&ListContingencyPlans)},
      {"CompleteContingencyStep", Check(&CompleteContingencyStep)},
      {"GetPortfolioSummary", Check(&GetPortfolioSummary)},
  };
  return *checks;
}

std::vector<ccrm::fuzz::Seed> CcrmFuzzSeeds() {
  using namespace ccrm::risk;  // NOLINT
  std::vector<Seed> seeds;
  {
    v1::CreateExposureRequest r;
    *r.mutable_exposure() = SomeExposure();
    r.set_request_id("req-exp-1");
    seeds.push_back(MakeSeed("CreateExposure", r));
    r.mutable_exposure()->mutable_use_of_funds_plan(0)->mutable_amount()->set_units(900'000'000);
    *r.mutable_exposure()->mutable_maturity_date() = Day(2024, 2, 30);
    seeds.push_back(MakeSeed("CreateExposure", r));
    v1::GetExposureRequest g;
    g.set_name(kExposureName);
    seeds.push_back(MakeSeed("GetExposure", g));
    v1::ListExposuresRequest l;
    l.set_customer_id(kCustomerId);
    l.set_page_size(20);
    seeds.push_back(MakeSeed("ListExposures", l));
  }
  {
    v1::RecordObservationRequest r;
    r.set_parent(kExposureName);
    v1::Observation* o = r.mutable_observation();
    *o->mutable_repayment_paid()->mutable_paid_date() = Day(2026, 2, 27);
    *o->mutable_repayment_paid()->mutable_amount() = Cny(11'500'000);
    seeds.push_back(MakeSeed("RecordObservation", r));
    r.mutable_observation()->mutable_disbursement()->mutable_disbursed_date()->set_year(2026);
    *r.mutable_observation()->mutable_disbursement()->mutable_amount() = Cny(-5);
    seeds.push_back(MakeSeed("RecordObservation", r));
    v1::RecordObservationRequest c;
    c.set_parent(kExposureName);
    c.mutable_observation()->mutable_covenant_figures();
    seeds.push_back(MakeSeed("RecordObservation", c));
    v1::ListObservationsRequest l;
    l.set_parent(kExposureName);
    seeds.push_back(MakeSeed("ListObservations", l));
    v1::AddCollateralRequest a;
    a.set_parent(kExposureName);
    a.mutable_collateral()->set_kind(v1::COLLATERAL_KIND_MORTGAGE);
    a.mutable_collateral()->set_asset_type("land_use_right");
    a.mutable_collateral()->set_description("土地使用权");
    *a.mutable_collateral()->mutable_appraised_value() = Cny(60'000'000);
    *a.mutable_collateral()->mutable_appraisal_date() = Day(2025, 12, 1);
    a.mutable_collateral()->set_lien_rank(1);
    seeds.push_back(MakeSeed("AddCollateral", a));
    v1::ReappraiseCollateralRequest ra;
    ra.set_name(absl::StrCat(kExposureName, "/collateral/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e0a"));
    *ra.mutable_appraised_value() = Cny(55'000'000);
    *ra.mutable_appraisal_date() = Day(2026, 2, 1);
    ra.set_etag(ccrm::FormatEtag(3));
    seeds.push_back(MakeSeed("ReappraiseCollateral", ra));
    v1::AddGuarantorRequest gu;
    gu.set_parent(kExposureName);
    gu.mutable_guarantor()->set_outside_party_name("福建某某担保有限公司");
    *gu.mutable_guarantor()->mutable_amount_guaranteed() = Cny(30'000'000);
    seeds.push_back(MakeSeed("AddGuarantor", gu));
    gu.mutable_guarantor()->set_customer_id(kCustomerId);
    seeds.push_back(MakeSeed("AddGuarantor", gu));
    v1::GetCoverageRequest cv;
    cv.set_name(kExposureName);
    seeds.push_back(MakeSeed("GetCoverage", cv));
  }
  {
    v1::ListRulesRequest l;
    l.set_indicator("days_past_due");
    seeds.push_back(MakeSeed("ListRules", l));
    v1::GetRuleRequest g;
    g.set_name("rules/default-days_past_due");
    seeds.push_back(MakeSeed("GetRule", g));
    v1::CreateRuleRequest c;
    v1::Rule* rule = c.mutable_rule();
    rule->set_indicator("days_past_due");
    rule->set_segment("SME");
    rule->set_industry_prefix("E47");
    rule->mutable_thresholds()->set_blue(1);
    rule->mutable_thresholds()->set_yellow(30);
    rule->mutable_thresholds()->set_orange(60);
    rule->mutable_thresholds()->set_red(90);
    rule->set_higher_is_worse(true);
    rule->set_contingency_scenario(v1::CONTINGENCY_SCENARIO_BORROWER_CANNOT_REPAY);
    rule->set_enabled(true);
    c.set_reason("中小企业更早预警");
    seeds.push_back(MakeSeed("CreateRule", c));
    rule->mutable_thresholds()->set_yellow(120);
    seeds.push_back(MakeSeed("CreateRule", c));
    v1::UpdateRuleRequest u;
    *u.mutable_rule() = *rule;
    u.mutable_rule()->set_name("rules/default-days_past_due");
    u.mutable_rule()->set_etag(ccrm::FormatEtag(1));
    u.set_reason("调整阈值");
    seeds.push_back(MakeSeed("UpdateRule", u));
    v1::ListRuleRevisionsRequest rv;
    rv.set_name("rules/default-days_past_due");
    seeds.push_back(MakeSeed("ListRuleRevisions", rv));
  }
  {
    v1::GetAlertRequest g;
    g.set_name(kAlertName);
    seeds.push_back(MakeSeed("GetAlert", g));
    v1::ListAlertsRequest l;
    l.set_customer_id(kCustomerId);
    l.add_statuses(v1::ALERT_STATUS_OPEN);
    l.set_indicator("days_past_due");
    seeds.push_back(MakeSeed("ListAlerts", l));
    v1::UpdateAlertStatusRequest u;
    u.set_name(kAlertName);
    u.set_status(v1::ALERT_STATUS_ACKNOWLEDGED);
    u.set_etag(ccrm::FormatEtag(2));
    seeds.push_back(MakeSeed("UpdateAlertStatus", u));
    v1::AssignAlertRequest a;
    a.set_name(kAlertName);
    a.set_assignee_manager_id("rm-042");
    a.set_reason("客户经理跟进");
    seeds.push_back(MakeSeed("AssignAlert", a));
    v1::ListAlertHistoryRequest h;
    h.set_name(kAlertName);
    seeds.push_back(MakeSeed("ListAlertHistory", h));
    v1::WatchAlertsRequest w;
    w.set_after_sequence(42);
    w.set_customer_id(kCustomerId);
    seeds.push_back(MakeSeed("WatchAlerts", w));
  }
  {
    v1::EvaluateCustomerRequest e;
    e.set_name(kCustomerName);
    seeds.push_back(MakeSeed("EvaluateCustomer", e));
    seeds.push_back(MakeSeed("RunPortfolioScan", v1::RunPortfolioScanRequest()));
    v1::GetObligorClassificationRequest c;
    c.set_name(kCustomerName);
    seeds.push_back(MakeSeed("GetObligorClassification", c));
    seeds.push_back(MakeSeed("ListContingencyTemplates", v1::ListContingencyTemplatesRequest()));
    v1::ActivateContingencyPlanRequest a;
    a.set_parent(kCustomerName);
    a.set_scenario(v1::CONTINGENCY_SCENARIO_PROJECT_HALTED);
    a.set_alert(kAlertName);
    seeds.push_back(MakeSeed("ActivateContingencyPlan", a));
    v1::GetContingencyPlanRequest g;
    g.set_name(kPlanName);
    seeds.push_back(MakeSeed("GetContingencyPlan", g));
    v1::ListContingencyPlansRequest l;
    l.set_customer_id(kCustomerId);
    seeds.push_back(MakeSeed("ListContingencyPlans", l));
    v1::CompleteContingencyStepRequest s;
    s.set_name(kPlanName);
    s.set_step_number(1);
    s.set_note("已暂停放款");
    seeds.push_back(MakeSeed("CompleteContingencyStep", s));
    v1::GetPortfolioSummaryRequest p;
    p.set_currency_code("USD");
    seeds.push_back(MakeSeed("GetPortfolioSummary", p));
  }
  return seeds;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return ccrm::fuzz::RunOne(CcrmFuzzService(), CcrmFuzzChecks(), data, size);
}
