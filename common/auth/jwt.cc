#include "common/auth/jwt.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <list>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "common/crypto/key_files.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"

namespace ccrm {
namespace {

using Json = nlohmann::json;

constexpr int kMinRsaBits = 2048;

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

absl::Status Unauthenticated(const char* reason, absl::string_view message) {
  return WithReason(absl::UnauthenticatedError(message), reason);
}

absl::Status Malformed(absl::string_view what) {
  return Unauthenticated(kReasonTokenMalformed, absl::StrCat("malformed token: ", what));
}

// Never asks for a passphrase: an encrypted PEM simply fails to load.
int NoPassphrase(char*, int, int, void*) { return 0; }

// Reads a PEM key; `private_key` picks PEM_read_bio_PrivateKey over PEM_read_bio_PUBKEY (the one
// libjwt uses to verify). Null on failure, with OpenSSL's error queue cleared.
Pkey ReadPem(absl::string_view pem, bool private_key) {
  if (pem.size() > INT32_MAX) {
    return nullptr;
  }
  std::unique_ptr<BIO, int (*)(BIO*)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                          &BIO_free);
  Pkey key;
  if (bio != nullptr) {
    key.reset(private_key ? PEM_read_bio_PrivateKey(bio.get(), nullptr, &NoPassphrase, nullptr)
                          : PEM_read_bio_PUBKEY(bio.get(), nullptr, &NoPassphrase, nullptr));
  }
  ERR_clear_error();
  return key;
}

// OK if `key` is an RSA key of at least 2048 bits; `what` names it in the message.
absl::Status CheckRsaKey(const Pkey& key, absl::string_view what) {
  if (key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(what, " is not a PEM key"));
  }
  if (!EVP_PKEY_is_a(key.get(), "RSA")) {
    return absl::InvalidArgumentError(absl::StrCat(what, " is not an RSA key"));
  }
  if (EVP_PKEY_get_bits(key.get()) < kMinRsaBits) {
    return absl::InvalidArgumentError(absl::StrCat(what, " has ", EVP_PKEY_get_bits(key.get()),
                                                   " bits; at least ", kMinRsaBits,
                                                   " are required"));
  }
  return absl::OkStatus();
}

absl::Status CheckHs256Secret(const JwtKey& key, absl::string_view what) {
  if (key.material.size() < kMinHs256SecretBytes) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": HS256 secret is ", key.material.size(),
                                                   " bytes; at least ", kMinHs256SecretBytes,
                                                   " are required"));
  }
  return absl::OkStatus();
}

jwt_alg_t LibJwtAlgorithm(JwtAlgorithm algorithm) {
  return algorithm == JwtAlgorithm::kRs256 ? JWT_ALG_RS256 : JWT_ALG_HS256;
}

// At most the first 64 bytes of a value taken from a token, for error messages.
absl::string_view Excerpt(absl::string_view untrusted) { return untrusted.substr(0, 64); }

std::string KeyName(const JwtKey& key) {
  return key.key_id.empty() ? std::string("the key without id")
                            : absl::StrCat("key '", key.key_id, "'");
}

// Decodes one dot-separated part of a compact JWS: unpadded base64url, nothing else.
bool DecodeSegment(absl::string_view segment, std::string* out) {
  if (segment.empty()) {
    return false;
  }
  for (char c : segment) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return false;
    }
  }
  return absl::WebSafeBase64Unescape(segment, out);
}

// Parses a JSON object; null if the text is not one.
std::optional<Json> ParseObject(const std::string& text) {
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) {
    return std::nullopt;
  }
  return value;
}

// A NumericDate (RFC 7519 §2): seconds since the epoch, integer or not. Null if not a number.
std::optional<absl::Time> NumericDate(const Json& value) {
  if (value.is_number_unsigned()) {
    uint64_t seconds = value.get<uint64_t>();
    return seconds > static_cast<uint64_t>(INT64_MAX) ? absl::InfiniteFuture()
                                                      : absl::FromUnixSeconds(seconds);
  }
  if (value.is_number_integer()) {
    return absl::FromUnixSeconds(value.get<int64_t>());
  }
  if (value.is_number_float()) {
    double seconds = value.get<double>();
    if (std::isnan(seconds)) {
      return std::nullopt;
    }
    constexpr double kFarSeconds = 1e12;  // ~31,000 years; beyond that, just "forever"
    if (seconds > kFarSeconds) {
      return absl::InfiniteFuture();
    }
    if (seconds < -kFarSeconds) {
      return absl::InfinitePast();
    }
    return absl::UnixEpoch() + absl::Seconds(seconds);
  }
  return std::nullopt;
}

std::string Sha256(absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    // Only when out of memory; a wrong cache key could hand out another token's principal.
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

}  // namespace

const char* JwtAlgorithmName(JwtAlgorithm algorithm) {
  return algorithm == JwtAlgorithm::kRs256 ? "RS256" : "HS256";
}

absl::StatusOr<JwtAlgorithm> ParseJwtAlgorithm(absl::string_view name) {
  if (name == "HS256") {
    return JwtAlgorithm::kHs256;
  }
  if (name == "RS256") {
    return JwtAlgorithm::kRs256;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unsupported JWT algorithm '", name, "'; use HS256 or RS256"));
}

absl::StatusOr<JwtKey> LoadJwtKey(std::string key_id, JwtAlgorithm algorithm,
                                  const std::string& path) {
  JwtKey key;
  key.key_id = std::move(key_id);
  key.algorithm = algorithm;
  if (algorithm == JwtAlgorithm::kHs256) {
    ASSIGN_OR_RETURN(key.material, LoadSecretFile(path, kMinHs256SecretBytes));
    return key;
  }
  ASSIGN_OR_RETURN(key.material, LoadSecretFile(path, 1));
  Pkey parsed = ReadPem(key.material, /*private_key=*/false);
  if (parsed == nullptr) {
    parsed = ReadPem(key.material, /*private_key=*/true);
  }
  RETURN_IF_ERROR(CheckRsaKey(parsed, absl::StrCat("JWT key file '", path, "'")));
  return key;
}

// Verified tokens by SHA-256 of the token, least recently used first out when full.
class JwtVerifier::TokenCache {
 public:
  explicit TokenCache(size_t capacity) : capacity_(capacity) {}

  // The principal of a cached token that is valid at `now`. A cached token outside its window is
  // dropped and null returned, so the caller verifies it again and reports why it fails.
  std::optional<Principal> Lookup(const std::string& digest, absl::Time now) {
    absl::MutexLock lock(&mu_);
    auto it = index_.find(digest);
    if (it == index_.end()) {
      return std::nullopt;
    }
    Entry& entry = *it->second;
    if (now < entry.valid_from || now >= entry.valid_until) {
      entries_.erase(it->second);
      index_.erase(it);
      return std::nullopt;
    }
    entries_.splice(entries_.begin(), entries_, it->second);
    return entry.principal;
  }

  void Insert(const std::string& digest, const Principal& principal, absl::Time valid_from,
              absl::Time valid_until) {
    if (capacity_ == 0) {
      return;
    }
    absl::MutexLock lock(&mu_);
    if (auto it = index_.find(digest); it != index_.end()) {
      entries_.erase(it->second);
      index_.erase(it);
    }
    while (entries_.size() >= capacity_) {
      index_.erase(entries_.back().digest);
      entries_.pop_back();
    }
    entries_.push_front(Entry{digest, principal, valid_from, valid_until});
    index_.emplace(digest, entries_.begin());
  }

  size_t size() const {
    absl::MutexLock lock(&mu_);
    return entries_.size();
  }

 private:
  struct Entry {
    std::string digest;
    Principal principal;
    absl::Time valid_from;
    absl::Time valid_until;
  };

  const size_t capacity_;
  mutable absl::Mutex mu_;
  std::list<Entry> entries_ ABSL_GUARDED_BY(mu_);  // most recently used first
  absl::flat_hash_map<std::string, std::list<Entry>::iterator> index_ ABSL_GUARDED_BY(mu_);
};

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::Create(JwtVerifierOptions options,
                                                                 const Clock* clock) {
  if (clock == nullptr) {
    return absl::InvalidArgumentError("JWT verifier needs a clock");
  }
  if (options.issuer.empty()) {
    return absl::InvalidArgumentError("JWT verifier needs an issuer");
  }
  if (options.audience.empty()) {
    return absl::InvalidArgumentError("JWT verifier needs an audience");
  }
  if (options.keys.empty()) {
    return absl::InvalidArgumentError("JWT verifier needs at least one key");
  }
  if (options.clock_skew < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("JWT verifier clock skew must not be negative");
  }
  for (size_t i = 0; i < options.keys.size(); ++i) {
    const JwtKey& key = options.keys[i];
    for (size_t j = 0; j < i; ++j) {
      if (options.keys[j].key_id == key.key_id) {
        return absl::InvalidArgumentError(
            absl::StrCat("JWT verifier has two keys with id '", key.key_id, "'"));
      }
    }
    if (key.algorithm == JwtAlgorithm::kHs256) {
      RETURN_IF_ERROR(CheckHs256Secret(key, absl::StrCat("JWT verifier ", KeyName(key))));
    } else {
      RETURN_IF_ERROR(CheckRsaKey(
          ReadPem(key.material, /*private_key=*/false),
          absl::StrCat("JWT verifier ", KeyName(key), " (RS256 needs a PEM public key)")));
    }
  }
  return std::unique_ptr<JwtVerifier>(new JwtVerifier(std::move(options), clock));
}

JwtVerifier::JwtVerifier(JwtVerifierOptions options, const Clock* clock)
    : options_(std::move(options)),
      clock_(clock),
      cache_(std::make_unique<TokenCache>(options_.cache_capacity)) {}

JwtVerifier::~JwtVerifier() = default;

size_t JwtVerifier::cached_tokens() const { return cache_->size(); }

const JwtKey* JwtVerifier::FindKey(const std::string* kid) const {
  for (const JwtKey& key : options_.keys) {
    if (kid == nullptr ? key.key_id.empty() : (!key.key_id.empty() && key.key_id == *kid)) {
      return &key;
    }
  }
  return nullptr;
}

absl::StatusOr<Principal> JwtVerifier::Verify(absl::string_view token) const {
  if (token.size() > kMaxTokenBytes) {
    return Malformed(absl::StrCat("longer than ", kMaxTokenBytes, " bytes"));
  }
  const std::string token_text(token);
  const std::string digest = Sha256(token_text);
  const absl::Time now = clock_->Now();
  if (std::optional<Principal> cached = cache_->Lookup(digest, now)) {
    return *std::move(cached);
  }
  absl::Time valid_from;
  absl::Time valid_until;
  ASSIGN_OR_RETURN(Principal principal, VerifyUncached(token_text, now, &valid_from, &valid_until));
  cache_->Insert(digest, principal, valid_from, valid_until);
  return principal;
}

absl::StatusOr<Principal> JwtVerifier::VerifyUncached(const std::string& token, absl::Time now,
                                                      absl::Time* valid_from,
                                                      absl::Time* valid_until) const {
  // 1. Shape, header and claims, read by us: libjwt would pick the algorithm from the header.
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) {
    return Malformed("expected three dot-separated parts");
  }
  std::string header_json;
  std::string claims_json;
  if (!DecodeSegment(parts[0], &header_json)) {
    return Malformed("header is not base64url");
  }
  if (!DecodeSegment(parts[1], &claims_json)) {
    return Malformed("claims are not base64url");
  }
  std::optional<Json> header = ParseObject(header_json);
  if (!header.has_value()) {
    return Malformed("header is not a JSON object");
  }
  auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) {
    return Malformed("header has no \"alg\" string");
  }
  auto typ = header->find("typ");
  if (typ != header->end() &&
      (!typ->is_string() || !absl::EqualsIgnoreCase(typ->get<std::string>(), "JWT"))) {
    return Malformed("header \"typ\" is not \"JWT\"");
  }
  if (header->contains("crit")) {
    return Malformed("header has \"crit\" extensions, which are not supported");
  }
  auto kid = header->find("kid");
  std::optional<std::string> kid_text;
  if (kid != header->end()) {
    if (!kid->is_string()) {
      return Malformed("header \"kid\" is not a string");
    }
    kid_text = kid->get<std::string>();
  }
  std::optional<Json> claims = ParseObject(claims_json);
  if (!claims.has_value()) {
    return Malformed("claims are not a JSON object");
  }

  // 2. The key, chosen by "kid" alone; its configured algorithm is the only one accepted.
  const JwtKey* key = FindKey(kid_text.has_value() ? &*kid_text : nullptr);
  if (key == nullptr) {
    return Unauthenticated(
        kReasonTokenKeyUnknown,
        kid_text.has_value()
            ? absl::StrCat("no key with id '", Excerpt(*kid_text), "' verifies tokens")
            : std::string("token has no \"kid\" and no default key is set"));
  }
  const std::string& header_alg = alg->get_ref<const std::string&>();
  if (header_alg != JwtAlgorithmName(key->algorithm)) {
    return Unauthenticated(
        kReasonTokenSignatureInvalid,
        absl::StrCat("token algorithm '", Excerpt(header_alg), "' is not ",
                     JwtAlgorithmName(key->algorithm), ", the algorithm of ", KeyName(*key)));
  }
  if (parts[2].empty()) {
    return Unauthenticated(kReasonTokenSignatureInvalid, "token is not signed");
  }

  // 3. The signature, by libjwt with exactly that key.
  jwt_t* raw_jwt = nullptr;
  int rc = jwt_decode(&raw_jwt, token.c_str(),
                      reinterpret_cast<const unsigned char*>(key->material.data()),
                      static_cast<int>(key->material.size()));
  JwtPtr decoded(raw_jwt);
  if (rc != 0 || decoded == nullptr) {
    ERR_clear_error();
    return Unauthenticated(kReasonTokenSignatureInvalid,
                           absl::StrCat("token signature does not verify with ", KeyName(*key)));
  }
  if (jwt_get_alg(decoded.get()) != LibJwtAlgorithm(key->algorithm)) {
    return Unauthenticated(kReasonTokenSignatureInvalid,
                           "token algorithm changed during verification");
  }

  // 4. The claims.
  auto exp = claims->find("exp");
  std::optional<absl::Time> expires_at;
  if (exp == claims->end() || !(expires_at = NumericDate(*exp)).has_value()) {
    return Malformed("\"exp\" is missing or not a number");
  }
  std::optional<absl::Time> not_before;
  if (auto nbf = claims->find("nbf"); nbf != claims->end()) {
    not_before = NumericDate(*nbf);
    if (!not_before.has_value()) {
      return Malformed("\"nbf\" is not a number");
    }
  }
  auto iss = claims->find("iss");
  if (iss == claims->end() || !iss->is_string() ||
      iss->get_ref<const std::string&>() != options_.issuer) {
    return Unauthenticated(kReasonTokenIssuerMismatch,
                           absl::StrCat("token issuer is not '", options_.issuer, "'"));
  }
  bool audience_ok = false;
  if (auto aud = claims->find("aud"); aud != claims->end()) {
    if (aud->is_string()) {
      audience_ok = aud->get_ref<const std::string&>() == options_.audience;
    } else if (aud->is_array()) {
      for (const Json& entry : *aud) {
        audience_ok = audience_ok || (entry.is_string() &&
                                      entry.get_ref<const std::string&>() == options_.audience);
      }
    }
  }
  if (!audience_ok) {
    return Unauthenticated(
        kReasonTokenAudienceMismatch,
        absl::StrCat("token audience does not include '", options_.audience, "'"));
  }
  *valid_until = *expires_at + options_.clock_skew;
  *valid_from = not_before.has_value() ? *not_before - options_.clock_skew : absl::InfinitePast();
  if (now >= *valid_until) {
    return Unauthenticated(kReasonTokenExpired,
                           absl::StrCat("token expired at ", Rfc3339(*expires_at)));
  }
  if (now < *valid_from) {
    return Unauthenticated(kReasonTokenNotYetValid,
                           absl::StrCat("token is not valid before ", Rfc3339(*not_before)));
  }
  Principal principal;
  if (auto sub = claims->find("sub"); sub != claims->end() && sub->is_string()) {
    principal.subject = sub->get<std::string>();
  }
  if (principal.subject.empty()) {
    return Unauthenticated(kReasonTokenSubjectMissing, "token has no \"sub\"");
  }
  if (auto roles = claims->find("roles"); roles != claims->end()) {
    if (!roles->is_array()) {
      return Malformed("\"roles\" is not an array");
    }
    for (const Json& role : *roles) {
      if (!role.is_string()) {
        return Malformed("\"roles\" holds something other than strings");
      }
      principal.roles.push_back(role.get<std::string>());
    }
  }
  return principal;
}

absl::StatusOr<std::string> MintJwt(const JwtKey& signing_key, const JwtClaims& claims) {
  if (claims.issuer.empty() || claims.audience.empty() || claims.subject.empty()) {
    return absl::InvalidArgumentError("a JWT needs an issuer, an audience and a subject");
  }
  if (claims.expires_at <= claims.issued_at) {
    return absl::InvalidArgumentError("a JWT must expire after it is issued");
  }
  if (signing_key.algorithm == JwtAlgorithm::kHs256) {
    RETURN_IF_ERROR(CheckHs256Secret(signing_key, "signing key"));
  } else {
    RETURN_IF_ERROR(CheckRsaKey(ReadPem(signing_key.material, /*private_key=*/true),
                                "signing key (RS256 needs a PEM private key)"));
  }
  Json payload = {
      {"iss", claims.issuer},
      {"aud", claims.audience},
      {"sub", claims.subject},
      {"roles", claims.roles},
      {"iat", absl::ToUnixSeconds(claims.issued_at)},
      {"exp", absl::ToUnixSeconds(claims.expires_at)},
  };
  if (claims.not_before.has_value()) {
    payload["nbf"] = absl::ToUnixSeconds(*claims.not_before);
  }
  std::string payload_text;
  try {
    payload_text = payload.dump();
  } catch (const Json::exception&) {
    return absl::InvalidArgumentError("JWT claims are not valid UTF-8");
  }

  jwt_t* raw_jwt = nullptr;
  if (jwt_new(&raw_jwt) != 0) {
    return absl::InternalError("cannot allocate a JWT");
  }
  JwtPtr jwt(raw_jwt);
  if (jwt_set_alg(jwt.get(), LibJwtAlgorithm(signing_key.algorithm),
                  reinterpret_cast<const unsigned char*>(signing_key.material.data()),
                  static_cast<int>(signing_key.material.size())) != 0 ||
      (!signing_key.key_id.empty() &&
       jwt_add_header(jwt.get(), "kid", signing_key.key_id.c_str()) != 0) ||
      jwt_add_grants_json(jwt.get(), payload_text.c_str()) != 0) {
    return absl::InternalError("cannot build the JWT");
  }
  std::unique_ptr<char, void (*)(void*)> encoded(jwt_encode_str(jwt.get()), &std::free);
  if (encoded == nullptr) {
    ERR_clear_error();
    return absl::InternalError("signing the JWT failed");
  }
  return std::string(encoded.get());
}

}  // namespace ccrm
