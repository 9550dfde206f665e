// Calling a real service from an integration test: a context with a bearer token and a deadline,
// any unary method of any generated stub with the result as absl::StatusOr (code, message,
// error reason and field violations kept), and matchers on those errors.
//
// Example:
//   absl::StatusOr<v1::Rating> r = CallWithToken(*stub, &Stub::RateCustomer, token, request);
//   EXPECT_THAT(r, FailsWith(absl::StatusCode::kFailedPrecondition, "NO_USABLE_STATEMENTS"));
//   EXPECT_THAT(ViolatedFields(r), ElementsAre("qualitative.management_quality"));
#pragma once

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "common/client/call.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"
#include "common/testing/status_matchers.h"

namespace ccrm::testing {

// How long one test RPC may take before it fails with DEADLINE_EXCEEDED.
inline constexpr absl::Duration kRpcTimeout = absl::Seconds(30);

// Adds "authorization: Bearer <token>" (nothing when `token` is empty) and a deadline.
void PrepareContext(grpc::ClientContext& context, const std::string& token,
                    absl::Duration timeout = kRpcTimeout);

template <typename StubT, typename Request, typename Response>
absl::StatusOr<Response> CallWithToken(
    StubT& stub, grpc::Status (StubT::*method)(grpc::ClientContext*, const Request&, Response*),
    const std::string& token, const Request& request, absl::Duration timeout = kRpcTimeout) {
  CallOptions options;
  options.token = token;
  options.timeout = timeout;
  return CallUnary(stub, method, options, request);
}

// Every event of a service's feed after `after_sequence` (follow=false), only of `event_types`
// when not empty, read with `token`; the stream's final status when it is not OK.
absl::StatusOr<std::vector<ccrm::common::v1::Event>> ReadEventFeed(
    ccrm::common::v1::EventFeed::StubInterface& feed, const std::string& token,
    int64_t after_sequence, const std::vector<std::string>& event_types = {});

// Matches an absl::Status / StatusOr that failed with `code` and error reason `reason`.
MATCHER_P2(FailsWith, code, reason,
           std::string("fails with ") + absl::StatusCodeToString(code) + " / " + reason) {
  const absl::Status& s = ::ccrm::testing::GetStatus(arg);
  *result_listener << "status is " << s.code() << " \"" << s.message() << "\", reason \""
                   << ::ccrm::ErrorReason(s) << "\"";
  return s.code() == code && ::ccrm::ErrorReason(s) == std::string(reason);
}

// The field paths of the violations attached to a status (in order, repeats kept).
std::vector<std::string> ViolatedFields(const absl::Status& status);
template <typename T>
std::vector<std::string> ViolatedFields(const absl::StatusOr<T>& status_or) {
  return ViolatedFields(status_or.status());
}

}  // namespace ccrm::testing
