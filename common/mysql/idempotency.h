// Request-id claims that make creates idempotent. Inside the create's own transaction the key is
// inserted FIRST into idempotency_keys; a concurrent create with the same key then waits on that
// row's lock and, once the first commits, sees the duplicate and replays its result (if the
// first rolls back, the waiter's insert goes through and it creates). So exactly one of any
// number of racing creates with one request id creates anything.
//
// Example:
//   ASSIGN_OR_RETURN(std::optional<std::string> earlier,
//                    mysql::ClaimRequestId(session, "customers.create", key,
//                                   CustomerResourceName(id), write.now));
//   if (earlier.has_value()) return ReadCustomerByName(*earlier);  // replay
//   ... create ...
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/ids/idempotency_key.h"
#include "common/mysql/connection_pool.h"

namespace ccrm::mysql {

// Claims key.request_id within `scope` for `resource_name`, in the session's open transaction.
// Returns nullopt when the caller should go on creating (a new claim, or an empty request_id:
// no idempotency asked), or the resource name an earlier request with the same request id and
// fingerprint created. INVALID_ARGUMENT (reason REQUEST_ID_REUSED, field "request_id") when the
// earlier request had another fingerprint. Throws sql::SQLException on database errors.
absl::StatusOr<std::optional<std::string>> ClaimRequestId(Session& session,
                                                          const std::string& scope,
                                                          const IdempotencyKey& key,
                                                          const std::string& resource_name,
                                                          absl::Time now);

// The resource an earlier request with key.request_id created within `scope`, without claiming
// anything: nullopt for an empty request_id or one never seen. INVALID_ARGUMENT
// REQUEST_ID_REUSED as ClaimRequestId. Lets a service answer a replay before doing the work a
// create needs (e.g. calls to other services). Throws sql::SQLException on database errors.
absl::StatusOr<std::optional<std::string>> LookupRequestId(Session& session,
                                                           const std::string& scope,
                                                           const IdempotencyKey& key);

}  // namespace ccrm::mysql
