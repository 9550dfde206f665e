// Keyset pagination for the customer-profile repositories: a page is the rows after the last key
// the caller saw, in (sort column, id) order, fetched with one row more than the page size so we
// know whether another page follows without counting.
//
// Example:
//   RETURN_IF_ERROR(CheckAfterKey(query.page, 2));
//   const int limit = PageLimit(query.page);
//   sql += KeysetCondition("create_time", "contact_id", /*descending=*/false);  // when after_key
//   ... bind, LIMIT limit + 1, read rows ...
//   return FinishPage(std::move(rows), limit, [](const Contact& c) {
//     return std::vector<std::string>{SqlTime(c.create_time), c.contact_id};
//   });
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

// Rows per page: page.page_size, the default for 0 or less, at most the maximum page size.
int PageLimit(const PageQuery& page);

// OK when page.after_key is empty or has exactly `parts` parts; INVALID_ARGUMENT on field
// "page_token" otherwise (a token of another list).
absl::Status CheckAfterKey(const PageQuery& page, size_t parts);

// A key part made by SqlTime / SqlDate; INVALID_ARGUMENT on field "page_token" if it is not one.
absl::StatusOr<absl::Time> ParseTimeKey(const std::string& part);
absl::StatusOr<absl::CivilDay> ParseDateKey(const std::string& part);

// " AND <sort> >= ? AND (<sort> > ? OR <id> > ?)" (with <=, <, < when descending): rows strictly
// after (sort value, id) in the list's order, written so that the sort column's index serves the
// range. Binds: the sort value twice, then the id.
std::string KeysetCondition(const std::string& sort_column, const std::string& id_column,
                            bool descending);

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

}  // namespace ccrm::customer
