// Request ids in the API layer: the format a client's request_id must have, and the idempotency
// key of a create (the request_id plus a fingerprint of the whole request, so that reusing a
// request_id for a different request is detected).
//
// Example:
//   ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
#pragma once

#include <google/protobuf/message.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/ids/idempotency_key.h"

namespace ccrm {

// INVALID_ARGUMENT (field "request_id") when longer than 128 characters or holding anything but
// letters, digits and - _ . : (empty is fine: no idempotency asked).
absl::Status ValidateRequestId(absl::string_view request_id);

// Hex SHA-256 of the request's deterministic serialization: equal for equal requests.
std::string RequestFingerprint(const google::protobuf::Message& request);

// The key for `request`; an empty key when request_id is empty. INVALID_ARGUMENT as
// ValidateRequestId.
absl::StatusOr<IdempotencyKey> IdempotencyKeyOf(const google::protobuf::Message& request,
                                                const std::string& request_id);

}  // namespace ccrm
