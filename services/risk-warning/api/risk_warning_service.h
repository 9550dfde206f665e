// gRPC handlers of ccrm.risk.v1.RiskWarning (callback API). Each handler parses names and page
// tokens, maps the request to domain values, calls the domain on the worker pool through
// UnaryRpcRunner (which has already enforced authentication and the permission table), and maps
// the result back. WatchAlerts streams alert changes from the outbox (alert_watch.h). No business
// rules here.
//
// Example (main.cc):
//   RiskWarningService service(&runner.unary_runner(), RiskDomain{&exposures, ...}, watch);
//   runner.AddService(&service);
#pragma once

#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "common/server/unary_rpc_runner.h"
#include "common/time/clock.h"
#include "services/risk-warning/api/alert_watch.h"
#include "services/risk-warning/domain/alert_service.h"
#include "services/risk-warning/domain/contingency_service.h"
#include "services/risk-warning/domain/exposure_service.h"
#include "services/risk-warning/domain/monitoring_service.h"
#include "services/risk-warning/domain/rule_service.h"

namespace ccrm::risk {

struct RiskDomain {
  ExposureService* exposures = nullptr;
  RuleService* rules = nullptr;
  AlertService* alerts = nullptr;
  MonitoringService* monitoring = nullptr;
  ContingencyService* plans = nullptr;
  // For the day appraisal staleness is judged on.
  const Clock* clock = nullptr;
  // Batch size of a portfolio scan started over the API.
  int scan_batch = 500;
};

class RiskWarningService final : public v1::RiskWarning::CallbackService {
 public:
  RiskWarningService(UnaryRpcRunner* runner, RiskDomain domain, AlertWatch* watch)
      : runner_(runner), domain_(domain), watch_(watch) {}

  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  Reactor* CreateExposure(Context* ctx, const v1::CreateExposureRequest* request,
                          v1::Exposure* response) override;
  Reactor* GetExposure(Context* ctx, const v1::GetExposureRequest* request,
                       v1::Exposure* response) override;
  Reactor* ListExposures(Context* ctx, const v1::ListExposuresRequest* request,
                         v1::ListExposuresResponse* response) override;
  Reactor* RecordObservation(Context* ctx, const v1::RecordObservationRequest* request,
                             v1::RecordObservationResponse* response) override;
  Reactor* ListObservations(Context* ctx, const v1::ListObservationsRequest* request,
                            v1::ListObservationsResponse* response) override;
  Reactor* AddCollateral(Context* ctx, const v1::AddCollateralRequest* request,
                         v1::Collateral* response) override;
  Reactor* ReappraiseCollateral(Context* ctx, const v1::ReappraiseCollateralRequest* request,
                                v1::Collateral* response) override;
  Reactor* AddGuarantor(Context* ctx, const v1::AddGuarantorRequest* request,
                        v1::Guarantor* response) override;
  Reactor* GetCoverage(Context* ctx, const v1::GetCoverageRequest* request,
                       v1::Coverage* response) override;
  Reactor* ListRules(Context* ctx, const v1::ListRulesRequest* request,
                     v1::ListRulesResponse* response) override;
  Reactor* GetRule(Context* ctx, const v1::GetRuleRequest* request, v1::Rule* response) override;
  Reactor* CreateRule(Context* ctx, const v1::CreateRuleRequest* request,
                      v1::Rule* response) override;
  Reactor* UpdateRule(Context* ctx, const v1::UpdateRuleRequest* request,
                      v1::Rule* response) override;
  Reactor* ListRuleRevisions(Context* ctx, const v1::ListRuleRevisionsRequest* request,
                             v1::ListRuleRevisionsResponse* response) override;
  Reactor* GetAlert(Context* ctx, const v1::GetAlertRequest* request, v1::Alert* response) override;
  Reactor* ListAlerts(Context* ctx, const v1::ListAlertsRequest* request,
                      v1::ListAlertsResponse* response) override;
  Reactor* UpdateAlertStatus(Context* ctx, const v1::UpdateAlertStatusRequest* request,
                             v1::Alert* response) override;
  Reactor* AssignAlert(Context* ctx, const v1::AssignAlertRequest* request,
                       v1::Alert* response) override;
  Reactor* ListAlertHistory(Context* ctx, const v1::ListAlertHistoryRequest* request,
                            v1::ListAlertHistoryResponse* response) override;
  grpc::ServerWriteReactor<v1::AlertUpdate>* WatchAlerts(
      Context* ctx, const v1::WatchAlertsRequest* request) override;
  Reactor* EvaluateCustomer(Context* ctx, const v1::EvaluateCustomerRequest* request,
                            v1::EvaluationOutcome* response) override;
  Reactor* RunPortfolioScan(Context* ctx, const v1::RunPortfolioScanRequest* request,
                            v1::PortfolioScanResult* response) override;
  Reactor* GetObligorClassification(Context* ctx,
                                    const v1::GetObligorClassificationRequest* request,
                                    v1::ObligorClassification* response) override;
  Reactor* ListContingencyTemplates(Context* ctx,
                                    const v1::ListContingencyTemplatesRequest* request,
                                    v1::ListContingencyTemplatesResponse* response) override;
  Reactor* ActivateContingencyPlan(Context* ctx, const v1::ActivateContingencyPlanRequest* request,
                                   v1::ContingencyPlan* response) override;
  Reactor* GetContingencyPlan(Context* ctx, const v1::GetContingencyPlanRequest* request,
                              v1::ContingencyPlan* response) override;
  Reactor* ListContingencyPlans(Context* ctx, const v1::ListContingencyPlansRequest* request,
                                v1::ListContingencyPlansResponse* response) override;
  Reactor* CompleteContingencyStep(Context* ctx, const v1::CompleteContingencyStepRequest* request,
                                   v1::ContingencyPlan* response) override;
  Reactor* GetPortfolioSummary(Context* ctx, const v1::GetPortfolioSummaryRequest* request,
                               v1::PortfolioSummary* response) override;

 private:
  absl::CivilDay Today() const;

  UnaryRpcRunner* runner_;
  RiskDomain domain_;
  AlertWatch* watch_;
};

}  // namespace ccrm::risk
