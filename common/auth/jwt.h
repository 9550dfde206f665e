// Bearer tokens: verifying the JWTs callers present (HS256 or RS256, chosen per key, never by the
// token) and minting them for service identities, tests and the local scripts.
//
// Verification decides the key from the token header's "kid" before checking anything, requires
// the header "alg" to be that key's configured algorithm (so an RS256 public key can never be used
// as an HMAC secret, and "alg":"none" is refused), verifies the signature with libjwt, then checks
// "iss", "aud", "exp" (required), "nbf" (if present) with the configured clock skew, and "sub".
// Verified tokens are cached until they expire.
//
// Example:
//   ASSIGN_OR_RETURN(JwtKey key, LoadJwtKey("2024-01", JwtAlgorithm::kRs256,
//   "/run/secrets/jwt.pub")); JwtVerifierOptions options; options.issuer =
//   "https://sso.bank.example"; options.audience = "ccrm"; options.keys.push_back(std::move(key));
//   ASSIGN_OR_RETURN(auto verifier, JwtVerifier::Create(std::move(options), &SystemClock::Get()));
//   ASSIGN_OR_RETURN(Principal caller, verifier->Verify(bearer_token));
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/time/clock.h"

namespace ccrm {

// Error reasons (ErrorInfo.reason) of Verify failures; all are UNAUTHENTICATED.
inline constexpr char kReasonTokenMalformed[] = "TOKEN_MALFORMED";
inline constexpr char kReasonTokenKeyUnknown[] = "TOKEN_KEY_UNKNOWN";
inline constexpr char kReasonTokenSignatureInvalid[] = "TOKEN_SIGNATURE_INVALID";
inline constexpr char kReasonTokenExpired[] = "TOKEN_EXPIRED";
inline constexpr char kReasonTokenNotYetValid[] = "TOKEN_NOT_YET_VALID";
inline constexpr char kReasonTokenIssuerMismatch[] = "TOKEN_ISSUER_MISMATCH";
inline constexpr char kReasonTokenAudienceMismatch[] = "TOKEN_AUDIENCE_MISMATCH";
inline constexpr char kReasonTokenSubjectMissing[] = "TOKEN_SUBJECT_MISSING";

// Shortest HS256 secret accepted, in bytes (RFC 7518 §3.2: at least the hash size).
inline constexpr size_t kMinHs256SecretBytes = 32;
// Longest token Verify looks at; longer ones are TOKEN_MALFORMED.
inline constexpr size_t kMaxTokenBytes = 16 * 1024;

enum class JwtAlgorithm { kHs256, kRs256 };

// "HS256" / "RS256", as in a JWT header.
const char* JwtAlgorithmName(JwtAlgorithm algorithm);

// Parses "HS256" or "RS256" (exact case). INVALID_ARGUMENT for anything else.
absl::StatusOr<JwtAlgorithm> ParseJwtAlgorithm(absl::string_view name);

struct JwtKey {
  // Matched against the token header's "kid". A key with an empty id matches tokens without a
  // "kid" (at most one such key per verifier).
  std::string key_id;
  JwtAlgorithm algorithm = JwtAlgorithm::kHs256;
  // HS256: the shared secret bytes (>= 32). RS256: a PEM public key (to verify) or a PEM private
  // key (to sign).
  std::string material;
};

// Loads a key file. HS256: the secret bytes, as LoadSecretFile (common/crypto/key_files.h) reads
// them (raw with one trailing newline stripped, or "base64:..."), at least 32 bytes. RS256: a PEM
// RSA public or private key. NOT_FOUND if the file cannot be read; INVALID_ARGUMENT if the secret
// is too short or the PEM does not parse as an RSA key.
absl::StatusOr<JwtKey> LoadJwtKey(std::string key_id, JwtAlgorithm algorithm,
                                  const std::string& path);

struct JwtVerifierOptions {
  std::string issuer;    // required "iss", compared exactly
  std::string audience;  // must be "aud" or one of the strings of an "aud" array
  std::vector<JwtKey> keys;
  absl::Duration clock_skew = absl::Seconds(30);  // tolerance on "exp" and "nbf"
  size_t cache_capacity = 10000;  // verified tokens remembered until they expire; 0 disables
};

// Turns a bearer token into the caller. An interface so services can be tested with a fake.
class TokenVerifier {
 public:
  virtual ~TokenVerifier() = default;

  // The principal of a valid token. Otherwise UNAUTHENTICATED with one of the reasons above:
  // TOKEN_MALFORMED (not a JWT, bad JSON, bad "typ", "crit" present, "exp" missing or not a number,
  // "roles" not an array of strings), TOKEN_KEY_UNKNOWN (no key for the "kid"),
  // TOKEN_SIGNATURE_INVALID (bad signature, or "alg" other than the key's algorithm, including
  // "none"), TOKEN_EXPIRED, TOKEN_NOT_YET_VALID, TOKEN_ISSUER_MISMATCH, TOKEN_AUDIENCE_MISMATCH,
  // TOKEN_SUBJECT_MISSING ("sub" missing or empty). Safe to call from many threads.
  virtual absl::StatusOr<Principal> Verify(absl::string_view token) const = 0;
};

// Verifies JWTs signed with the configured keys.
class JwtVerifier final : public TokenVerifier {
 public:
  // INVALID_ARGUMENT when the options are unusable: no keys, empty issuer or audience, a repeated
  // key id, an HS256 secret shorter than 32 bytes, an RS256 key that is not a PEM RSA public key,
  // a negative clock skew, or no clock. `clock` must outlive the verifier.
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> Create(JwtVerifierOptions options,
                                                             const Clock* clock);
  ~JwtVerifier() override;

  absl::StatusOr<Principal> Verify(absl::string_view token) const override;

  // How many verified tokens the cache holds now (for metrics and tests).
  size_t cached_tokens() const;

 private:
  class TokenCache;
  JwtVerifier(JwtVerifierOptions options, const Clock* clock);

  // Verify without the cache, at time `now`. On success also sets the window (skew included) in
  // which the token is valid: [*valid_from, *valid_until).
  absl::StatusOr<Principal> VerifyUncached(const std::string& token, absl::Time now,
                                           absl::Time* valid_from, absl::Time* valid_until) const;
  // The key for a token header's "kid" (nullptr for a header without one).
  const JwtKey* FindKey(const std::string* kid) const;

  const JwtVerifierOptions options_;
  const Clock* const clock_;
  const std::unique_ptr<TokenCache> cache_;
};

struct JwtClaims {
  std::string issuer;
  std::string audience;
  std::string subject;
  std::vector<std::string> roles;
  absl::Time issued_at;
  absl::Time expires_at;
  std::optional<absl::Time> not_before;
};

// Signs a token with "iss", "aud", "sub", "roles", "iat", "exp" and, if set, "nbf" (whole
// seconds); the header carries "kid" when the key id is not empty. INVALID_ARGUMENT if issuer,
// audience or subject is empty, expires_at is not after issued_at, the HS256 secret is shorter
// than 32 bytes, or the RS256 material is not a PEM RSA private key; INTERNAL if signing fails.
absl::StatusOr<std::string> MintJwt(const JwtKey& signing_key, const JwtClaims& claims);

}  // namespace ccrm
