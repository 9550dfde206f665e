#include "tools/ccrmctl/resource_names.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/ids/uuid.h"

namespace ccrm::ctl {

std::string QualifiedName(absl::string_view collection, absl::string_view text) {
  if (text.find('/') != absl::string_view::npos) {
    return std::string(text);
  }
  return absl::StrCat(collection, "/", text);
}

std::string BareId(absl::string_view collection, absl::string_view text) {
  absl::string_view rest = text;
  if (absl::ConsumePrefix(&rest, collection) && absl::ConsumePrefix(&rest, "/")) {
    return std::string(rest);
  }
  return std::string(text);
}

std::string RequestIdFor(const GlobalOptions& options, absl::Time now) {
  return options.request_id.empty() ? NewUuidV7(now) : options.request_id;
}

}  // namespace ccrm::ctl
