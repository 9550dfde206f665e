#include "services/risk-warning/api/risk_warning_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/ids/etag.h"
#include "common/ids/resource_name.h"
#include "common/pagination/paging.h"
#include "common/server/request_ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/wire/money_time_mapping.h"
#include "services/risk-warning/api/proto_mapping.h"
#include "services/risk-warning/api/request_parsing.h"

namespace ccrm::risk {

absl::CivilDay RiskWarningService::Today() const {
  return absl::ToCivilDay(domain_.clock->Now(), absl::UTCTimeZone());
}

// ---- Exposures ----------------------------------------------------------------------------

grpc::ServerUnaryReactor* RiskWarningService::CreateExposure(
    Context* ctx, const v1::CreateExposureRequest* request, v1::Exposure* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(Exposure draft, ExposureFromProto(request->exposure(), "exposure"));
    ASSIGN_OR_RETURN(Exposure created,
                     domain_.exposures->Create(CallerOf(rpc), std::move(draft), key));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::GetExposure(Context* ctx,
                                                          const v1::GetExposureRequest* request,
                                                          v1::Exposure* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, ExposureIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(Exposure exposure, domain_.exposures->Get(id));
    ToProto(exposure, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::ListExposures(Context* ctx,
                                                            const v1::ListExposuresRequest* request,
                                                            v1::ListExposuresResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    RETURN_IF_ERROR(CheckCustomerFilter(request->customer_id()));
    ExposureFilter filter;
    filter.customer_id = request->customer_id();
    ASSIGN_OR_RETURN(filter.status, ExposureStatusFromProto(request->status(), "status"));
    ASSIGN_OR_RETURN(filter.category, LoanCategoryFromProto(request->category(), "category"));
    const std::string canonical =
        absl::StrCat("exposures|", filter.customer_id, "|", static_cast<int>(filter.status), "|",
                     static_cast<int>(filter.category));
    PageQuery page;
    RETURN_IF_ERROR(ResolvePage(canonical, request->page_token(), request->page_size(), page));
    ASSIGN_OR_RETURN(Page<Exposure> result, domain_.exposures->List(filter, page));
    for (const Exposure& exposure : result.items) {
      ToProto(exposure, response->add_exposures());
    }
    response->set_next_page_token(NextPageToken(canonical, std::move(result.next_key)));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::RecordObservation(
    Context* ctx, const v1::RecordObservationRequest* request,
    v1::RecordObservationResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string exposure_id, ExposureIdOf(request->parent(), "parent"));
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(Observation draft,
                     ObservationFromProto(request->observation(), "observation"));
    ASSIGN_OR_RETURN(RecordedObservation recorded,
                     domain_.exposures->Record(CallerOf(rpc), exposure_id, std::move(draft), key));
    ToProto(recorded.observation, response->mutable_observation());
    ToProto(recorded.evaluation, response->mutable_evaluation());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::ListObservations(
    Context* ctx, const v1::ListObservationsRequest* request,
    v1::ListObservationsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string exposure_id, ExposureIdOf(request->parent(), "parent"));
    const std::string canonical = absl::StrCat("observations|", exposure_id);
    PageQuery page;
    RETURN_IF_ERROR(ResolvePage(canonical, request->page_token(), request->page_size(), page));
    ASSIGN_OR_RETURN(Page<Observation> result,
                     domain_.exposures->ListObservations(exposure_id, page));
    for (const Observation& observation : result.items) {
      ToProto(observation, response->add_observations());
    }
    response->set_next_page_token(NextPageToken(canonical, std::move(result.next_key)));
    return absl::OkStatus();
  });
}

// ---- Collateral and guarantees --------------------------------------------------------------

grpc::ServerUnaryReactor* RiskWarningService::AddCollateral(Context* ctx,
                                                            const v1::AddCollateralRequest* request,
                                                            v1::Collateral* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string exposure_id, ExposureIdOf(request->parent(), "parent"));
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(Collateral draft, CollateralFromProto(request->collateral(), "collateral"));
    ASSIGN_OR_RETURN(Collateral stored, domain_.exposures->AddCollateral(CallerOf(rpc), exposure_id,
                                                                         std::move(draft), key));
    ToProto(stored, Today(), response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::ReappraiseCollateral(
    Context* ctx, const v1::ReappraiseCollateralRequest* request, v1::Collateral* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> ids,
                     ParseResourceName(request->name(), {"exposures", "collateral"}, "name"));
    FieldViolations violations;
    std::optional<Money> value;
    std::optional<absl::CivilDay> date;
    if (!request->has_appraised_value()) {
      violations.Add("appraised_value", "is required");
    } else {
      value = MoneyFromProto(request->appraised_value(), "appraised_value", violations);
    }
    const common::v1::Date& day = request->appraisal_date();
    if (day.year() == 0 && day.month() == 0 && day.day() == 0) {
      violations.Add("appraisal_date", "is required");
    } else {
      date = DateFromProto(day, "appraisal_date", violations);
    }
    RETURN_IF_ERROR(violations.ToStatus());
    ASSIGN_OR_RETURN(int64_t revision, RevisionOf(request->etag()));
    ASSIGN_OR_RETURN(Collateral stored, domain_.exposures->Reappraise(CallerOf(rpc), ids[0], ids[1],
                                                                      *value, *date, revision));
    ToProto(stored, Today(), response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::AddGuarantor(Context* ctx,
                                                           const v1::AddGuarantorRequest* request,
                                                           v1::Guarantor* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string exposure_id, ExposureIdOf(request->parent(), "parent"));
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(Guarantor draft, GuarantorFromProto(request->guarantor(), "guarantor"));
    ASSIGN_OR_RETURN(Guarantor stored, domain_.exposures->AddGuarantor(CallerOf(rpc), exposure_id,
                                                                       std::move(draft), key));
    ToProto(stored, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::GetCoverage(Context* ctx,
                                                          const v1::GetCoverageRequest* request,
                                                          v1::Coverage* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string exposure_id, ExposureIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(CoverageView view, domain_.exposures->Coverage(exposure_id));
    ToProto(view, Today(), response);
    return absl::OkStatus();
  });
}

// ---- Rules ----------------------------------------------------------------------------------

grpc::ServerUnaryReactor* RiskWarningService::ListRules(Context* ctx,
                                                        const v1::ListRulesRequest* request,
                                                        v1::ListRulesResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<Rule> rules, domain_.rules->List(request->indicator()));
    for (const Rule& rule : rules) {
      ToProto(rule, response->add_rules());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::GetRule(Context* ctx,
                                                      const v1::GetRuleRequest* request,
                                                      v1::Rule* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, RuleIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(Rule rule, domain_.rules->Get(id));
    ToProto(rule, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::CreateRule(Context* ctx,
                                                         const v1::CreateRuleRequest* request,
                                                         v1::Rule* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(Rule draft, RuleFromProto(request->rule(), "rule"));
    ASSIGN_OR_RETURN(Rule created, domain_.rules->Create(CallerOf(rpc), std::move(draft),
                                                         request->reason(), key));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::UpdateRule(Context* ctx,
                                                         const v1::UpdateRuleRequest* request,
                                                         v1::Rule* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, RuleIdOf(request->rule().name(), "rule.name"));
    ASSIGN_OR_RETURN(Rule changed, RuleFromProto(request->rule(), "rule"));
    changed.rule_id = id;
    ASSIGN_OR_RETURN(std::optional<int64_t> version,
                     ParseEtag(request->rule().etag(), "rule.etag"));
    ASSIGN_OR_RETURN(Rule updated, domain_.rules->Update(CallerOf(rpc), std::move(changed),
                                                         request->reason(), version.value_or(0)));
    ToProto(updated, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::ListRuleRevisions(
    Context* ctx, const v1::ListRuleRevisionsRequest* request,
    v1::ListRuleRevisionsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, RuleIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(std::vector<Rule> revisions, domain_.rules->Revisions(id));
    for (const Rule& rule : revisions) {
      ToProto(rule, response->add_revisions());
    }
    return absl::OkStatus();
  });
}

// ---- Alerts ---------------------------------------------------------------------------------

grpc::ServerUnaryReactor* RiskWarningService::GetAlert(Context* ctx,
                                                       const v1::GetAlertRequest* request,
                                                       v1::Alert* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, AlertIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(Alert alert, domain_.alerts->Get(id));
    ToProto(alert, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::ListAlerts(Context* ctx,
                                                         const v1::ListAlertsRequest* request,
                                                         v1::ListAlertsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    RETURN_IF_ERROR(CheckCustomerFilter(request->customer_id()));
    AlertFilter filter;
    filter.customer_id = request->customer_id();
    filter.assignee_manager_id = request->assignee_manager_id();
    filter.indicator = request->indicator();
    ASSIGN_OR_RETURN(filter.min_level, LevelFromProto(request->min_level(), "min_level"));
    std::string statuses;
    for (int i = 0; i < request->statuses_size(); ++i) {
      ASSIGN_OR_RETURN(AlertStatus status, AlertStatusFromProto(request->statuses(i),
                                                                absl::StrCat("statuses[", i, "]")));
      filter.statuses.push_back(status);
      absl::StrAppend(&statuses, static_cast<int>(status), ",");
    }
    if (!filter.indicator.empty() && FindIndicator(filter.indicator) == nullptr) {
      return InvalidField("indicator", "is not a known indicator");
    }
    const std::string canonical =
        absl::StrCat("alerts|", filter.customer_id, "|", filter.assignee_manager_id, "|",
                     static_cast<int>(filter.min_level), "|", statuses, "|", filter.indicator);
    PageQuery page;
    RETURN_IF_ERROR(ResolvePage(canonical, request->page_token(), request->page_size(), page));
    ASSIGN_OR_RETURN(Page<Alert> result, domain_.alerts->List(filter, page));
    for (const Alert& alert : result.items) {
      ToProto(alert, response->add_alerts());
    }
    response->set_next_page_token(NextPageToken(canonical, std::move(result.next_key)));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::UpdateAlertStatus(
    Context* ctx, const v1::UpdateAlertStatusRequest* request, v1::Alert* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, AlertIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(AlertStatus status, AlertStatusFromProto(request->status(), "status"));
    ASSIGN_OR_RETURN(int64_t revision, RevisionOf(request->etag()));
    ASSIGN_OR_RETURN(Alert alert, domain_.alerts->ChangeStatus(CallerOf(rpc), id, status,
                                                               request->note(), revision));
    ToProto(alert, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::AssignAlert(Context* ctx,
                                                          const v1::AssignAlertRequest* request,
                                                          v1::Alert* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, AlertIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(int64_t revision, RevisionOf(request->etag()));
    ASSIGN_OR_RETURN(Alert alert,
                     domain_.alerts->Assign(CallerOf(rpc), id, request->assignee_manager_id(),
                                            request->reason(), revision));
    ToProto(alert, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::ListAlertHistory(
    Context* ctx, const v1::ListAlertHistoryRequest* request,
    v1::ListAlertHistoryResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, AlertIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(std::vector<AlertChange> changes, domain_.alerts->History(id));
    for (const AlertChange& change : changes) {
      ToProto(change, response->add_changes());
    }
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::AlertUpdate>* RiskWarningService::WatchAlerts(
    Context* ctx, const v1::WatchAlertsRequest* request) {
  return watch_->Start(ctx, *request);
}

// ---- Evaluation and classification ----------------------------------------------------------

grpc::ServerUnaryReactor* RiskWarningService::EvaluateCustomer(
    Context* ctx, const v1::EvaluateCustomerRequest* request, v1::EvaluationOutcome* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(Evaluation evaluation,
                     domain_.monitoring->EvaluateCustomer(CallerOf(rpc), customer_id));
    ToProto(evaluation, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::RunPortfolioScan(Context* ctx,
                                                               const v1::RunPortfolioScanRequest*,
                                                               v1::PortfolioScanResult* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(ScanResult result, domain_.monitoring->ScanPortfolio(domain_.scan_batch));
    ToProto(result, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::GetObligorClassification(
    Context* ctx, const v1::GetObligorClassificationRequest* request,
    v1::ObligorClassification* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(ObligorCategory category, domain_.monitoring->Classification(customer_id));
    ToProto(customer_id, category, response);
    return absl::OkStatus();
  });
}

// ---- Contingency plans ----------------------------------------------------------------------

grpc::ServerUnaryReactor* RiskWarningService::ListContingencyTemplates(
    Context* ctx, const v1::ListContingencyTemplatesRequest*,
    v1::ListContingencyTemplatesResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    for (const ContingencyTemplate& tmpl : ContingencyTemplates()) {
      ToProto(tmpl, response->add_templates());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::ActivateContingencyPlan(
    Context* ctx, const v1::ActivateContingencyPlanRequest* request,
    v1::ContingencyPlan* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->parent(), "parent"));
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(ContingencyScenario scenario,
                     ScenarioFromProto(request->scenario(), "scenario"));
    std::string alert_id;
    if (!request->alert().empty()) {
      ASSIGN_OR_RETURN(alert_id, AlertIdOf(request->alert(), "alert"));
    }
    ASSIGN_OR_RETURN(ContingencyPlan plan,
                     domain_.plans->Activate(CallerOf(rpc), customer_id, scenario, alert_id, key));
    ToProto(plan, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::GetContingencyPlan(
    Context* ctx, const v1::GetContingencyPlanRequest* request, v1::ContingencyPlan* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, PlanIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(ContingencyPlan plan, domain_.plans->Get(id));
    ToProto(plan, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::ListContingencyPlans(
    Context* ctx, const v1::ListContingencyPlansRequest* request,
    v1::ListContingencyPlansResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    RETURN_IF_ERROR(CheckCustomerFilter(request->customer_id()));
    PlanFilter filter;
    filter.customer_id = request->customer_id();
    ASSIGN_OR_RETURN(filter.status, PlanStatusFromProto(request->status(), "status"));
    const std::string canonical =
        absl::StrCat("plans|", filter.customer_id, "|", static_cast<int>(filter.status));
    PageQuery page;
    RETURN_IF_ERROR(ResolvePage(canonical, request->page_token(), request->page_size(), page));
    ASSIGN_OR_RETURN(Page<ContingencyPlan> result, domain_.plans->List(filter, page));
    for (const ContingencyPlan& plan : result.items) {
      ToProto(plan, response->add_plans());
    }
    response->set_next_page_token(NextPageToken(canonical, std::move(result.next_key)));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RiskWarningService::CompleteContingencyStep(
    Context* ctx, const v1::CompleteContingencyStepRequest* request,
    v1::ContingencyPlan* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, PlanIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(int64_t revision, RevisionOf(request->etag()));
    ASSIGN_OR_RETURN(ContingencyPlan plan,
                     domain_.plans->CompleteStep(CallerOf(rpc), id, request->step_number(),
                                                 request->note(), revision));
    ToProto(plan, response);
    return absl::OkStatus();
  });
}

// ---- Portfolio ------------------------------------------------------------------------------

grpc::ServerUnaryReactor* RiskWarningService::GetPortfolioSummary(
    Context* ctx, const v1::GetPortfolioSummaryRequest* request, v1::PortfolioSummary* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    const std::string currency =
        request->currency_code().empty() ? "CNY" : request->currency_code();
    if (!IsCurrencyCode(currency)) {
      return InvalidField("currency_code", "must be three upper-case letters (ISO 4217)");
    }
    ASSIGN_OR_RETURN(PortfolioSummary summary, domain_.monitoring->Summary(currency));
    ToProto(summary, response);
    return absl::OkStatus();
  });
}

}  // namespace ccrm::risk
