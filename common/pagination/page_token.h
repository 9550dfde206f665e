// Opaque page tokens for keyset pagination (AIP-158). A token carries the sort key of the last
// item returned and a fingerprint of the query it belongs to, so a token cannot be replayed
// against a different filter or ordering. It holds no secrets: a forged token can only move a
// caller within results it may list anyway.
//
// Example:
//   PageCursor cursor{.query_fingerprint = Fingerprint("segment=1|order=create_time"),
//                     .last_key = {"2026-11-22 08:00:00.000000", "0193…"}};
//   std::string token = EncodePageToken(cursor);
//   ASSIGN_OR_RETURN(PageCursor back, DecodePageToken(token, cursor.query_fingerprint));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ccrm {

struct PageCursor {
  std::string query_fingerprint;
  // Sort-key values of the last item on the previous page, in ORDER BY order.
  std::vector<std::string> last_key;
};

// Page sizes: 0 → default; above max → max (AIP-158); negative → INVALID_ARGUMENT.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;
absl::StatusOr<int> EffectivePageSize(int requested);

// A short stable fingerprint (hex) of the query's filter and order.
std::string QueryFingerprint(absl::string_view canonical_query);

std::string EncodePageToken(const PageCursor& cursor);

// INVALID_ARGUMENT (field "page_token") when malformed or issued for a different query.
absl::StatusOr<PageCursor> DecodePageToken(absl::string_view token,
                                           absl::string_view expected_fingerprint);

}  // namespace ccrm
