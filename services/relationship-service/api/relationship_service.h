// gRPC handlers of ccrm.relationship.v1.RelationshipService (callback API). Each handler parses
// names, maps the request to domain values, calls the domain on the worker pool through
// UnaryRpcRunner (which has already enforced authentication and the permission table), and maps
// the result back. No business rules here.
//
// Example (main.cc):
//   RelationshipService service(&runner.unary_runner(), RelationshipDomain{&managers, ...});
//   runner.AddService(&service);
#pragma once

#include "ccrm/relationship/v1/relationship.grpc.pb.h"
#include "common/server/unary_rpc_runner.h"
#include "common/time/clock.h"
#include "services/relationship-service/domain/engagement_service.h"
#include "services/relationship-service/domain/interaction_service.h"
#include "services/relationship-service/domain/manager_service.h"
#include "services/relationship-service/domain/satisfaction_service.h"
#include "services/relationship-service/domain/service_request_service.h"
#include "services/relationship-service/domain/task_service.h"

namespace ccrm::relationship {

struct RelationshipDomain {
  ManagerService* managers = nullptr;
  InteractionService* interactions = nullptr;
  EngagementService* engagements = nullptr;
  ServiceRequestService* service_requests = nullptr;
  SatisfactionService* satisfaction = nullptr;
  TaskService* tasks = nullptr;
  // For the day engagement statuses are read on.
  const Clock* clock = nullptr;
};

class RelationshipService final : public v1::RelationshipService::CallbackService {
 public:
  RelationshipService(UnaryRpcRunner* runner, RelationshipDomain domain)
      : runner_(runner), domain_(domain) {}

  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  Reactor* CreateRelationshipManager(Context* ctx,
                                     const v1::CreateRelationshipManagerRequest* request,
                                     v1::RelationshipManager* response) override;
  Reactor* GetRelationshipManager(Context* ctx, const v1::GetRelationshipManagerRequest* request,
                                  v1::RelationshipManager* response) override;
  Reactor* ListRelationshipManagers(Context* ctx,
                                    const v1::ListRelationshipManagersRequest* request,
                                    v1::ListRelationshipManagersResponse* response) override;
  Reactor* AssignCustomer(Context* ctx, const v1::AssignCustomerRequest* request,
                          v1::Assignment* response) override;
  Reactor* ListAssignmentHistory(Context* ctx, const v1::ListAssignmentHistoryRequest* request,
                                 v1::ListAssignmentHistoryResponse* response) override;
  Reactor* ListPortfolio(Context* ctx, const v1::ListPortfolioRequest* request,
                         v1::ListPortfolioResponse* response) override;
  Reactor* LogInteraction(Context* ctx, const v1::LogInteractionRequest* request,
                          v1::Interaction* response) override;
  Reactor* ListInteractions(Context* ctx, const v1::ListInteractionsRequest* request,
                            v1::ListInteractionsResponse* response) override;
  Reactor* ListEngagementTemplates(Context* ctx, const v1::ListEngagementTemplatesRequest* request,
                                   v1::ListEngagementTemplatesResponse* response) override;
  Reactor* GenerateEngagementPlan(Context* ctx, const v1::GenerateEngagementPlanRequest* request,
                                  v1::EngagementPlan* response) override;
  Reactor* ListEngagements(Context* ctx, const v1::ListEngagementsRequest* request,
                           v1::ListEngagementsResponse* response) override;
  Reactor* CreateServiceRequest(Context* ctx, const v1::CreateServiceRequestRequest* request,
                                v1::ServiceRequest* response) override;
  Reactor* GetServiceRequest(Context* ctx, const v1::GetServiceRequestRequest* request,
                             v1::ServiceRequest* response) override;
  Reactor* ListServiceRequests(Context* ctx, const v1::ListServiceRequestsRequest* request,
                               v1::ListServiceRequestsResponse* response) override;
  Reactor* UpdateServiceRequestStatus(Context* ctx,
                                      const v1::UpdateServiceRequestStatusRequest* request,
                                      v1::ServiceRequest* response) override;
  Reactor* ListServiceRequestChanges(Context* ctx,
                                     const v1::ListServiceRequestChangesRequest* request,
                                     v1::ListServiceRequestChangesResponse* response) override;
  Reactor* RecordSurvey(Context* ctx, const v1::RecordSurveyRequest* request,
                        v1::SatisfactionSurvey* response) override;
  Reactor* GetSatisfactionTrend(Context* ctx, const v1::GetSatisfactionTrendRequest* request,
                                v1::SatisfactionTrend* response) override;
  Reactor* RecordContribution(Context* ctx, const v1::RecordContributionRequest* request,
                              v1::Contribution* response) override;
  Reactor* GetCustomerValue(Context* ctx, const v1::GetCustomerValueRequest* request,
                            v1::CustomerValue* response) override;
  Reactor* ListTasks(Context* ctx, const v1::ListTasksRequest* request,
                     v1::ListTasksResponse* response) override;
  Reactor* CompleteTask(Context* ctx, const v1::CompleteTaskRequest* request,
                        v1::FollowUpTask* response) override;

 private:
  absl::CivilDay Today() const;

  UnaryRpcRunner* runner_;
  RelationshipDomain domain_;
};

}  // namespace ccrm::relationship
