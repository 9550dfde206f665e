#include "services/relationship-service/clients/customer_profile_client.h"

#include "absl/strings/str_cat.h"
#include "common/server/peer_call.h"
#include "common/status/status_macros.h"

namespace ccrm::relationship {
namespace {

namespace v1 = ::ccrm::customer::v1;

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
    return PeerError("customer-profile", status);
  }
  return ToCustomerSummary(response);
}

}  // namespace ccrm::relationship
