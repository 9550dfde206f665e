// Small conversions the customer-profile repositories share: instants at the precision MySQL
// keeps, LIKE patterns for prefix filters, comma-joined lists, resource names, and the revision
// check of conditional writes.
//
// Example:
//   absl::Time stored = TruncateToMicros(write.now);       // what DATETIME(6) gives back
//   stmt.setString(1, LikePrefixPattern("C30"));            // "C30%", use with ESCAPE '!'
//   std::vector<std::string> roles = SplitCommaList(rs->getString("actor_roles"));
//   RETURN_IF_ERROR(CheckRevision(name, expected_revision, current.revision));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/customer-profile/domain/resource_name.h"

namespace ccrm::customer {

// `t` rounded down to whole microseconds, as DATETIME(6) stores it; so a value returned by a
// write equals what a later read returns.
absl::Time TruncateToMicros(absl::Time t);

// A LIKE pattern matching values that start with `prefix`, with '!', '%' and '_' escaped by '!'
// (use with "LIKE ? ESCAPE '!'").
std::string LikePrefixPattern(const std::string& prefix);

// "a,b,c" for {"a","b","c"}; items must not contain commas (roles and field paths do not).
std::string JoinCommaList(const std::vector<std::string>& items);
// The inverse of JoinCommaList; {} for "".
std::vector<std::string> SplitCommaList(const std::string& joined);

// OK when `expected` is unset or equals `current`; otherwise ABORTED (reason ETAG_MISMATCH)
// saying which revision the caller expected and which is stored.
absl::Status CheckRevision(const std::string& resource_name, std::optional<int64_t> expected,
                           int64_t current);

}  // namespace ccrm::customer
