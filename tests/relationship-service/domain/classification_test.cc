#include "services/relationship-service/domain/classification.h"

#include <gtest/gtest.h>

namespace ccrm::relationship {
namespace {

TEST(SegmentNameTest, NamesEachSegment) {
  EXPECT_EQ(SegmentName(Segment::kKey), "KEY");
  EXPECT_EQ(SegmentName(Segment::kSme), "SME");
  EXPECT_EQ(SegmentName(Segment::kFirstTimeBorrower), "FIRST_TIME_BORROWER");
  EXPECT_EQ(SegmentName(Segment::kUnspecified), "");
}

TEST(IsGreenChannelTest, KeySegmentAtAnyTier) {
  EXPECT_TRUE(IsGreenChannel(Segment::kKey, 0));
  EXPECT_TRUE(IsGreenChannel(Segment::kKey, 5));
}

TEST(IsGreenChannelTest, TiersOneAndTwoOnly) {
  EXPECT_TRUE(IsGreenChannel(Segment::kSme, 1));
  EXPECT_TRUE(IsGreenChannel(Segment::kFirstTimeBorrower, 2));
  EXPECT_FALSE(IsGreenChannel(Segment::kSme, 3));
  EXPECT_FALSE(IsGreenChannel(Segment::kSme, 0));  // unknown tier
  EXPECT_FALSE(IsGreenChannel(Segment::kUnspecified, 0));
}

}  // namespace
}  // namespace ccrm::relationship
