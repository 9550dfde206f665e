// Responses as protobuf's JSON on one line, requests read from JSON files or stdin, and the
// output switch between the two forms.
#include "tools/ccrmctl/json_output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "ccrm/customer/v1/customer_profile.pb.h"
#include "ccrm/risk/v1/risk_warning.pb.h"
#include "common/testing/status_matchers.h"
#include "tools/ccrmctl/cli_errors.h"
#include "tools/ccrmctl/output.h"

namespace ccrm::ctl {
namespace {

using ::testing::HasSubstr;

TEST(ToJsonLineTest, ProtobufJsonMappingOnOneLine) {
  customer::v1::Customer c;
  c.set_name("customers/abc");
  c.set_legal_name("福建某某建设有限公司");
  c.mutable_registered_capital()->set_currency_code("CNY");
  c.mutable_registered_capital()->set_units(5000000);
  c.set_segment(customer::v1::SEGMENT_KEY);
  c.set_revision(3);
  c.mutable_create_time()->set_seconds(1772352000);
  ASSERT_OK_AND_ASSIGN(std::string line, ToJsonLine(c));
  EXPECT_EQ(line,
            "{\"name\":\"customers/abc\",\"legalName\":\"福建某某建设有限公司\","
            "\"registeredCapital\":{\"currencyCode\":\"CNY\",\"units\":\"5000000\"},"
            "\"segment\":\"SEGMENT_KEY\",\"createTime\":\"2026-03-01T08:00:00Z\","
            "\"revision\":\"3\"}");
}

TEST(ParseJsonTest, EitherFieldNamingIsAcceptedAndTyposAreRefused) {
  customer::v1::CreateCustomerRequest request;
  ASSERT_OK(ParseJson(
      R"({"customer": {"legal_name": "甲公司", "industryCode": "C3011", "kind": "CUSTOMER_KIND_ENTERPRISE"},
          "requestId": "r-1"})",
      "customer.json", &request));
  EXPECT_EQ(request.customer().legal_name(), "甲公司");
  EXPECT_EQ(request.customer().industry_code(), "C3011");
  EXPECT_EQ(request.customer().kind(), customer::v1::CUSTOMER_KIND_ENTERPRISE);
  EXPECT_EQ(request.request_id(), "r-1");

  const absl::Status typo =
      ParseJson(R"({"customer": {"legal_nmae": "甲公司"}})", "customer.json", &request);
  EXPECT_TRUE(IsUsageError(typo));
  EXPECT_THAT(typo.message(),
              HasSubstr("customer.json is not a ccrm.customer.v1.CreateCustomerRequest in JSON"));
  EXPECT_TRUE(IsUsageError(ParseJson("{", "customer.json", &request)));
}

TEST(ReadJsonFileTest, DashReadsStandardInput) {
  std::istringstream in(R"({"customer": {"legalName": "乙公司"}})");
  customer::v1::CreateCustomerRequest request;
  ASSERT_OK(ReadJsonFile("-", in, &request));
  EXPECT_EQ(request.customer().legal_name(), "乙公司");

  const absl::Status missing = ReadJsonFile("/nonexistent/customer.json", in, &request);
  EXPECT_TRUE(IsUsageError(missing));
  EXPECT_EQ(missing.message(), "cannot read /nonexistent/customer.json");
}

TEST(OutputTest, JsonPrintsTheMessageTablePrintsTheRendering) {
  risk::v1::AlertUpdate update;
  update.set_sequence(7);
  update.mutable_change()->set_action("opened");
  std::ostringstream out;
  std::ostringstream err;
  Output json(OutputFormat::kJson, &out, &err);
  ASSERT_OK(json.Show(update, [] { return std::string("not used\n"); }));
  ASSERT_OK(json.Show(update, [] { return std::string("not used\n"); }));
  json.TableText("HEADER\n");
  json.NextPageHint("next-token");
  EXPECT_EQ(out.str(),
            "{\"sequence\":\"7\",\"change\":{\"action\":\"opened\"}}\n"
            "{\"sequence\":\"7\",\"change\":{\"action\":\"opened\"}}\n");
  EXPECT_EQ(err.str(), "");

  std::ostringstream table_out;
  Output table(OutputFormat::kTable, &table_out, &err);
  table.TableText("HEADER\n");
  ASSERT_OK(table.Show(update, [] { return std::string("row\n"); }));
  table.NextPageHint("");
  table.NextPageHint("next-token");
  EXPECT_EQ(table_out.str(), "HEADER\nrow\n");
  EXPECT_EQ(err.str(), "more results: add --page_token=next-token\n");
}

}  // namespace
}  // namespace ccrm::ctl
