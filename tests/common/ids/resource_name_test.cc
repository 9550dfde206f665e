#include "common/ids/resource_name.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/status_matchers.h"

namespace ccrm {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kCustomer[] = "0193A2B4-7C1D-7E2F-8A3B-4C5D6E7F8091";
constexpr char kRating[] = "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8092";

TEST(ParseResourceNameTest, ReturnsTheIdsLowerCased) {
  ASSERT_OK_AND_ASSIGN(
      std::vector<std::string> ids,
      ParseResourceName(std::string("customers/") + kCustomer + "/ratings/" + kRating,
                        {"customers", "ratings"}, "name"));
  EXPECT_THAT(ids, ElementsAre("0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091", kRating));
}

TEST(ParseResourceNameTest, RefusesOtherShapesNamingThePattern) {
  for (const std::string& bad :
       {std::string("customers/") + kCustomer,
        std::string("customer/") + kCustomer + "/ratings/" + kRating,
        std::string("customers/") + kCustomer + "/ratings/not-a-uuid",
        std::string("customers/") + kCustomer + "/ratings/" + kRating + "/x", std::string("")}) {
    EXPECT_THAT(ParseResourceName(bad, {"customers", "ratings"}, "rating.name"),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("customers/{customer_id}/ratings/{rating_id}")))
        << bad;
  }
}

TEST(ParseResourceNameTest, NamesTheIdsInSnakeCaseSingular) {
  EXPECT_THAT(ParseResourceName("x", {"customers", "relatedParties"}, "name"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("customers/{customer_id}/relatedParties/{related_party_id}")));
  EXPECT_THAT(ParseResourceName("x", {"scorecardModels"}, "name"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"scorecardModels/{scorecard_model_id}\"")));
}

TEST(LastNameSegmentTest, IsTheIdAtTheEnd) {
  EXPECT_EQ(LastNameSegment("customers/a/contacts/b"), "b");
  EXPECT_EQ(LastNameSegment("relationshipManagers/rm-042"), "rm-042");
  EXPECT_EQ(LastNameSegment("no-slash"), "no-slash");
  EXPECT_EQ(LastNameSegment("customers/"), "");
}

}  // namespace
}  // namespace ccrm
