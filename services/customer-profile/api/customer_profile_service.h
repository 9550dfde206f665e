// gRPC handlers of ccrm.customer.v1.CustomerProfile (callback API). Each handler parses names,
// maps the request to domain values, calls the domain service on the worker pool through
// UnaryRpcRunner (which has already enforced authentication and permissions), and maps the
// result back. No business rules here.
//
// Example (main.cc):
//   CustomerProfileService service(&runner.unary_runner(), domain);
//   runner.AddService(&service);
#pragma once

#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/server/unary_rpc_runner.h"
#include "services/customer-profile/domain/contact_service.h"
#include "services/customer-profile/domain/customer_service.h"
#include "services/customer-profile/domain/project_service.h"
#include "services/customer-profile/domain/related_party_service.h"
#include "services/customer-profile/domain/statement_service.h"

namespace ccrm::customer {

// The domain services the handlers call.
struct CustomerProfileDomain {
  CustomerService* customers = nullptr;
  ContactService* contacts = nullptr;
  RelatedPartyService* related_parties = nullptr;
  ProjectService* projects = nullptr;
  StatementService* statements = nullptr;
};

class CustomerProfileService final : public v1::CustomerProfile::CallbackService {
 public:
  CustomerProfileService(UnaryRpcRunner* runner, CustomerProfileDomain domain)
      : runner_(runner), domain_(domain) {}

  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  Reactor* CreateCustomer(Context* ctx, const v1::CreateCustomerRequest* request,
                          v1::Customer* response) override;
  Reactor* GetCustomer(Context* ctx, const v1::GetCustomerRequest* request,
                       v1::Customer* response) override;
  Reactor* ListCustomers(Context* ctx, const v1::ListCustomersRequest* request,
                         v1::ListCustomersResponse* response) override;
  Reactor* UpdateCustomer(Context* ctx, const v1::UpdateCustomerRequest* request,
                          v1::Customer* response) override;
  Reactor* ArchiveCustomer(Context* ctx, const v1::ArchiveCustomerRequest* request,
                           v1::Customer* response) override;
  Reactor* OverrideClassification(Context* ctx, const v1::OverrideClassificationRequest* request,
                                  v1::Customer* response) override;
  Reactor* ClearClassificationOverride(Context* ctx,
                                       const v1::ClearClassificationOverrideRequest* request,
                                       v1::Customer* response) override;
  Reactor* TransitionLifecycle(Context* ctx, const v1::TransitionLifecycleRequest* request,
                               v1::Customer* response) override;

  Reactor* CreateContact(Context* ctx, const v1::CreateContactRequest* request,
                         v1::Contact* response) override;
  Reactor* ListContacts(Context* ctx, const v1::ListContactsRequest* request,
                        v1::ListContactsResponse* response) override;
  Reactor* UpdateContact(Context* ctx, const v1::UpdateContactRequest* request,
                         v1::Contact* response) override;
  Reactor* DeleteContact(Context* ctx, const v1::DeleteContactRequest* request,
                         v1::Contact* response) override;

  Reactor* CreateRelatedParty(Context* ctx, const v1::CreateRelatedPartyRequest* request,
                              v1::RelatedParty* response) override;
  Reactor* ListRelatedParties(Context* ctx, const v1::ListRelatedPartiesRequest* request,
                              v1::ListRelatedPartiesResponse* response) override;
  Reactor* DeleteRelatedParty(Context* ctx, const v1::DeleteRelatedPartyRequest* request,
                              v1::RelatedParty* response) override;
  Reactor* GetCustomerGroup(Context* ctx, const v1::GetCustomerGroupRequest* request,
                            v1::CustomerGroup* response) override;

  Reactor* CreateProject(Context* ctx, const v1::CreateProjectRequest* request,
                         v1::Project* response) override;
  Reactor* GetProject(Context* ctx, const v1::GetProjectRequest* request,
                      v1::Project* response) override;
  Reactor* ListProjects(Context* ctx, const v1::ListProjectsRequest* request,
                        v1::ListProjectsResponse* response) override;
  Reactor* UpdateProject(Context* ctx, const v1::UpdateProjectRequest* request,
                         v1::Project* response) override;

  Reactor* SubmitFinancialStatement(Context* ctx,
                                    const v1::SubmitFinancialStatementRequest* request,
                                    v1::FinancialStatement* response) override;
  Reactor* GetFinancialStatement(Context* ctx, const v1::GetFinancialStatementRequest* request,
                                 v1::FinancialStatement* response) override;
  Reactor* ListFinancialStatements(Context* ctx, const v1::ListFinancialStatementsRequest* request,
                                   v1::ListFinancialStatementsResponse* response) override;

  Reactor* ListAuditRecords(Context* ctx, const v1::ListAuditRecordsRequest* request,
                            v1::ListAuditRecordsResponse* response) override;

 private:
  UnaryRpcRunner* runner_;
  CustomerProfileDomain domain_;
};

}  // namespace ccrm::customer
