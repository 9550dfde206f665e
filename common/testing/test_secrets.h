// Secrets for tests that run real services: a JWT HS256 key, a field-encryption key ring and a
// blind-index key written to a temp dir (mode 600), the service flags that point at them, and
// tokens minted for any roles.
//
// Example:
//   TestSecrets secrets = TestSecrets::Create();
//   std::vector<std::string> flags = secrets.ServiceFlags();
//   std::string token = secrets.Token("rm-1", {"relationship_manager"});
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace ccrm::testing {

inline constexpr char kTestIssuer[] = "ccrm-test";
inline constexpr char kTestAudience[] = "ccrm";

class TestSecrets final {
 public:
  static TestSecrets Create();

  // --jwt_*, --encryption_keyring_file, --blind_index_key_file.
  std::vector<std::string> ServiceFlags() const;
  // "Bearer"-less JWT for `subject` with `roles`, valid for `ttl`.
  std::string Token(const std::string& subject, const std::vector<std::string>& roles,
                    absl::Duration ttl = absl::Hours(1)) const;

  const std::string& dir() const { return dir_; }
  const std::string& jwt_key() const { return jwt_key_; }

 private:
  std::string dir_;
  std::string jwt_key_;
};

}  // namespace ccrm::testing
