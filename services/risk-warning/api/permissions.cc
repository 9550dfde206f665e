#include "services/risk-warning/api/permissions.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "common/auth/principal.h"

namespace ccrm::risk {
namespace {

std::string Method(const char* rpc) {
  return absl::StrCat("/", v1::RiskWarning::service_full_name(), "/", rpc);
}

}  // namespace

PermissionTable RiskWarningPermissions() {
  using namespace roles;  // NOLINT(build/namespaces): the role names read best unqualified here
  const std::vector<std::string> staff = {kRelationshipManager, kCreditAnalyst, kCreditApprover,
                                          kRiskOfficer,         kAuditor,       kAdmin};
  std::vector<std::string> readers = staff;
  readers.push_back(kService);
  // Exposures, observations and security are recorded by the loan administration side: the
  // managers who look after the customer, risk officers, and other services (loan systems
  // feeding repayments) under a service identity.
  const std::vector<std::string> recorders = {kRelationshipManager, kRiskOfficer, kAdmin, kService};
  // Rules change only by risk management.
  const std::vector<std::string> rule_owners = {kRiskOfficer, kAdmin};
  // Alerts are worked by managers (their own, checked in the domain) and risk officers.
  const std::vector<std::string> alert_workers = {kRelationshipManager, kRiskOfficer, kAdmin};

  PermissionTable table;
  table.Allow(Method("CreateExposure"), recorders)
      .Allow(Method("GetExposure"), readers)
      .Allow(Method("ListExposures"), readers)
      .Allow(Method("RecordObservation"), recorders)
      .Allow(Method("ListObservations"), readers)
      .Allow(Method("AddCollateral"), recorders)
      .Allow(Method("ReappraiseCollateral"), recorders)
      .Allow(Method("AddGuarantor"), recorders)
      .Allow(Method("GetCoverage"), readers)
      .Allow(Method("ListRules"), readers)
      .Allow(Method("GetRule"), readers)
      .Allow(Method("CreateRule"), rule_owners)
      .Allow(Method("UpdateRule"), rule_owners)
      .Allow(Method("ListRuleRevisions"), staff)
      .Allow(Method("GetAlert"), readers)
      .Allow(Method("ListAlerts"), readers)
      .Allow(Method("UpdateAlertStatus"), alert_workers)
      .Allow(Method("AssignAlert"), rule_owners)
      .Allow(Method("ListAlertHistory"), staff)
      .Allow(Method("WatchAlerts"), readers)
      .Allow(Method("EvaluateCustomer"), alert_workers)
      .Allow(Method("RunPortfolioScan"), rule_owners)
      .Allow(Method("GetObligorClassification"), readers)
      .Allow(Method("ListContingencyTemplates"), readers)
      .Allow(Method("ActivateContingencyPlan"), alert_workers)
      .Allow(Method("GetContingencyPlan"), readers)
      .Allow(Method("ListContingencyPlans"), readers)
      .Allow(Method("CompleteContingencyStep"), alert_workers)
      .Allow(Method("GetPortfolioSummary"), staff)
      .Allow(absl::StrCat("/", ccrm::common::v1::EventFeed::service_full_name(), "/StreamEvents"),
             {kService, kAdmin});
  return table;
}

}  // namespace ccrm::risk
