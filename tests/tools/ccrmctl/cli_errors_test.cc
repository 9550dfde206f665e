// What a failed call looks like on stderr — the code, message, error reason and field
// violations as they arrive in grpc-status-details-bin — and the exit codes.
#include "tools/ccrmctl/cli_errors.h"

#include <gmock/gmock.h>
#include <grpcpp/support/status.h>
#include <gtest/gtest.h>

#include "common/status/errors.h"
#include "common/status/grpc_status.h"

namespace ccrm::ctl {
namespace {

// The status as the CLI receives it: through the wire form a service sends.
absl::Status OverTheWire(const absl::Status& sent) { return FromGrpcStatus(ToGrpcStatus(sent)); }

TEST(RenderErrorTest, FieldViolationsFromTheStatusDetails) {
  FieldViolations violations;
  violations.Add("customer.legal_name", "must not be empty");
  violations.Add("customer.industry_code", "is not a GB/T 4754 code");
  const absl::Status received = OverTheWire(violations.ToStatus());
  EXPECT_EQ(RenderError(received),
            "INVALID_ARGUMENT: invalid request: customer.legal_name: must not be empty; "
            "customer.industry_code: is not a GB/T 4754 code\n"
            "  reason: INVALID_ARGUMENT\n"
            "  field violations:\n"
            "    customer.legal_name: must not be empty\n"
            "    customer.industry_code: is not a GB/T 4754 code\n");
  EXPECT_EQ(ExitCodeFor(received), kExitFailed);
}

TEST(RenderErrorTest, ReasonWithoutViolations) {
  const absl::Status received = OverTheWire(WithReason(
      absl::PermissionDeniedError("calling /ccrm.customer.v1.CustomerProfile/CreateCustomer needs "
                                  "one of the roles [admin, relationship_manager]; the caller has "
                                  "[auditor]"),
      "ROLE_NOT_PERMITTED"));
  EXPECT_EQ(RenderError(received),
            "PERMISSION_DENIED: calling /ccrm.customer.v1.CustomerProfile/CreateCustomer needs one "
            "of the roles [admin, relationship_manager]; the caller has [auditor]\n"
            "  reason: ROLE_NOT_PERMITTED\n");
}

TEST(RenderErrorTest, BareStatusesAndViolationsOfTheWholeRequest) {
  const grpc::Status transport(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses");
  EXPECT_EQ(RenderError(FromGrpcStatus(transport)),
            "UNAVAILABLE: failed to connect to all addresses\n");
  // Details that are not a google.rpc.Status are ignored rather than misread.
  const grpc::Status garbled(grpc::StatusCode::INTERNAL, "boom", "\xff\xff not a proto");
  EXPECT_EQ(RenderError(FromGrpcStatus(garbled)), "INTERNAL: boom\n");

  FieldViolations whole;
  whole.Add("", "give a customer or a grade");
  EXPECT_EQ(RenderError(OverTheWire(whole.ToStatus())),
            "INVALID_ARGUMENT: invalid request: : give a customer or a grade\n"
            "  reason: INVALID_ARGUMENT\n"
            "  field violations:\n"
            "    (request): give a customer or a grade\n");
}

TEST(RenderErrorTest, UsageErrorsAreTheirMessageAndExitTwo) {
  const absl::Status usage = UsageError("unknown flag --colour");
  EXPECT_TRUE(IsUsageError(usage));
  EXPECT_EQ(usage.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RenderError(usage), "unknown flag --colour\n");
  EXPECT_EQ(ExitCodeFor(usage), kExitUsage);
  // An INVALID_ARGUMENT from a service is not a usage error.
  EXPECT_FALSE(IsUsageError(absl::InvalidArgumentError("bad")));
  EXPECT_EQ(ExitCodeFor(absl::InvalidArgumentError("bad")), kExitFailed);
  EXPECT_EQ(ExitCodeFor(absl::OkStatus()), kExitOk);
  EXPECT_EQ(RenderError(absl::OkStatus()), "");
}

}  // namespace
}  // namespace ccrm::ctl
