#include "services/relationship-service/api/relationship_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "common/server/request_ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/wire/money_time_mapping.h"
#include "services/relationship-service/api/proto_mapping.h"
#include "services/relationship-service/api/request_parsing.h"

namespace ccrm::relationship {

absl::CivilDay RelationshipService::Today() const {
  return absl::ToCivilDay(domain_.clock->Now(), absl::UTCTimeZone());
}

grpc::ServerUnaryReactor* RelationshipService::CreateRelationshipManager(
    Context* ctx, const v1::CreateRelationshipManagerRequest* request,
    v1::RelationshipManager* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(RelationshipManager draft, FromProto(request->manager(), "manager"));
    ASSIGN_OR_RETURN(RelationshipManager created,
                     domain_.managers->Create(CallerOf(rpc), std::move(draft), key));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::GetRelationshipManager(
    Context* ctx, const v1::GetRelationshipManagerRequest* request,
    v1::RelationshipManager* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, ManagerIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(RelationshipManager manager, domain_.managers->Get(id));
    ToProto(manager, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::ListRelationshipManagers(
    Context* ctx, const v1::ListRelationshipManagersRequest* request,
    v1::ListRelationshipManagersResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(ManagerList list,
                     domain_.managers->List(request->branch(), request->include_inactive(),
                                            request->page_token(), request->page_size()));
    for (const RelationshipManager& m : list.managers) {
      ToProto(m, response->add_managers());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::AssignCustomer(
    Context* ctx, const v1::AssignCustomerRequest* request, v1::Assignment* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->customer(), "customer"));
    ASSIGN_OR_RETURN(Assignment assignment,
                     domain_.managers->Assign(CallerOf(rpc), customer_id, request->manager_id(),
                                              request->dedicated(), request->reason()));
    ToProto(assignment, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::ListAssignmentHistory(
    Context* ctx, const v1::ListAssignmentHistoryRequest* request,
    v1::ListAssignmentHistoryResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->customer(), "customer"));
    ASSIGN_OR_RETURN(
        AssignmentList list,
        domain_.managers->History(customer_id, request->page_token(), request->page_size()));
    for (const Assignment& a : list.assignments) {
      ToProto(a, response->add_assignments());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::ListPortfolio(
    Context* ctx, const v1::ListPortfolioRequest* request, v1::ListPortfolioResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string manager_id, ManagerIdOf(request->manager(), "manager"));
    ASSIGN_OR_RETURN(
        AssignmentList list,
        domain_.managers->Portfolio(manager_id, request->page_token(), request->page_size()));
    for (const Assignment& a : list.assignments) {
      ToProto(a, response->add_assignments());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::LogInteraction(
    Context* ctx, const v1::LogInteractionRequest* request, v1::Interaction* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->parent(), "parent"));
    ASSIGN_OR_RETURN(Interaction draft,
                     FromProto(request->interaction(), customer_id, "interaction"));
    ASSIGN_OR_RETURN(Interaction logged,
                     domain_.interactions->Log(CallerOf(rpc), customer_id, std::move(draft), key));
    ToProto(logged, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::ListInteractions(
    Context* ctx, const v1::ListInteractionsRequest* request,
    v1::ListInteractionsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->parent(), "parent"));
    ASSIGN_OR_RETURN(InteractionKind kind, FromProto(request->kind(), "kind"));
    ASSIGN_OR_RETURN(InteractionList list,
                     domain_.interactions->List(CallerOf(rpc), customer_id, kind,
                                                request->page_token(), request->page_size()));
    for (const Interaction& i : list.interactions) {
      ToProto(i, response->add_interactions());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::ListEngagementTemplates(
    Context* ctx, const v1::ListEngagementTemplatesRequest*,
    v1::ListEngagementTemplatesResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    for (const EngagementTemplate& t : domain_.engagements->Templates()) {
      ToProto(t, response->add_templates());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::GenerateEngagementPlan(
    Context* ctx, const v1::GenerateEngagementPlanRequest* request, v1::EngagementPlan* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->customer(), "customer"));
    ASSIGN_OR_RETURN(
        EngagementPlan plan,
        domain_.engagements->Generate(CallerOf(rpc), customer_id, request->horizon_months(), key));
    response->set_customer_id(plan.customer_id);
    response->set_template_id(plan.template_id);
    const absl::CivilDay today = Today();
    for (const Engagement& e : plan.engagements) {
      ToProto(e, today, response->add_engagements());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::ListEngagements(
    Context* ctx, const v1::ListEngagementsRequest* request,
    v1::ListEngagementsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    FieldViolations violations;
    std::string customer_id;
    if (!request->customer().empty()) {
      absl::StatusOr<std::string> id = CustomerIdOf(request->customer(), "customer");
      violations.Merge(id.status());
      customer_id = id.value_or("");
    }
    if (!request->manager_id().empty() && !IsStaffId(request->manager_id())) {
      violations.Add("manager_id", "must be a staff id: 1-64 of [a-z0-9._-]");
    }
    absl::StatusOr<EngagementStatus> status = FromProto(request->status(), "status");
    violations.Merge(status.status());
    std::optional<absl::CivilDay> due_before;
    if (request->has_due_before()) {
      due_before = DateFromProto(request->due_before(), "due_before", violations);
    }
    RETURN_IF_ERROR(violations.ToStatus());
    ASSIGN_OR_RETURN(
        EngagementList list,
        domain_.engagements->List(customer_id, request->manager_id(), *status, due_before,
                                  request->page_token(), request->page_size()));
    const absl::CivilDay today = Today();
    for (const Engagement& e : list.engagements) {
      ToProto(e, today, response->add_engagements());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::CreateServiceRequest(
    Context* ctx, const v1::CreateServiceRequestRequest* request, v1::ServiceRequest* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->parent(), "parent"));
    ASSIGN_OR_RETURN(ServiceRequest draft,
                     FromProto(request->service_request(), "service_request"));
    ASSIGN_OR_RETURN(
        ServiceRequest created,
        domain_.service_requests->Create(CallerOf(rpc), customer_id, std::move(draft), key));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::GetServiceRequest(
    Context* ctx, const v1::GetServiceRequestRequest* request, v1::ServiceRequest* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, ServiceRequestIdsOf(request->name()));
    ASSIGN_OR_RETURN(ServiceRequest found, domain_.service_requests->Get(ids[0], ids[1]));
    ToProto(found, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::ListServiceRequests(
    Context* ctx, const v1::ListServiceRequestsRequest* request,
    v1::ListServiceRequestsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    FieldViolations violations;
    ServiceRequestFilter filter;
    if (!request->customer().empty()) {
      absl::StatusOr<std::string> id = CustomerIdOf(request->customer(), "customer");
      violations.Merge(id.status());
      filter.customer_id = id.value_or("");
    }
    if (!request->assignee_manager_id().empty() && !IsStaffId(request->assignee_manager_id())) {
      violations.Add("assignee_manager_id", "must be a staff id: 1-64 of [a-z0-9._-]");
    }
    filter.assignee_manager_id = request->assignee_manager_id();
    absl::StatusOr<ServiceRequestStatus> status = FromProto(request->status(), "status");
    violations.Merge(status.status());
    absl::StatusOr<ServiceRequestType> type = FromProto(request->type(), "type");
    violations.Merge(type.status());
    RETURN_IF_ERROR(violations.ToStatus());
    filter.status = *status;
    filter.type = *type;
    filter.breached_only = request->breached_only();
    ASSIGN_OR_RETURN(ServiceRequestList list,
                     domain_.service_requests->List(std::move(filter), request->page_token(),
                                                    request->page_size()));
    for (const ServiceRequest& r : list.service_requests) {
      ToProto(r, response->add_service_requests());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::UpdateServiceRequestStatus(
    Context* ctx, const v1::UpdateServiceRequestStatusRequest* request,
    v1::ServiceRequest* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, ServiceRequestIdsOf(request->name()));
    ASSIGN_OR_RETURN(ServiceRequestStatus to, FromProto(request->status(), "status"));
    ASSIGN_OR_RETURN(ServiceRequest updated,
                     domain_.service_requests->UpdateStatus(CallerOf(rpc), ids[0], ids[1], to,
                                                            request->note(), request->etag()));
    ToProto(updated, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::ListServiceRequestChanges(
    Context* ctx, const v1::ListServiceRequestChangesRequest* request,
    v1::ListServiceRequestChangesResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, ServiceRequestIdsOf(request->name()));
    ASSIGN_OR_RETURN(std::vector<ServiceRequestChange> changes,
                     domain_.service_requests->Changes(ids[0], ids[1]));
    for (const ServiceRequestChange& c : changes) {
      ToProto(c, response->add_changes());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::RecordSurvey(Context* ctx,
                                                            const v1::RecordSurveyRequest* request,
                                                            v1::SatisfactionSurvey* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->parent(), "parent"));
    ASSIGN_OR_RETURN(Survey draft, FromProto(request->survey(), "survey"));
    ASSIGN_OR_RETURN(Survey recorded, domain_.satisfaction->RecordSurvey(CallerOf(rpc), customer_id,
                                                                         std::move(draft), key));
    ToProto(recorded, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::GetSatisfactionTrend(
    Context* ctx, const v1::GetSatisfactionTrendRequest* request, v1::SatisfactionTrend* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    SurveySubject subject = SurveySubject::kCustomer;
    std::string id;
    if (absl::StartsWith(request->subject(), kManagerNamePrefix)) {
      subject = SurveySubject::kManager;
      ASSIGN_OR_RETURN(id, ManagerIdOf(request->subject(), "subject"));
    } else {
      ASSIGN_OR_RETURN(id, CustomerIdOf(request->subject(), "subject"));
    }
    ASSIGN_OR_RETURN(SatisfactionTrend trend,
                     domain_.satisfaction->Trend(subject, id, request->quarters()));
    response->set_subject(request->subject());
    for (const SatisfactionPoint& p : trend.points) {
      ToProto(p, response->add_points());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::RecordContribution(
    Context* ctx, const v1::RecordContributionRequest* request, v1::Contribution* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->parent(), "parent"));
    ASSIGN_OR_RETURN(Contribution draft, FromProto(request->contribution(), "contribution"));
    ASSIGN_OR_RETURN(Contribution recorded, domain_.satisfaction->RecordContribution(
                                                CallerOf(rpc), customer_id, std::move(draft), key));
    ToProto(recorded, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::GetCustomerValue(
    Context* ctx, const v1::GetCustomerValueRequest* request, v1::CustomerValue* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->customer(), "customer"));
    ASSIGN_OR_RETURN(CustomerValue value, domain_.satisfaction->Value(CallerOf(rpc), customer_id));
    ToProto(value, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::ListTasks(Context* ctx,
                                                         const v1::ListTasksRequest* request,
                                                         v1::ListTasksResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string manager_id, ManagerIdOf(request->parent(), "parent"));
    ASSIGN_OR_RETURN(TaskStatus status, FromProto(request->status(), "status"));
    ASSIGN_OR_RETURN(TaskList list, domain_.tasks->List(manager_id, status, request->page_token(),
                                                        request->page_size()));
    for (const FollowUpTask& t : list.tasks) {
      ToProto(t, response->add_tasks());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RelationshipService::CompleteTask(Context* ctx,
                                                            const v1::CompleteTaskRequest* request,
                                                            v1::FollowUpTask* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(auto ids, TaskIdsOf(request->name()));
    ASSIGN_OR_RETURN(FollowUpTask done,
                     domain_.tasks->Complete(CallerOf(rpc), ids.first, ids.second, request->etag(),
                                             request->note()));
    ToProto(done, response);
    return absl::OkStatus();
  });
}

}  // namespace ccrm::relationship
