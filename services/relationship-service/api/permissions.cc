#include "services/relationship-service/api/permissions.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "ccrm/relationship/v1/relationship.grpc.pb.h"
#include "common/auth/principal.h"

namespace ccrm::relationship {
namespace {

std::string Method(const char* rpc) {
  return absl::StrCat("/", v1::RelationshipService::service_full_name(), "/", rpc);
}

}  // namespace

PermissionTable RelationshipPermissions() {
  using namespace roles;  // NOLINT(build/namespaces): the role names read best unqualified here
  const std::vector<std::string> staff = {kRelationshipManager, kCreditAnalyst, kCreditApprover,
                                          kRiskOfficer,         kAuditor,       kAdmin};
  std::vector<std::string> readers = staff;
  readers.push_back(kService);
  // The people who look after customers write the relationship record; risk officers log their
  // own visits and inspections too.
  const std::vector<std::string> front_office = {kRelationshipManager, kRiskOfficer, kAdmin};
  // Who manages the managers and who looks after whom: branch management (admin) only.
  const std::vector<std::string> managers_admin = {kAdmin};

  PermissionTable table;
  table.Allow(Method("CreateRelationshipManager"), managers_admin)
      .Allow(Method("GetRelationshipManager"), readers)
      .Allow(Method("ListRelationshipManagers"), readers)
      .Allow(Method("AssignCustomer"), managers_admin)
      .Allow(Method("ListAssignmentHistory"), readers)
      .Allow(Method("ListPortfolio"), readers)
      .Allow(Method("LogInteraction"), front_office)
      // Confidential interactions are redacted in the domain for callers who may not see them.
      .Allow(Method("ListInteractions"), staff)
      .Allow(Method("ListEngagementTemplates"), readers)
      .Allow(Method("GenerateEngagementPlan"), front_office)
      .Allow(Method("ListEngagements"), staff)
      .Allow(Method("CreateServiceRequest"), front_office)
      .Allow(Method("GetServiceRequest"), readers)
      .Allow(Method("ListServiceRequests"), readers)
      .Allow(Method("UpdateServiceRequestStatus"), front_office)
      .Allow(Method("ListServiceRequestChanges"), staff)
      .Allow(Method("RecordSurvey"), front_office)
      .Allow(Method("GetSatisfactionTrend"), staff)
      .Allow(Method("RecordContribution"), front_office)
      .Allow(Method("GetCustomerValue"), staff)
      .Allow(Method("ListTasks"), staff)
      // The domain also checks the task is the caller's own (or a risk officer's / admin's).
      .Allow(Method("CompleteTask"), front_office)
      .Allow(absl::StrCat("/", ccrm::common::v1::EventFeed::service_full_name(), "/StreamEvents"),
             {kService, kAdmin});
  return table;
}

}  // namespace ccrm::relationship
