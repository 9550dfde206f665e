// Tests of common/pagination: page sizes, query fingerprints and page tokens.
#include "common/pagination/page_token.h"

#include <string>

#include "absl/strings/escaping.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(EffectivePageSizeTest, DefaultsCapsAndRejects) {
  EXPECT_EQ(*EffectivePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*EffectivePageSize(1), 1);
  EXPECT_EQ(*EffectivePageSize(kMaxPageSize), kMaxPageSize);
  EXPECT_EQ(*EffectivePageSize(kMaxPageSize + 1), kMaxPageSize);
  EXPECT_EQ(*EffectivePageSize(1 << 30), kMaxPageSize);
  absl::StatusOr<int> negative = EffectivePageSize(-1);
  EXPECT_THAT(negative, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(negative.status()),
              ElementsAre(FieldViolation{"page_size", "must not be negative"}));
}

TEST(QueryFingerprintTest, StableShortAndDistinct) {
  const std::string a = QueryFingerprint("segment=1|order=create_time");
  EXPECT_THAT(a, MatchesRegex("[0-9a-f]{16}"));
  EXPECT_EQ(a, QueryFingerprint("segment=1|order=create_time"));
  EXPECT_NE(a, QueryFingerprint("segment=2|order=create_time"));
  EXPECT_NE(a, QueryFingerprint(""));
}

TEST(PageTokenTest, RoundTrip) {
  PageCursor cursor;
  cursor.query_fingerprint = QueryFingerprint("segment=1|order=create_time");
  cursor.last_key = {"2026-11-22 08:00:00.000000", "01937c5e-8f0a-7c3d-9b1e-4f6a2c8d0e11",
                     "名字 with \"quotes\" and \\", ""};
  const std::string token = EncodePageToken(cursor);
  // URL-safe: no characters a client would have to escape.
  EXPECT_THAT(token, MatchesRegex("[A-Za-z0-9_-]+"));
  ASSERT_OK_AND_ASSIGN(PageCursor back, DecodePageToken(token, cursor.query_fingerprint));
  EXPECT_EQ(back.query_fingerprint, cursor.query_fingerprint);
  EXPECT_EQ(back.last_key, cursor.last_key);
}

TEST(PageTokenTest, EmptyKeyRoundTrips) {
  PageCursor cursor{QueryFingerprint("q"), {}};
  ASSERT_OK_AND_ASSIGN(PageCursor back,
                       DecodePageToken(EncodePageToken(cursor), cursor.query_fingerprint));
  EXPECT_TRUE(back.last_key.empty());
}

TEST(PageTokenTest, WrongFingerprintIsRefused) {
  PageCursor cursor{QueryFingerprint("segment=1"), {"k"}};
  absl::StatusOr<PageCursor> decoded =
      DecodePageToken(EncodePageToken(cursor), QueryFingerprint("segment=2"));
  EXPECT_THAT(decoded, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("belongs to a different query")));
  ASSERT_EQ(FieldViolationsOf(decoded.status()).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(decoded.status())[0].field, "page_token");
}

TEST(PageTokenTest, GarbageIsRefused) {
  const std::string fp = QueryFingerprint("q");
  for (const std::string& token :
       {std::string("!!!not base64!!!"), absl::WebSafeBase64Escape("not json"),
        absl::WebSafeBase64Escape("[1,2]"), absl::WebSafeBase64Escape("{\"q\":\"" + fp + "\"}"),
        absl::WebSafeBase64Escape("{\"q\":\"" + fp + "\",\"k\":\"x\"}"),
        absl::WebSafeBase64Escape("{\"q\":\"" + fp + "\",\"k\":[1]}"),
        absl::WebSafeBase64Escape("{\"q\":7,\"k\":[]}"), absl::WebSafeBase64Escape("{}")}) {
    SCOPED_TRACE(token);
    absl::StatusOr<PageCursor> decoded = DecodePageToken(token, fp);
    EXPECT_THAT(decoded, StatusIs(absl::StatusCode::kInvalidArgument,
                                  HasSubstr("is not a token this service issued")));
    ASSERT_EQ(FieldViolationsOf(decoded.status()).size(), 1u);
    EXPECT_EQ(FieldViolationsOf(decoded.status())[0].field, "page_token");
  }
}

}  // namespace
}  // namespace ccrm
