#include "common/testing/test_secrets.h"

#include <sys/stat.h>

#include <fstream>
#include <random>

#include "absl/strings/escaping.h"
#include "common/auth/jwt.h"
#include "common/testing/service_process.h"

namespace ccrm::testing {
namespace {

std::string RandomBytes(size_t n) {
  std::random_device rd;
  std::string out(n, '\0');
  for (char& c : out) {
    c = static_cast<char>(rd() & 0xFF);
  }
  return out;
}

void WriteSecret(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::trunc) << content;
  chmod(path.c_str(), 0600);
}

}  // namespace

TestSecrets TestSecrets::Create() {
  TestSecrets s;
  s.dir_ = MakeTempDir("ccrm-secrets-");
  s.jwt_key_ = RandomBytes(32);
  WriteSecret(s.dir_ + "/jwt-hs256.key", "base64:" + absl::Base64Escape(s.jwt_key_));
  WriteSecret(s.dir_ + "/keyring", "k1 " + absl::Base64Escape(RandomBytes(32)) + "\nactive k1\n");
  WriteSecret(s.dir_ + "/blind-index.key", "base64:" + absl::Base64Escape(RandomBytes(32)));
  return s;
}

std::vector<std::string> TestSecrets::ServiceFlags() const {
  return {std::string("--jwt_issuer=") + kTestIssuer,
          std::string("--jwt_audience=") + kTestAudience,
          "--jwt_hs256_key_file=" + dir_ + "/jwt-hs256.key",
          "--encryption_keyring_file=" + dir_ + "/keyring",
          "--blind_index_key_file=" + dir_ + "/blind-index.key"};
}

std::string TestSecrets::Token(const std::string& subject, const std::vector<std::string>& roles,
                               absl::Duration ttl) const {
  JwtClaims claims;
  claims.issuer = kTestIssuer;
  claims.audience = kTestAudience;
  claims.subject = subject;
  claims.roles = roles;
  claims.issued_at = absl::Now();
  claims.expires_at = claims.issued_at + ttl;
  absl::StatusOr<std::string> token = MintJwt(JwtKey{"", JwtAlgorithm::kHs256, jwt_key_}, claims);
  return token.ok() ? *token : std::string();
}

}  // namespace ccrm::testing
