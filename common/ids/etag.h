// Etags of revisioned resources (customers, contacts, projects, ratings, models): derived from the
// revision, so a stale etag on a write is detected as a revision mismatch.
//
// Example:
//   std::string etag = FormatEtag(customer.revision);        // "r7"
//   ASSIGN_OR_RETURN(std::optional<int64_t> expected, ParseEtag(request_etag));
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ccrm {

std::string FormatEtag(int64_t revision);

// nullopt for an empty etag (the caller does not ask for a check); INVALID_ARGUMENT with a
// violation on `field` for anything this service did not issue.
absl::StatusOr<std::optional<int64_t>> ParseEtag(absl::string_view etag,
                                                 const std::string& field = "etag");

// OK when `expected` is 0 (no check) or equals `current`; otherwise ABORTED (reason
// ETAG_MISMATCH) saying which revision the caller expected, which is stored, and to re-read.
absl::Status CheckRevision(const std::string& resource_name, int64_t expected, int64_t current);

}  // namespace ccrm
