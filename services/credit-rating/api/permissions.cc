#include "services/credit-rating/api/permissions.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "ccrm/rating/v1/credit_rating.grpc.pb.h"
#include "common/auth/principal.h"

namespace ccrm::rating {
namespace {

std::string Method(const char* rpc) {
  return absl::StrCat("/", v1::CreditRating::service_full_name(), "/", rpc);
}

}  // namespace

PermissionTable CreditRatingPermissions() {
  using namespace roles;  // NOLINT(build/namespaces): the role names read best unqualified here
  const std::vector<std::string> staff = {kRelationshipManager, kCreditAnalyst, kCreditApprover,
                                          kRiskOfficer,         kAuditor,       kAdmin};
  std::vector<std::string> readers = staff;
  readers.push_back(kService);
  // 评级发起: the customer's manager or a credit analyst drafts a rating; an approver decides.
  const std::vector<std::string> makers = {kRelationshipManager, kCreditAnalyst};
  // Model governance and portfolio-wide jobs belong to credit risk management.
  const std::vector<std::string> model_owners = {kRiskOfficer, kAdmin};
  const std::vector<std::string> analytics = {kRelationshipManager, kCreditAnalyst, kCreditApprover,
                                              kRiskOfficer,         kAdmin,         kService};

  PermissionTable table;
  table.Allow(Method("ComputeFinancialRatios"), readers)
      .Allow(Method("CreateScorecardModel"), model_owners)
      .Allow(Method("GetScorecardModel"), readers)
      .Allow(Method("ListScorecardModels"), readers)
      .Allow(Method("ActivateScorecardModel"), model_owners)
      .Allow(Method("RateCustomer"), makers)
      .Allow(Method("GetRating"), readers)
      .Allow(Method("ListRatings"), readers)
      .Allow(Method("GetLatestApprovedRating"), readers)
      // Only approvers: the domain also refuses the rating's own maker.
      .Allow(Method("ApproveRating"), {kCreditApprover})
      .Allow(Method("RejectRating"), {kCreditApprover})
      .Allow(Method("ListRatingsDueForReview"), staff)
      .Allow(Method("CalculateMerton"), analytics)
      .Allow(Method("CalculateAltmanZ"), analytics)
      .Allow(Method("RecommendPricing"), analytics)
      .Allow(Method("StartPortfolioRerating"), model_owners)
      .Allow(Method("GetReratingJob"), staff)
      .Allow(Method("ListReratingJobs"), staff)
      .Allow(Method("CancelReratingJob"), model_owners)
      .Allow(absl::StrCat("/", ccrm::common::v1::EventFeed::service_full_name(), "/StreamEvents"),
             {kService, kAdmin});
  return table;
}

}  // namespace ccrm::rating
