#include "services/risk-warning/clients/customer_profile_client.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/server/peer_call.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::risk {
namespace {

namespace v1 = ::ccrm::customer::v1;

constexpr char kPeer[] = "customer-profile";

absl::Status CustomerError(const grpc::Status& status) {
  absl::Status error = PeerError(kPeer, status);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return WithReason(error, "CUSTOMER_NOT_FOUND");
  }
  return error;
}

}  // namespace

absl::StatusOr<Obligor> CustomerProfileClient::Describe(const Caller& caller,
                                                        const std::string& customer_id) {
  // One deadline for both calls: the caller's, capped by this client's timeout from now.
  CallIdentity identity = caller.Identity();
  identity.deadline = std::min(identity.deadline, clock_->Now() + timeout_);
  const std::string name = absl::StrCat("customers/", customer_id);

  v1::Customer customer;
  {
    grpc::ClientContext context;
    RETURN_IF_ERROR(PreparePeerContext(context, identity, *clock_, timeout_));
    v1::GetCustomerRequest request;
    request.set_name(name);
    grpc::Status status = stub_->GetCustomer(&context, request, &customer);
    if (!status.ok()) {
      return CustomerError(status);
    }
  }
  if (customer.archived()) {
    return WithReason(absl::FailedPreconditionError("the customer is archived"),
                      "CUSTOMER_ARCHIVED");
  }
  v1::CustomerGroup group;
  {
    grpc::ClientContext context;
    RETURN_IF_ERROR(PreparePeerContext(context, identity, *clock_, timeout_));
    v1::GetCustomerGroupRequest request;
    request.set_name(name);
    grpc::Status status = stub_->GetCustomerGroup(&context, request, &group);
    if (!status.ok()) {
      return CustomerError(status);
    }
  }
  Obligor obligor;
  obligor.customer_id = customer.customer_id();
  obligor.display_name = customer.legal_name();
  obligor.segment =
      customer.segment() == v1::SEGMENT_UNSPECIFIED ? "" : v1::Segment_Name(customer.segment());
  obligor.industry_code = customer.industry_code();
  obligor.manager_id = customer.relationship_manager_id();
  for (const v1::CustomerGroupMember& member : group.members()) {
    if (!member.customer_id().empty() && member.customer_id() != customer_id) {
      obligor.group_member_ids.push_back(member.customer_id());
    }
  }
  std::sort(obligor.group_member_ids.begin(), obligor.group_member_ids.end());
  obligor.group_member_ids.erase(
      std::unique(obligor.group_member_ids.begin(), obligor.group_member_ids.end()),
      obligor.group_member_ids.end());
  return obligor;
}

}  // namespace ccrm::risk
