// Keyset paging inside repositories, shared by the MySQL and in-memory implementations so both
// page alike: the row limit of a page, the shape check of an after-key, instants as key parts,
// and cutting limit + 1 fetched rows into a page with its next key.
//
// Example:
//   RETURN_IF_ERROR(CheckAfterKey(page, 2));
//   const int limit = PageLimit(page);  // fetch limit + 1 rows after page.after_key
//   return FinishPage(std::move(rows), limit, [](const Rating& r) {
//     return std::vector<std::string>{TimeKey(r.create_time), r.rating_id};
//   });
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pagination/page.h"

namespace ccrm {

// Rows per page: page.page_size, the default for 0 or less, at most the maximum page size.
int PageLimit(const PageQuery& page);

// OK when page.after_key is empty or has exactly `parts` parts; INVALID_ARGUMENT on field
// "page_token" otherwise (a token of another list).
absl::Status CheckAfterKey(const PageQuery& page, size_t parts);

// An instant as a key part ("2026-03-01 09:00:00.123456", UTC, as mysql::SqlTime writes it) and
// back; INVALID_ARGUMENT on field "page_token" for anything else.
std::string TimeKey(absl::Time t);
absl::StatusOr<absl::Time> ParseTimeKey(const std::string& part);

// `t` rounded down to whole microseconds, as DATETIME(6) stores it; so a value returned by a
// write equals what a later read returns.
absl::Time TruncateToMicros(absl::Time t);

// Turns up to limit + 1 fetched rows into a page: keeps `limit` of them and, when one more was
// fetched, sets next_key to the key of the last row kept.
template <typename T, typename KeyOf>
Page<T> FinishPage(std::vector<T> rows, int limit, KeyOf key_of) {
  Page<T> page;
  const bool more = rows.size() > static_cast<size_t>(limit);
  if (more) {
    rows.resize(static_cast<size_t>(limit));
  }
  page.items = std::move(rows);
  if (more && !page.items.empty()) {
    page.next_key = key_of(page.items.back());
  }
  return page;
}

// For in-memory stores: sorts `rows` with `before`, keeps those `is_after` the page's after-key
// (all of them on the first page: is_after is only called when there is an after-key) and pages
// them as FinishPage does.
template <typename T, typename Before, typename After, typename KeyOf>
Page<T> PageOf(std::vector<T> rows, const PageQuery& page, const Before& before,
               const After& is_after, const KeyOf& key_of) {
  std::sort(rows.begin(), rows.end(), before);
  std::vector<T> kept;
  for (T& row : rows) {
    if (page.after_key.empty() || is_after(row)) {
      kept.push_back(std::move(row));
    }
  }
  const int limit = PageLimit(page);
  if (kept.size() > static_cast<size_t>(limit) + 1) {
    kept.resize(static_cast<size_t>(limit) + 1);
  }
  return FinishPage(std::move(kept), limit, key_of);
}

}  // namespace ccrm
