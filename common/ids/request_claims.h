// Request-id claims kept in memory, for the in-memory repositories that stand in for MySQL in
// unit tests: the same answers as mysql::LookupRequestId / ClaimRequestId (a replay finds the
// resource the first request created; the same request id with another fingerprint is
// REQUEST_ID_REUSED). Not synchronised: the owning store guards it with its own mutex.
//
// Example:
//   ASSIGN_OR_RETURN(std::optional<std::string> earlier, claims_.Find("ratings.create", key));
//   if (!earlier) { ...create...; claims_.Claim("ratings.create", key, name); }
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "common/ids/idempotency_key.h"

namespace ccrm {

class RequestClaims final {
 public:
  // nullopt for an empty request id or one not claimed in `scope`; the resource name claimed
  // with it otherwise; INVALID_ARGUMENT REQUEST_ID_REUSED when the fingerprint differs.
  absl::StatusOr<std::optional<std::string>> Find(const std::string& scope,
                                                  const IdempotencyKey& key) const;
  // Records that key's request created `resource_name` (nothing for an empty request id).
  void Claim(const std::string& scope, const IdempotencyKey& key, const std::string& resource_name);

 private:
  struct Claimed {
    std::string fingerprint;
    std::string resource_name;
  };
  std::map<std::pair<std::string, std::string>, Claimed> claims_;
};

}  // namespace ccrm
