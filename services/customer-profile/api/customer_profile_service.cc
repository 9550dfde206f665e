#include "services/customer-profile/api/customer_profile_service.h"

#include <string>
#include <utility>
#include <vector>

#include "common/server/request_ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/api/proto_mapping.h"
#include "services/customer-profile/api/request_parsing.h"
#include "services/customer-profile/api/resource_names.h"

namespace ccrm::customer {

grpc::ServerUnaryReactor* CustomerProfileService::CreateCustomer(
    Context* ctx, const v1::CreateCustomerRequest* request, v1::Customer* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(Customer draft, FromProto(request->customer(), "customer"));
    ASSIGN_OR_RETURN(Customer created, domain_.customers->Create(CallerOf(rpc), draft, key));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::GetCustomer(Context* ctx,
                                                              const v1::GetCustomerRequest* request,
                                                              v1::Customer* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, ParseCustomerName(request->name(), "name"));
    ASSIGN_OR_RETURN(PersonalDataView view, ViewOf(request->view()));
    std::optional<absl::Time> as_of;
    if (request->has_as_of_time()) {
      as_of = FromProto(request->as_of_time());
    }
    ASSIGN_OR_RETURN(Customer customer, domain_.customers->Get(CallerOf(rpc), id, view, as_of));
    ToProto(customer, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::ListCustomers(
    Context* ctx, const v1::ListCustomersRequest* request, v1::ListCustomersResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    FieldViolations violations;
    if (!v1::Segment_IsValid(request->segment())) {
      violations.Add("segment", "is not a known segment");
    }
    if (!v1::Tier_IsValid(request->tier())) {
      violations.Add("tier", "is not a known tier");
    }
    if (!v1::LifecycleStage_IsValid(request->lifecycle_stage())) {
      violations.Add("lifecycle_stage", "is not a known stage");
    }
    RETURN_IF_ERROR(violations.ToStatus());
    CustomerQuery query;
    query.segment = FromProto(request->segment());
    query.tier = FromProto(request->tier());
    query.lifecycle_stage = FromProto(request->lifecycle_stage());
    query.industry_code_prefix = request->industry_code();
    query.relationship_manager_id = request->relationship_manager_id();
    query.name_prefix = request->name_prefix();
    query.legal_representative_id_number = request->legal_representative_id_number();
    query.include_archived = request->show_archived();
    ASSIGN_OR_RETURN(query.order, ParseOrderBy(request->order_by(), query.descending));
    ASSIGN_OR_RETURN(CustomerList list,
                     domain_.customers->List(CallerOf(rpc), std::move(query), request->page_token(),
                                             request->page_size()));
    for (const Customer& c : list.customers) {
      ToProto(c, response->add_customers());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::UpdateCustomer(
    Context* ctx, const v1::UpdateCustomerRequest* request, v1::Customer* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id,
                     ParseCustomerName(request->customer().name(), "customer.name"));
    ASSIGN_OR_RETURN(std::vector<std::string> paths,
                     PathsOf(request->update_mask(), request->has_update_mask()));
    ASSIGN_OR_RETURN(Customer patch, FromProto(request->customer(), "customer"));
    ASSIGN_OR_RETURN(Customer updated, domain_.customers->Update(CallerOf(rpc), id, patch, paths,
                                                                 request->customer().etag()));
    ToProto(updated, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::ArchiveCustomer(
    Context* ctx, const v1::ArchiveCustomerRequest* request, v1::Customer* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, ParseCustomerName(request->name(), "name"));
    ASSIGN_OR_RETURN(Customer c, domain_.customers->Archive(CallerOf(rpc), id, request->etag(),
                                                            request->reason()));
    ToProto(c, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::OverrideClassification(
    Context* ctx, const v1::OverrideClassificationRequest* request, v1::Customer* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, ParseCustomerName(request->name(), "name"));
    FieldViolations violations;
    if (!v1::Segment_IsValid(request->segment())) {
      violations.Add("segment", "is not a known segment");
    }
    if (!v1::Tier_IsValid(request->tier())) {
      violations.Add("tier", "is not a known tier");
    }
    RETURN_IF_ERROR(violations.ToStatus());
    ASSIGN_OR_RETURN(Customer c,
                     domain_.customers->OverrideClassification(
                         CallerOf(rpc), id, FromProto(request->segment()),
                         FromProto(request->tier()), request->reason(), request->etag()));
    ToProto(c, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::ClearClassificationOverride(
    Context* ctx, const v1::ClearClassificationOverrideRequest* request, v1::Customer* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, ParseCustomerName(request->name(), "name"));
    ASSIGN_OR_RETURN(Customer c, domain_.customers->ClearClassificationOverride(
                                     CallerOf(rpc), id, request->reason(), request->etag()));
    ToProto(c, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::TransitionLifecycle(
    Context* ctx, const v1::TransitionLifecycleRequest* request, v1::Customer* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, ParseCustomerName(request->name(), "name"));
    if (!v1::LifecycleStage_IsValid(request->to_stage())) {
      return InvalidField("to_stage", "is not a known stage");
    }
    ASSIGN_OR_RETURN(Customer c, domain_.customers->TransitionLifecycle(
                                     CallerOf(rpc), id, FromProto(request->to_stage()),
                                     request->reason(), request->etag()));
    ToProto(c, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::CreateContact(
    Context* ctx, const v1::CreateContactRequest* request, v1::Contact* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(request->parent(), "parent"));
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(Contact draft, FromProto(request->contact(), "contact"));
    draft.customer_id = customer_id;
    ASSIGN_OR_RETURN(Contact created, domain_.contacts->Create(CallerOf(rpc), draft, key));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::ListContacts(
    Context* ctx, const v1::ListContactsRequest* request, v1::ListContactsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(request->parent(), "parent"));
    ASSIGN_OR_RETURN(PersonalDataView view, ViewOf(request->view()));
    ASSIGN_OR_RETURN(ContactList list,
                     domain_.contacts->List(CallerOf(rpc), customer_id, view, request->page_token(),
                                            request->page_size()));
    for (const Contact& c : list.contacts) {
      ToProto(c, response->add_contacts());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::UpdateContact(
    Context* ctx, const v1::UpdateContactRequest* request, v1::Contact* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(ChildName name,
                     ParseChildName(request->contact().name(), "contacts", "contact.name"));
    ASSIGN_OR_RETURN(std::vector<std::string> paths,
                     PathsOf(request->update_mask(), request->has_update_mask()));
    ASSIGN_OR_RETURN(Contact patch, FromProto(request->contact(), "contact"));
    ASSIGN_OR_RETURN(Contact updated,
                     domain_.contacts->Update(CallerOf(rpc), name.customer_id, name.child_id, patch,
                                              paths, request->contact().etag()));
    ToProto(updated, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::DeleteContact(
    Context* ctx, const v1::DeleteContactRequest* request, v1::Contact* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(ChildName name, ParseChildName(request->name(), "contacts", "name"));
    ASSIGN_OR_RETURN(Contact deleted, domain_.contacts->Delete(CallerOf(rpc), name.customer_id,
                                                               name.child_id, request->etag()));
    ToProto(deleted, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::CreateRelatedParty(
    Context* ctx, const v1::CreateRelatedPartyRequest* request, v1::RelatedParty* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(request->parent(), "parent"));
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(RelatedParty draft, FromProto(request->related_party(), "related_party"));
    draft.customer_id = customer_id;
    ASSIGN_OR_RETURN(RelatedParty created,
                     domain_.related_parties->Create(CallerOf(rpc), draft, key));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::ListRelatedParties(
    Context* ctx, const v1::ListRelatedPartiesRequest* request,
    v1::ListRelatedPartiesResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(request->parent(), "parent"));
    ASSIGN_OR_RETURN(RelatedPartyList list,
                     domain_.related_parties->List(CallerOf(rpc), customer_id,
                                                   request->page_token(), request->page_size()));
    for (const RelatedParty& p : list.related_parties) {
      ToProto(p, response->add_related_parties());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::DeleteRelatedParty(
    Context* ctx, const v1::DeleteRelatedPartyRequest* request, v1::RelatedParty* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(ChildName name, ParseChildName(request->name(), "relatedParties", "name"));
    ASSIGN_OR_RETURN(RelatedParty deleted, domain_.related_parties->Delete(
                                               CallerOf(rpc), name.customer_id, name.child_id));
    ToProto(deleted, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::GetCustomerGroup(
    Context* ctx, const v1::GetCustomerGroupRequest* request, v1::CustomerGroup* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(request->name(), "name"));
    std::vector<RelationType> types;
    for (int type : request->relation_types()) {
      if (!v1::RelationType_IsValid(type)) {
        return InvalidField("relation_types", "holds an unknown relation type");
      }
      types.push_back(FromProto(static_cast<v1::RelationType>(type)));
    }
    ASSIGN_OR_RETURN(CustomerGroup group,
                     domain_.related_parties->Group(CallerOf(rpc), customer_id, std::move(types),
                                                    request->max_depth()));
    ToProto(group, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::CreateProject(
    Context* ctx, const v1::CreateProjectRequest* request, v1::Project* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(request->parent(), "parent"));
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(Project draft, FromProto(request->project(), "project"));
    draft.customer_id = customer_id;
    ASSIGN_OR_RETURN(Project created, domain_.projects->Create(CallerOf(rpc), draft, key));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::GetProject(Context* ctx,
                                                             const v1::GetProjectRequest* request,
                                                             v1::Project* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(ChildName name, ParseChildName(request->name(), "projects", "name"));
    ASSIGN_OR_RETURN(Project p,
                     domain_.projects->Get(CallerOf(rpc), name.customer_id, name.child_id));
    ToProto(p, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::ListProjects(
    Context* ctx, const v1::ListProjectsRequest* request, v1::ListProjectsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(request->parent(), "parent"));
    ASSIGN_OR_RETURN(ProjectList list,
                     domain_.projects->List(CallerOf(rpc), customer_id, request->page_token(),
                                            request->page_size()));
    for (const Project& p : list.projects) {
      ToProto(p, response->add_projects());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::UpdateProject(
    Context* ctx, const v1::UpdateProjectRequest* request, v1::Project* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(ChildName name,
                     ParseChildName(request->project().name(), "projects", "project.name"));
    ASSIGN_OR_RETURN(std::vector<std::string> paths,
                     PathsOf(request->update_mask(), request->has_update_mask()));
    ASSIGN_OR_RETURN(Project patch, FromProto(request->project(), "project"));
    ASSIGN_OR_RETURN(Project updated,
                     domain_.projects->Update(CallerOf(rpc), name.customer_id, name.child_id, patch,
                                              paths, request->project().etag()));
    ToProto(updated, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::SubmitFinancialStatement(
    Context* ctx, const v1::SubmitFinancialStatementRequest* request,
    v1::FinancialStatement* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(request->parent(), "parent"));
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(FinancialStatement draft, FromProto(request->statement(), "statement"));
    draft.customer_id = customer_id;
    ASSIGN_OR_RETURN(FinancialStatement submitted,
                     domain_.statements->Submit(CallerOf(rpc), draft, key));
    ToProto(submitted, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::GetFinancialStatement(
    Context* ctx, const v1::GetFinancialStatementRequest* request,
    v1::FinancialStatement* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(ChildName name,
                     ParseChildName(request->name(), "financialStatements", "name"));
    ASSIGN_OR_RETURN(FinancialStatement s,
                     domain_.statements->Get(CallerOf(rpc), name.customer_id, name.child_id));
    ToProto(s, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::ListFinancialStatements(
    Context* ctx, const v1::ListFinancialStatementsRequest* request,
    v1::ListFinancialStatementsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, ParseCustomerName(request->parent(), "parent"));
    if (!v1::PeriodType_IsValid(request->period_type())) {
      return InvalidField("period_type", "is not a known period type");
    }
    ASSIGN_OR_RETURN(
        StatementList list,
        domain_.statements->List(CallerOf(rpc), customer_id, FromProto(request->period_type()),
                                 request->page_token(), request->page_size()));
    for (const FinancialStatement& s : list.statements) {
      ToProto(s, response->add_statements());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CustomerProfileService::ListAuditRecords(
    Context* ctx, const v1::ListAuditRecordsRequest* request,
    v1::ListAuditRecordsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    AuditQuery query;
    query.customer_id = request->customer_id();
    query.actor = request->actor();
    query.action = request->action();
    if (request->has_start_time()) {
      query.start_time = FromProto(request->start_time());
    }
    if (request->has_end_time()) {
      query.end_time = FromProto(request->end_time());
    }
    ASSIGN_OR_RETURN(AuditList list,
                     domain_.customers->ListAudit(CallerOf(rpc), std::move(query),
                                                  request->page_token(), request->page_size()));
    for (const AuditRecord& r : list.records) {
      ToProto(r, response->add_audit_records());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

}  // namespace ccrm::customer
