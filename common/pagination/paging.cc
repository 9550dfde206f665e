#include "common/pagination/paging.h"

#include <utility>

#include "common/pagination/page_token.h"
#include "common/status/status_macros.h"

namespace ccrm {

absl::Status ResolvePage(const std::string& canonical_query, const std::string& page_token,
                         int page_size, PageQuery& page) {
  ASSIGN_OR_RETURN(page.page_size, EffectivePageSize(page_size));
  page.after_key.clear();
  if (!page_token.empty()) {
    ASSIGN_OR_RETURN(PageCursor cursor,
                     DecodePageToken(page_token, QueryFingerprint(canonical_query)));
    page.after_key = std::move(cursor.last_key);
  }
  return absl::OkStatus();
}

std::string NextPageToken(const std::string& canonical_query, std::vector<std::string> next_key) {
  if (next_key.empty()) {
    return "";
  }
  return EncodePageToken(PageCursor{QueryFingerprint(canonical_query), std::move(next_key)});
}

}  // namespace ccrm
