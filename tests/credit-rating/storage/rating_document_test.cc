#include "services/credit-rating/storage/rating_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/testing/status_matchers.h"
#include "nlohmann/json.hpp"
#include "tests/credit-rating/storage/storage_samples.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;
using Json = nlohmann::json;

TEST(RatingDocumentTest, RoundTripsEveryDocumentField) {
  Rating rating = SampleRating(CustomerId(1), RatingId(1), At(0));
  rating.computed.default_reason = "bureau: overdue 120 days at another bank";
  Rating decoded;
  decoded.rating_id = "kept";
  decoded.computed.score = 42;
  ASSERT_OK(DecodeRatingDocument(EncodeRatingDocument(rating), &decoded));
  ExpectSameDocument(decoded, rating);
  // Fields with columns of their own are not in the document and are left alone.
  EXPECT_EQ(decoded.rating_id, "kept");
  EXPECT_EQ(decoded.computed.score, 42);
}

TEST(RatingDocumentTest, SpellsValuesAsDocumented) {
  const Json doc =
      Json::parse(EncodeRatingDocument(SampleRating(CustomerId(1), RatingId(1), At(0))));
  EXPECT_EQ(doc["segment"], "SME");
  EXPECT_EQ(doc["qualitative"]["management_quality"], "STRONG");
  EXPECT_EQ(doc["qualitative"]["guarantee_strength"], "WEAK");
  EXPECT_EQ(doc["bureau_report"]["report_date"], "2025-12-31");
  EXPECT_EQ(doc["bureau_report"]["current_overdue_amount"],
            (Json{{"currency_code", "CNY"}, {"amount", "125000.500000000"}}));
  EXPECT_EQ(doc["computed"]["ratios"][1],
            (Json{{"ratio", "dscr"}, {"undefined_reason", "debt_service is missing"}}));
  EXPECT_EQ(doc["computed"]["ratios"][0]["value"], 1.25);
  EXPECT_EQ(doc["computed"]["altman"]["variant"], "Z_DOUBLE_PRIME");
  EXPECT_EQ(doc["computed"]["altman"]["zone"], "GREY");
  EXPECT_EQ(doc["computed"]["statement_periods"][0]["period_end_date"], "2025-12-31");
  EXPECT_FALSE(doc.contains("rating_id"));
  EXPECT_FALSE(doc.contains("state"));
}

TEST(RatingDocumentTest, AbsentOptionalsStayAbsentAndResetTheTarget) {
  Rating bare;
  bare.computed.ratios = {{"current_ratio", std::nullopt, "current_liabilities is missing"}};
  const std::string json = EncodeRatingDocument(bare);
  const Json doc = Json::parse(json);
  EXPECT_FALSE(doc.contains("market"));
  EXPECT_FALSE(doc.contains("bureau_report"));
  EXPECT_FALSE(doc["computed"].contains("merton"));
  EXPECT_FALSE(doc["computed"].contains("altman"));

  Rating target = SampleRating(CustomerId(1), RatingId(1), At(0));
  ASSERT_OK(DecodeRatingDocument(json, &target));
  ExpectSameDocument(target, bare);
  EXPECT_EQ(target.market, std::nullopt);
  EXPECT_EQ(target.computed.contributions.size(), 0u);
}

TEST(RatingDocumentTest, InvalidUtf8IsReplacedNotThrown) {
  Rating rating;
  rating.industry_code = "C30\xff";
  rating.computed.default_reason = "overdue \xc3";
  Rating decoded;
  ASSERT_OK(DecodeRatingDocument(EncodeRatingDocument(rating), &decoded));
  EXPECT_EQ(decoded.industry_code, "C30\xef\xbf\xbd");
  EXPECT_EQ(decoded.computed.default_reason, "overdue \xef\xbf\xbd");
}

TEST(RatingDocumentTest, EmptyObjectDecodesToDefaults) {
  Rating target = SampleRating(CustomerId(1), RatingId(1), At(0));
  ASSERT_OK(DecodeRatingDocument("{}", &target));
  ExpectSameDocument(target, Rating{});
}

TEST(RatingDocumentTest, MalformedDocumentsNameTheField) {
  struct Case {
    const char* json;
    const char* field;
  };
  const Case cases[] = {
      {"not json", "not a JSON object"},
      {"[1, 2]", "not a JSON object"},
      {R"({"segment": "MEGA"})", "segment"},
      {R"({"segment": 2})", "segment"},
      {R"({"qualitative": {"market_position": "EXCELLENT"}})", "qualitative.market_position"},
      {R"({"qualitative": "STRONG"})", "qualitative"},
      {R"({"market": {"equity_value": "3e9"}})", "market.equity_value"},
      {R"({"bureau_report": {"report_date": "2025-13-01"}})", "bureau_report.report_date"},
      {R"({"bureau_report": {"open_lawsuits": 1.5}})", "bureau_report.open_lawsuits"},
      {R"({"bureau_report": {"guarantees_given": {"currency_code": "CNY", "amount": "1,5"}}})",
       "bureau_report.guarantees_given.amount"},
      {R"({"computed": {"ratios": [{"ratio": "x", "value": "1.0"}]}})", "computed.ratios[0].value"},
      {R"({"computed": {"contributions": [{"input": "x"}, 7]}})", "computed.contributions[1]"},
      {R"({"computed": {"statement_periods": [{"audited": "yes"}]}})",
       "computed.statement_periods[0].audited"},
      {R"({"computed": {"altman": {"zone": "RED"}}})", "computed.altman.zone"},
      {R"({"computed": {"altman": {"ratios": [0.1, "x"]}}})", "computed.altman.ratios[1]"},
      {R"({"computed": {"merton": {"iterations": 1e12}}})", "computed.merton.iterations"},
  };
  for (const Case& c : cases) {
    Rating target;
    EXPECT_THAT(DecodeRatingDocument(c.json, &target),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.field)))
        << c.json;
  }
}

}  // namespace
}  // namespace ccrm::rating
