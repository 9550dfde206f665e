#include "common/ids/request_claims.h"

namespace ccrm {

absl::StatusOr<std::optional<std::string>> RequestClaims::Find(const std::string& scope,
                                                               const IdempotencyKey& key) const {
  if (key.request_id.empty()) {
    return std::optional<std::string>();
  }
  auto it = claims_.find({scope, key.request_id});
  if (it == claims_.end()) {
    return std::optional<std::string>();
  }
  if (it->second.fingerprint != key.fingerprint) {
    return RequestIdReused();
  }
  return std::optional<std::string>(it->second.resource_name);
}

void RequestClaims::Claim(const std::string& scope, const IdempotencyKey& key,
                          const std::string& resource_name) {
  if (!key.request_id.empty()) {
    claims_[{scope, key.request_id}] = Claimed{key.fingerprint, resource_name};
  }
}

}  // namespace ccrm
