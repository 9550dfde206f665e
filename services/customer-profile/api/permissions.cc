#include "services/customer-profile/api/permissions.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/auth/principal.h"

namespace ccrm::customer {
namespace {

std::string Method(const char* rpc) {
  return absl::StrCat("/", v1::CustomerProfile::service_full_name(), "/", rpc);
}

}  // namespace

PermissionTable CustomerProfilePermissions() {
  using namespace roles;  // NOLINT(build/namespaces): the role names read best unqualified here
  const std::vector<std::string> staff_readers = {
      kRelationshipManager, kCreditAnalyst, kCreditApprover, kRiskOfficer, kAuditor, kAdmin};
  std::vector<std::string> readers = staff_readers;
  readers.push_back(kService);
  const std::vector<std::string> maintainers = {kRelationshipManager, kAdmin};

  PermissionTable table;
  table.Allow(Method("CreateCustomer"), maintainers)
      .Allow(Method("GetCustomer"), readers)
      .Allow(Method("ListCustomers"), readers)
      .Allow(Method("UpdateCustomer"), maintainers)
      .Allow(Method("ArchiveCustomer"), maintainers)
      // Moving a customer between segments/tiers changes its service level and pricing: not for
      // the customer's own manager alone.
      .Allow(Method("OverrideClassification"), {kCreditApprover, kRiskOfficer, kAdmin})
      .Allow(Method("ClearClassificationOverride"), {kCreditApprover, kRiskOfficer, kAdmin})
      .Allow(Method("TransitionLifecycle"), {kRelationshipManager, kRiskOfficer, kAdmin})
      .Allow(Method("CreateContact"), maintainers)
      .Allow(Method("ListContacts"), staff_readers)
      .Allow(Method("UpdateContact"), maintainers)
      .Allow(Method("DeleteContact"), maintainers)
      .Allow(Method("CreateRelatedParty"), {kRelationshipManager, kCreditAnalyst, kAdmin})
      .Allow(Method("ListRelatedParties"), readers)
      .Allow(Method("DeleteRelatedParty"), {kRelationshipManager, kCreditAnalyst, kAdmin})
      .Allow(Method("GetCustomerGroup"), readers)
      .Allow(Method("CreateProject"), maintainers)
      .Allow(Method("GetProject"), readers)
      .Allow(Method("ListProjects"), readers)
      .Allow(Method("UpdateProject"), maintainers)
      .Allow(Method("SubmitFinancialStatement"), {kRelationshipManager, kCreditAnalyst, kAdmin})
      .Allow(Method("GetFinancialStatement"), readers)
      .Allow(Method("ListFinancialStatements"), readers)
      .Allow(Method("ListAuditRecords"), {kAuditor, kAdmin})
      .Allow(absl::StrCat("/", ccrm::common::v1::EventFeed::service_full_name(), "/StreamEvents"),
             {kService, kAdmin});
  return table;
}

}  // namespace ccrm::customer
