// Keyset pages between a domain service and its repositories: the query asks for up to
// page_size items after a sort key; the page returns them and the key to continue after. The API
// turns keys into opaque page tokens (page_token.h).
//
// Example:
//   ASSIGN_OR_RETURN(Page<Rating> page, ratings.ListForCustomer(id, state, PageQuery{50, {}}));
//   std::string token = page.next_key.empty() ? "" : EncodePageToken({fp, page.next_key});
#pragma once

#include <string>
#include <vector>

namespace ccrm {

struct PageQuery {
  int page_size = 50;
  // Sort key of the last item seen; empty for the first page.
  std::vector<std::string> after_key;
};

template <typename T>
struct Page {
  std::vector<T> items;
  // Sort key of the last item when more items follow; empty on the last page.
  std::vector<std::string> next_key;
};

}  // namespace ccrm
