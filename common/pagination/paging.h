// Page tokens for the domain's list operations: turns a request's (token, size) into a PageQuery
// for a repository, and a repository's next key into the next token. The canonical query string
// ties a token to the filters and order it was issued for.
//
// Example:
//   RETURN_IF_ERROR(ResolvePage(canonical, request_token, request_size, query.page));
//   out.next_page_token = NextPageToken(canonical, std::move(page.next_key));
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/pagination/page.h"

namespace ccrm {

// INVALID_ARGUMENT on field "page_size" (negative) or "page_token" (malformed, other query).
absl::Status ResolvePage(const std::string& canonical_query, const std::string& page_token,
                         int page_size, PageQuery& page);

// "" when `next_key` is empty (the last page).
std::string NextPageToken(const std::string& canonical_query, std::vector<std::string> next_key);

}  // namespace ccrm
