// Tests of common/ids: UUIDv7 layout, time order and the IsUuid check.
#include "common/ids/uuid.h"

#include <cstdint>
#include <set>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "common/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm {
namespace {

using ::testing::MatchesRegex;

// The 48-bit millisecond timestamp at the front of a UUIDv7.
uint64_t MillisOf(const std::string& uuid) {
  std::string hex = absl::StrReplaceAll(uuid, {{"-", ""}}).substr(0, 12);
  uint64_t millis = 0;
  EXPECT_TRUE(absl::SimpleHexAtoi(hex, &millis)) << hex;
  return millis;
}

TEST(NewUuidV7Test, LayoutVersionAndVariant) {
  FakeClock clock(absl::FromUnixMillis(1795334400123));  // 2026-11-22
  for (int i = 0; i < 200; ++i) {
    std::string id = NewUuidV7(clock.Now());
    // Lower-case, version nibble 7, variant bits 10xx.
    ASSERT_THAT(id, MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                 "[0-9a-f]{12}"));
    EXPECT_EQ(MillisOf(id), 1795334400123u);
    EXPECT_TRUE(IsUuid(id));
  }
}

TEST(NewUuidV7Test, UniqueWithinOneMillisecond) {
  FakeClock clock(absl::FromUnixMillis(1795334400000));
  std::set<std::string> ids;
  for (int i = 0; i < 10000; ++i) {
    ids.insert(NewUuidV7(clock.Now()));
  }
  EXPECT_EQ(ids.size(), 10000u);
}

TEST(NewUuidV7Test, LaterTimeSortsLater) {
  FakeClock clock(absl::FromUnixMillis(1795334400000));
  std::string previous = NewUuidV7(clock.Now());
  for (int i = 0; i < 1000; ++i) {
    clock.Advance(absl::Milliseconds(1));
    std::string next = NewUuidV7(clock.Now());
    ASSERT_LT(previous, next) << "at step " << i;
    previous = next;
  }
}

TEST(NewUuidV7Test, EpochIsAllZeroTimestamp) {
  std::string id = NewUuidV7(absl::UnixEpoch());
  EXPECT_EQ(id.substr(0, 13), "00000000-0000");
}

TEST(IsUuidTest, CanonicalFormsOnly) {
  EXPECT_TRUE(IsUuid("01937c5e-8f0a-7c3d-9b1e-4f6a2c8d0e11"));
  EXPECT_TRUE(IsUuid("01937C5E-8F0A-7C3D-9B1E-4F6A2C8D0E11"));
  EXPECT_FALSE(IsUuid(""));
  EXPECT_FALSE(IsUuid("01937c5e8f0a7c3d9b1e4f6a2c8d0e11"));       // no dashes
  EXPECT_FALSE(IsUuid("01937c5e-8f0a-7c3d-9b1e-4f6a2c8d0e1"));    // short
  EXPECT_FALSE(IsUuid("01937c5e-8f0a-7c3d-9b1e-4f6a2c8d0e111"));  // long
  EXPECT_FALSE(IsUuid("01937c5e-8f0a-7c3d-9b1e-4f6a2c8d0e1g"));   // not hex
  EXPECT_FALSE(IsUuid("01937c5e-8f0a-7c3d-9b1e4-f6a2c8d0e11"));   // dash moved
  EXPECT_FALSE(IsUuid("{1937c5e-8f0a-7c3d-9b1e-4f6a2c8d0e1}"));
}

}  // namespace
}  // namespace ccrm
