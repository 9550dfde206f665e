#include "common/server/request_ids.h"

#include <gtest/gtest.h>

#include <string>

#include "ccrm/customer/v1/customer_profile.pb.h"
#include "common/testing/status_matchers.h"

namespace ccrm {
namespace {

TEST(ValidateRequestIdTest, AcceptsEmptyAndPrintableIds) {
  EXPECT_OK(ValidateRequestId(""));
  EXPECT_OK(ValidateRequestId("0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091"));
  EXPECT_OK(ValidateRequestId("batch:2026-11.item_7"));
}

TEST(ValidateRequestIdTest, RefusesLongOrUnprintableIds) {
  EXPECT_THAT(
      ValidateRequestId(std::string(129, 'a')),
      testing::StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("request_id")));
  EXPECT_THAT(ValidateRequestId("a b"), testing::StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ValidateRequestId("id'; DROP TABLE x"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(IdempotencyKeyOfTest, EmptyRequestIdGivesAnEmptyKey) {
  customer::v1::CreateCustomerRequest request;
  ASSERT_OK_AND_ASSIGN(IdempotencyKey key, IdempotencyKeyOf(request, ""));
  EXPECT_TRUE(key.request_id.empty());
  EXPECT_TRUE(key.fingerprint.empty());
  request.set_request_id("req-1");
  ASSERT_OK_AND_ASSIGN(key, IdempotencyKeyOf(request, "req-1"));
  EXPECT_EQ(key.request_id, "req-1");
  EXPECT_EQ(key.fingerprint, RequestFingerprint(request));
  EXPECT_THAT(IdempotencyKeyOf(request, "bad id"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(RequestFingerprintTest, IsSha256HexOfTheDeterministicSerialization) {
  // SHA-256 of the empty string: the empty message serializes to no bytes.
  EXPECT_EQ(RequestFingerprint(customer::v1::CreateCustomerRequest()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  customer::v1::CreateCustomerRequest request;
  request.set_request_id("r");
  EXPECT_EQ(RequestFingerprint(request).size(), 64u);
  EXPECT_EQ(RequestFingerprint(request).find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(RequestFingerprintTest, EqualForEqualRequestsWhateverTheFieldOrder) {
  customer::v1::CreateCustomerRequest a;
  a.set_request_id("req-1");
  a.mutable_customer()->set_legal_name("甲公司");
  a.mutable_customer()->mutable_registered_capital()->set_units(5);
  a.mutable_customer()->set_kind(customer::v1::CUSTOMER_KIND_ENTERPRISE);

  customer::v1::CreateCustomerRequest b;
  b.mutable_customer()->set_kind(customer::v1::CUSTOMER_KIND_ENTERPRISE);
  b.mutable_customer()->mutable_registered_capital()->set_units(5);
  b.mutable_customer()->set_legal_name("甲公司");
  b.set_request_id("req-1");
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(b));

  // The same request as a client might put it on the wire: request_id (field 2) before customer
  // (field 1), and the customer's fields in reverse order.
  customer::v1::Customer customer_reversed_fields;
  {
    customer::v1::Customer only_capital;
    *only_capital.mutable_registered_capital() = a.customer().registered_capital();
    customer::v1::Customer only_name;
    only_name.set_legal_name("甲公司");
    customer::v1::Customer only_kind;
    only_kind.set_kind(customer::v1::CUSTOMER_KIND_ENTERPRISE);
    const std::string reversed = only_capital.SerializeAsString() + only_name.SerializeAsString() +
                                 only_kind.SerializeAsString();
    ASSERT_TRUE(customer_reversed_fields.ParseFromString(reversed));
  }
  customer::v1::CreateCustomerRequest only_id;
  only_id.set_request_id("req-1");
  customer::v1::CreateCustomerRequest only_customer;
  *only_customer.mutable_customer() = customer_reversed_fields;
  customer::v1::CreateCustomerRequest c;
  ASSERT_TRUE(c.ParseFromString(only_id.SerializeAsString() + only_customer.SerializeAsString()));
  EXPECT_EQ(RequestFingerprint(c), RequestFingerprint(a));
}

TEST(RequestFingerprintTest, DiffersForDifferentRequests) {
  customer::v1::CreateCustomerRequest a;
  a.set_request_id("req-1");
  a.mutable_customer()->set_legal_name("甲公司");
  customer::v1::CreateCustomerRequest b = a;
  b.mutable_customer()->set_legal_name("乙公司");
  customer::v1::CreateCustomerRequest c = a;
  c.mutable_customer()->set_employee_count(1);
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(c));
  EXPECT_NE(RequestFingerprint(b), RequestFingerprint(c));
}

}  // namespace
}  // namespace ccrm
