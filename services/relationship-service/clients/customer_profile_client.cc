#include "services/relationship-service/clients/customer_profile_client.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/server/peer_call.h"
#include "common/status/status_macros.h"

namespace ccrm::relationship {
namespace {

namespace v1 = ::ccrm::customer::v1;

constexpr char kPeer[] = "customer-profile";
// Related parties per page (customer-profile caps it at its own maximum).
constexpr int kRelatedPartiesPageSize = 500;
// A stop for a peer that keeps handing out page tokens: 200 pages of 500 parties.
constexpr int kMaxRelatedPartyPages = 200;

Segment SegmentOf(v1::Segment segment) {
  switch (segment) {
    case v1::SEGMENT_KEY:
      return Segment::kKey;
    case v1::SEGMENT_SME:
      return Segment::kSme;
    case v1::SEGMENT_FIRST_TIME_BORROWER:
      return Segment::kFirstTimeBorrower;
    default:
      return Segment::kUnspecified;
  }
}

}  // namespace

CustomerSummary ToCustomerSummary(const v1::Customer& customer) {
  CustomerSummary summary;
  summary.customer_id = customer.customer_id();
  summary.legal_name = customer.legal_name();
  summary.segment = SegmentOf(customer.segment());
  summary.tier = static_cast<int>(customer.tier());
  summary.industry_code = customer.industry_code();
  summary.employee_count = customer.employee_count();
  summary.archived = customer.archived();
  return summary;
}

absl::StatusOr<CustomerSummary> CustomerProfileClient::GetCustomer(const CallIdentity& identity,
                                                                   const std::string& customer_id) {
  grpc::ClientContext context;
  RETURN_IF_ERROR(PreparePeerContext(context, identity, *clock_, timeout_));
  v1::GetCustomerRequest request;
  request.set_name(absl::StrCat("customers/", customer_id));
  v1::Customer response;
  grpc::Status status = stub_->GetCustomer(&context, request, &response);
  if (!status.ok()) {
    return PeerError(kPeer, status);
  }
  return ToCustomerSummary(response);
}

absl::StatusOr<CustomerRelations> CustomerProfileClient::GetRelations(
    const CallIdentity& identity, const std::string& customer_id) {
  // One deadline for every call below: the caller's, capped by this client's timeout from now.
  CallIdentity bounded = identity;
  bounded.deadline = std::min(identity.deadline, clock_->Now() + timeout_);
  const std::string parent = absl::StrCat("customers/", customer_id);

  CustomerRelations relations;
  std::string page_token;
  for (int page = 0;; ++page) {
    if (page == kMaxRelatedPartyPages) {
      return absl::InternalError(absl::StrCat(kPeer, ": ListRelatedParties of ", parent,
                                              " did not end after ", page, " pages"));
    }
    grpc::ClientContext context;
    RETURN_IF_ERROR(PreparePeerContext(context, bounded, *clock_, timeout_));
    v1::ListRelatedPartiesRequest request;
    request.set_parent(parent);
    request.set_page_size(kRelatedPartiesPageSize);
    request.set_page_token(page_token);
    v1::ListRelatedPartiesResponse response;
    grpc::Status status = stub_->ListRelatedParties(&context, request, &response);
    if (!status.ok()) {
      return PeerError(kPeer, status);
    }
    for (const v1::RelatedParty& party : response.related_parties()) {
      switch (party.relation_type()) {
        case v1::RELATION_TYPE_UPSTREAM_SUPPLIER:
          ++relations.upstream_partners;
          break;
        case v1::RELATION_TYPE_DOWNSTREAM_BUYER:
          ++relations.downstream_partners;
          break;
        case v1::RELATION_TYPE_SUBSIDIARY:
          ++relations.subsidiaries;
          break;
        default:
          break;
      }
    }
    if (response.next_page_token().empty()) {
      break;
    }
    page_token = response.next_page_token();
  }

  grpc::ClientContext context;
  RETURN_IF_ERROR(PreparePeerContext(context, bounded, *clock_, timeout_));
  v1::ListProjectsRequest request;
  request.set_parent(parent);
  request.set_page_size(1);
  v1::ListProjectsResponse response;
  grpc::Status status = stub_->ListProjects(&context, request, &response);
  if (!status.ok()) {
    return PeerError(kPeer, status);
  }
  relations.has_projects = response.projects_size() > 0;
  return relations;
}

}  // namespace ccrm::relationship
