// The idempotency key of a create: the caller's request_id and a fingerprint of the whole
// request, so a repeated request returns the first result and a request_id reused for a different
// request is refused. Built in the API layer (common/server/request_ids.h), claimed in storage
// (common/mysql/idempotency.h).
//
// Example:
//   IdempotencyKey key{"req-7f3a", "9b1c…"};  // empty request_id: no idempotency asked
#pragma once

#include <string>

#include "absl/status/status.h"

namespace ccrm {

struct IdempotencyKey {
  std::string request_id;
  // Hex SHA-256 of the request's deterministic serialization.
  std::string fingerprint;
};

// INVALID_ARGUMENT (field "request_id", reason REQUEST_ID_REUSED): the request id was already
// used for a different request.
absl::Status RequestIdReused();

}  // namespace ccrm
