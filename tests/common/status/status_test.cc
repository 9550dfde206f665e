// Tests of common/status: error details (reason, field violations), the absl <-> gRPC status
// mapping and the early-return macros.
#include "absl/status/status.h"

#include <grpcpp/support/status.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace ccrm {
namespace {

using ::ccrm::testing::IsOk;
using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(FieldViolationsTest, EmptyIsOk) {
  FieldViolations v;
  EXPECT_TRUE(v.empty());
  EXPECT_OK(v.ToStatus());
}

TEST(FieldViolationsTest, ToStatusIsInvalidArgumentWithBadRequestPayload) {
  FieldViolations v;
  v.Add("customer.name", "must not be empty");
  v.Add("customer.unified_social_credit_code", "must be 18 characters");
  absl::Status s = v.ToStatus();

  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument,
                          HasSubstr("customer.name: must not be empty; "
                                    "customer.unified_social_credit_code: must be 18 characters")));
  EXPECT_EQ(ErrorReason(s), "INVALID_ARGUMENT");
  EXPECT_THAT(
      FieldViolationsOf(s),
      ElementsAre(FieldViolation{"customer.name", "must not be empty"},
                  FieldViolation{"customer.unified_social_credit_code", "must be 18 characters"}));

  // The payload is a real google.rpc.BadRequest, so any gRPC client library can read it.
  auto payload = s.GetPayload(kBadRequestTypeUrl);
  ASSERT_TRUE(payload.has_value());
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(bad_request.ParseFromString(std::string(*payload)));
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(1).field(), "customer.unified_social_credit_code");

  auto info_payload = s.GetPayload(kErrorInfoTypeUrl);
  ASSERT_TRUE(info_payload.has_value());
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(info.ParseFromString(std::string(*info_payload)));
  EXPECT_EQ(info.domain(), kErrorDomain);
  EXPECT_EQ(info.reason(), "INVALID_ARGUMENT");
}

TEST(FieldViolationsTest, AddAllPrefixesFieldPaths) {
  FieldViolations contact;
  contact.Add("phone", "is not a phone number");
  FieldViolations request;
  request.Add("name", "is required");
  request.AddAll("contact", contact);
  request.AddAll("", contact);
  EXPECT_THAT(request.violations(),
              ElementsAre(FieldViolation{"name", "is required"},
                          FieldViolation{"contact.phone", "is not a phone number"},
                          FieldViolation{"phone", "is not a phone number"}));
}

TEST(FieldViolationsTest, MergeCollectsTheViolationsOfSeveralResults) {
  FieldViolations request;
  request.Merge(absl::OkStatus());
  request.Merge(InvalidField("customer", "must be \"customers/{customer_id}\""));
  FieldViolations market;
  market.Add("market.equity_value", "must be positive");
  market.Add("market.equity_volatility", "must be in (0, 5]");
  request.Merge(market.ToStatus());
  request.Merge(absl::NotFoundError("no such model"));
  EXPECT_THAT(request.violations(),
              ElementsAre(FieldViolation{"customer", "must be \"customers/{customer_id}\""},
                          FieldViolation{"market.equity_value", "must be positive"},
                          FieldViolation{"market.equity_volatility", "must be in (0, 5]"},
                          FieldViolation{"", "no such model"}));
}

TEST(FieldViolationsTest, InvalidFieldNamesOneField) {
  absl::Status s = InvalidField("page_size", "must not be negative");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"page_size", "must not be negative"}));
}

TEST(ErrorReasonTest, WithReasonAttachesAndReplaces) {
  absl::Status s = WithReason(absl::NotFoundError("customer not found"), "CUSTOMER_NOT_FOUND");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kNotFound, "customer not found"));
  EXPECT_EQ(ErrorReason(s), "CUSTOMER_NOT_FOUND");

  s = WithReason(std::move(s), "CUSTOMER_DELETED");
  EXPECT_EQ(ErrorReason(s), "CUSTOMER_DELETED");
}

TEST(ErrorReasonTest, OkStaysOkWithoutPayload) {
  absl::Status s = WithReason(absl::OkStatus(), "IGNORED");
  EXPECT_OK(s);
  EXPECT_EQ(ErrorReason(s), "");
}

TEST(ErrorReasonTest, AbsentOrCorruptPayloadGivesNothing) {
  EXPECT_EQ(ErrorReason(absl::InternalError("x")), "");
  EXPECT_THAT(FieldViolationsOf(absl::InternalError("x")), IsEmpty());

  absl::Status corrupt = absl::InternalError("x");
  corrupt.SetPayload(kErrorInfoTypeUrl, absl::Cord("\xff\xff\xff"));
  corrupt.SetPayload(kBadRequestTypeUrl, absl::Cord("\xff\xff\xff"));
  EXPECT_EQ(ErrorReason(corrupt), "");
  EXPECT_THAT(FieldViolationsOf(corrupt), IsEmpty());
}

TEST(GrpcStatusTest, OkMapsToOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_OK(FromGrpcStatus(grpc::Status::OK));
}

TEST(GrpcStatusTest, EveryCodeMapsOneToOne) {
  const std::vector<std::pair<absl::StatusCode, grpc::StatusCode>> codes = {
      {absl::StatusCode::kOk, grpc::StatusCode::OK},
      {absl::StatusCode::kCancelled, grpc::StatusCode::CANCELLED},
      {absl::StatusCode::kUnknown, grpc::StatusCode::UNKNOWN},
      {absl::StatusCode::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT},
      {absl::StatusCode::kDeadlineExceeded, grpc::StatusCode::DEADLINE_EXCEEDED},
      {absl::StatusCode::kNotFound, grpc::StatusCode::NOT_FOUND},
      {absl::StatusCode::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS},
      {absl::StatusCode::kPermissionDenied, grpc::StatusCode::PERMISSION_DENIED},
      {absl::StatusCode::kResourceExhausted, grpc::StatusCode::RESOURCE_EXHAUSTED},
      {absl::StatusCode::kFailedPrecondition, grpc::StatusCode::FAILED_PRECONDITION},
      {absl::StatusCode::kAborted, grpc::StatusCode::ABORTED},
      {absl::StatusCode::kOutOfRange, grpc::StatusCode::OUT_OF_RANGE},
      {absl::StatusCode::kUnimplemented, grpc::StatusCode::UNIMPLEMENTED},
      {absl::StatusCode::kInternal, grpc::StatusCode::INTERNAL},
      {absl::StatusCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
      {absl::StatusCode::kDataLoss, grpc::StatusCode::DATA_LOSS},
      {absl::StatusCode::kUnauthenticated, grpc::StatusCode::UNAUTHENTICATED},
  };
  ASSERT_EQ(codes.size(), 17u);
  for (const auto& [absl_code, grpc_code] : codes) {
    SCOPED_TRACE(absl::StatusCodeToString(absl_code));
    const std::string message = absl_code == absl::StatusCode::kOk ? "" : "boom";
    grpc::Status g = ToGrpcStatus(absl::Status(absl_code, message));
    EXPECT_EQ(g.error_code(), grpc_code);
    EXPECT_EQ(g.error_message(), message);
    absl::Status back = FromGrpcStatus(grpc::Status(grpc_code, message));
    EXPECT_EQ(back.code(), absl_code);
    EXPECT_EQ(back.message(), message);
  }
}

TEST(GrpcStatusTest, RoundTripKeepsReasonAndViolations) {
  FieldViolations v;
  v.Add("customer.name", "must not be empty");
  v.Add("customer.segment", "is not a known segment");
  absl::Status original = v.ToStatus();

  grpc::Status wire = ToGrpcStatus(original);
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(wire.error_message(), std::string(original.message()));
  // The details are a google.rpc.Status with the same code and message.
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(wire.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(details.message(), std::string(original.message()));
  EXPECT_EQ(details.details_size(), 2);

  absl::Status back = FromGrpcStatus(wire);
  EXPECT_THAT(back, StatusIs(absl::StatusCode::kInvalidArgument, original.message()));
  EXPECT_EQ(ErrorReason(back), "INVALID_ARGUMENT");
  EXPECT_EQ(FieldViolationsOf(back), v.violations());
}

TEST(GrpcStatusTest, RoundTripKeepsReasonOnly) {
  absl::Status original =
      WithReason(absl::UnavailableError("all 8 database sessions are busy"), "POOL_EXHAUSTED");
  absl::Status back = FromGrpcStatus(ToGrpcStatus(original));
  EXPECT_THAT(back, StatusIs(absl::StatusCode::kUnavailable, "all 8 database sessions are busy"));
  EXPECT_EQ(ErrorReason(back), "POOL_EXHAUSTED");
  EXPECT_THAT(FieldViolationsOf(back), IsEmpty());
}

TEST(GrpcStatusTest, GarbageDetailsKeepCodeAndMessage) {
  absl::Status back =
      FromGrpcStatus(grpc::Status(grpc::StatusCode::ABORTED, "conflict", "\xff\x01garbage"));
  EXPECT_THAT(back, StatusIs(absl::StatusCode::kAborted, "conflict"));
  EXPECT_EQ(ErrorReason(back), "");
}

absl::Status Fails(bool fail) {
  return fail ? absl::FailedPreconditionError("precondition") : absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<int>> MakeInt(int value) {
  if (value < 0) {
    return absl::OutOfRangeError("negative");
  }
  return std::make_unique<int>(value);
}

absl::Status Steps(bool fail_first, int* steps_done) {
  RETURN_IF_ERROR(Fails(fail_first));
  ++*steps_done;
  RETURN_IF_ERROR(Fails(false));
  ++*steps_done;
  return absl::OkStatus();
}

absl::StatusOr<int> SumOf(int a, int b) {
  ASSIGN_OR_RETURN(std::unique_ptr<int> x, MakeInt(a));  // move-only value
  int y = 0;
  ASSIGN_OR_RETURN(y, [&]() -> absl::StatusOr<int> {  // existing variable
    ASSIGN_OR_RETURN(auto p, MakeInt(b));
    return *p;
  }());
  return *x + y;
}

TEST(StatusMacrosTest, ReturnIfErrorReturnsFirstError) {
  int steps = 0;
  EXPECT_THAT(Steps(true, &steps), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(steps, 0);
  EXPECT_OK(Steps(false, &steps));
  EXPECT_EQ(steps, 2);
}

TEST(StatusMacrosTest, AssignOrReturnAssignsOrReturns) {
  absl::StatusOr<int> sum = SumOf(2, 3);
  ASSERT_OK(sum);
  EXPECT_EQ(*sum, 5);
  EXPECT_THAT(SumOf(-1, 3), StatusIs(absl::StatusCode::kOutOfRange, "negative"));
  EXPECT_THAT(SumOf(1, -3), StatusIs(absl::StatusCode::kOutOfRange, "negative"));
}

// The macros work in a function with if/else around them (no dangling else, one statement).
absl::Status Branchy(bool a) {
  if (a)
    RETURN_IF_ERROR(Fails(true));
  else
    RETURN_IF_ERROR(Fails(false));
  return absl::OkStatus();
}

TEST(StatusMacrosTest, ReturnIfErrorIsOneStatement) {
  EXPECT_THAT(Branchy(true), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_OK(Branchy(false));
}

}  // namespace
}  // namespace ccrm
