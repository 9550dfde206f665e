#include "common/auth/jwt.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "common/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace ccrm {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Json = nlohmann::json;

constexpr char kIssuer[] = "https://sso.bank.test";
constexpr char kAudience[] = "ccrm";
constexpr int64_t kStartSeconds = 1'700'000'000;

// ---- Keys generated in-process (no key files are committed) and hand-built tokens. ----

struct RsaKeyPair {
  std::string private_pem;
  std::string public_pem;
};

std::string DrainBio(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(length));
  BIO_free(bio);
  return out;
}

RsaKeyPair GenerateRsaKeyPair(unsigned int bits) {
  EVP_PKEY* key = EVP_RSA_gen(bits);
  RsaKeyPair pair;
  BIO* private_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(private_bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  pair.private_pem = DrainBio(private_bio);
  BIO* public_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(public_bio, key);
  pair.public_pem = DrainBio(public_bio);
  EVP_PKEY_free(key);
  return pair;
}

const RsaKeyPair& TestRsaKey() {
  static const RsaKeyPair* pair = new RsaKeyPair(GenerateRsaKeyPair(2048));
  return *pair;
}

const RsaKeyPair& OtherRsaKey() {
  static const RsaKeyPair* pair = new RsaKeyPair(GenerateRsaKeyPair(2048));
  return *pair;
}

std::string Base64Url(const std::string& bytes) { return absl::WebSafeBase64Escape(bytes); }

// A compact JWS with exactly this header and claims text, HMAC-SHA256-signed with `secret`
// whatever the header says: for tokens MintJwt would never make.
std::string SignHs256Raw(const std::string& header_json, const std::string& claims_json,
                         const std::string& secret) {
  std::string input = absl::StrCat(Base64Url(header_json), ".", Base64Url(claims_json));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_length);
  return absl::StrCat(input, ".",
                      Base64Url(std::string(reinterpret_cast<const char*>(mac), mac_length)));
}

// The JSON of part `index` (0 header, 1 claims) of a compact token; null if it does not decode.
Json JsonPart(const std::string& token, size_t index) {
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  std::string text;
  if (parts.size() != 3 || !absl::WebSafeBase64Unescape(parts[index], &text)) {
    return nullptr;
  }
  return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

MATCHER_P(RejectedWith, reason, std::string("is UNAUTHENTICATED with reason ") + reason) {
  const absl::Status& status = ::ccrm::testing::GetStatus(arg);
  *result_listener << "status is " << status << ", reason " << ErrorReason(status);
  return status.code() == absl::StatusCode::kUnauthenticated && ErrorReason(status) == reason;
}

class JwtTest : public ::testing::Test {
 protected:
  const std::string secret_ = "0123456789abcdef0123456789abcdef-hs";
  FakeClock clock_{absl::FromUnixSeconds(kStartSeconds)};

  JwtKey HsKey(std::string id = "hs1") const {
    return JwtKey{std::move(id), JwtAlgorithm::kHs256, secret_};
  }
  static JwtKey RsSigningKey(std::string id = "rs1") {
    return JwtKey{std::move(id), JwtAlgorithm::kRs256, TestRsaKey().private_pem};
  }
  static JwtKey RsVerifyingKey(std::string id = "rs1") {
    return JwtKey{std::move(id), JwtAlgorithm::kRs256, TestRsaKey().public_pem};
  }

  JwtVerifierOptions Options() const {
    JwtVerifierOptions options;
    options.issuer = kIssuer;
    options.audience = kAudience;
    options.keys = {HsKey(), RsVerifyingKey()};
    return options;
  }

  std::unique_ptr<JwtVerifier> Verifier(JwtVerifierOptions options) {
    absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier =
        JwtVerifier::Create(std::move(options), &clock_);
    EXPECT_TRUE(verifier.ok()) << verifier.status();
    return verifier.ok() ? *std::move(verifier) : nullptr;
  }
  std::unique_ptr<JwtVerifier> Verifier() { return Verifier(Options()); }

  JwtClaims Claims() const {
    JwtClaims claims;
    claims.issuer = kIssuer;
    claims.audience = kAudience;
    claims.subject = "rm-0001";
    claims.roles = {"relationship_manager", "credit_analyst"};
    claims.issued_at = clock_.Now();
    claims.expires_at = clock_.Now() + absl::Hours(1);
    return claims;
  }

  std::string Mint(const JwtKey& key, const JwtClaims& claims) {
    absl::StatusOr<std::string> token = MintJwt(key, claims);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.ok() ? *token : "";
  }

  // Claims JSON a well-behaved issuer would send, for hand-built tokens to alter.
  Json ClaimsJson() const {
    return Json{{"iss", kIssuer},
                {"aud", kAudience},
                {"sub", "rm-0001"},
                {"roles", {"auditor"}},
                {"exp", kStartSeconds + 3600}};
  }
  std::string SignedRaw(const Json& claims,
                        const Json& header = {
                            {"alg", "HS256"}, {"kid", "hs1"}, {"typ", "JWT"}}) const {
    return SignHs256Raw(header.dump(), claims.dump(), secret_);
  }
};

// ---- Happy paths ----

TEST_F(JwtTest, Hs256RoundTrip) {
  auto verifier = Verifier();
  ASSERT_OK_AND_ASSIGN(Principal principal, verifier->Verify(Mint(HsKey(), Claims())));
  EXPECT_EQ(principal.subject, "rm-0001");
  EXPECT_THAT(principal.roles, ElementsAre("relationship_manager", "credit_analyst"));
}

TEST_F(JwtTest, Rs256RoundTrip) {
  auto verifier = Verifier();
  std::string token = Mint(RsSigningKey(), Claims());
  ASSERT_OK_AND_ASSIGN(Principal principal, verifier->Verify(token));
  EXPECT_EQ(principal.subject, "rm-0001");
  Json header = JsonPart(token, 0);
  EXPECT_EQ(header["alg"], "RS256");
  EXPECT_EQ(header["kid"], "rs1");
}

TEST_F(JwtTest, MissingRolesMeansNoRoles) {
  Json claims = ClaimsJson();
  claims.erase("roles");
  ASSERT_OK_AND_ASSIGN(Principal principal, Verifier()->Verify(SignedRaw(claims)));
  EXPECT_THAT(principal.roles, IsEmpty());
  JwtClaims minted = Claims();
  minted.roles.clear();
  ASSERT_OK_AND_ASSIGN(principal, Verifier()->Verify(Mint(HsKey(), minted)));
  EXPECT_THAT(principal.roles, IsEmpty());
}

TEST_F(JwtTest, AudienceMayBeAnArray) {
  Json claims = ClaimsJson();
  claims["aud"] = {"other-system", kAudience};
  EXPECT_THAT(Verifier()->Verify(SignedRaw(claims)), ::ccrm::testing::IsOk());
  claims["aud"] = {"other-system", 42};
  EXPECT_THAT(Verifier()->Verify(SignedRaw(claims)), RejectedWith(kReasonTokenAudienceMismatch));
}

TEST_F(JwtTest, FractionalNumericDatesAreAccepted) {
  Json claims = ClaimsJson();
  claims["exp"] = kStartSeconds + 10.5;
  claims["nbf"] = kStartSeconds - 0.25;
  EXPECT_THAT(Verifier()->Verify(SignedRaw(claims)), ::ccrm::testing::IsOk());
}

// ---- Key selection ----

TEST_F(JwtTest, KeyIsChosenByKid) {
  JwtVerifierOptions options = Options();
  options.keys.push_back(JwtKey{"hs2", JwtAlgorithm::kHs256, std::string(40, 'z')});
  auto verifier = Verifier(std::move(options));
  JwtKey hs2{"hs2", JwtAlgorithm::kHs256, std::string(40, 'z')};
  EXPECT_THAT(verifier->Verify(Mint(hs2, Claims())), ::ccrm::testing::IsOk());
  // The right secret under the wrong kid does not verify.
  JwtKey mislabelled{"hs1", JwtAlgorithm::kHs256, std::string(40, 'z')};
  EXPECT_THAT(verifier->Verify(Mint(mislabelled, Claims())),
              RejectedWith(kReasonTokenSignatureInvalid));
}

TEST_F(JwtTest, UnknownKidIsKeyUnknown) {
  auto verifier = Verifier();
  absl::StatusOr<Principal> result = verifier->Verify(Mint(HsKey("hs9"), Claims()));
  EXPECT_THAT(result, RejectedWith(kReasonTokenKeyUnknown));
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("'hs9'")));
}

TEST_F(JwtTest, TokenWithoutKidNeedsAKeyWithoutId) {
  // Every configured key has an id: a token without "kid" has no key.
  EXPECT_THAT(Verifier()->Verify(Mint(HsKey(""), Claims())), RejectedWith(kReasonTokenKeyUnknown));

  JwtVerifierOptions options = Options();
  options.keys = {HsKey("")};
  auto verifier = Verifier(std::move(options));
  EXPECT_THAT(verifier->Verify(Mint(HsKey(""), Claims())), ::ccrm::testing::IsOk());
  // ...and that key without id does not answer for a token that names a kid.
  EXPECT_THAT(verifier->Verify(Mint(HsKey("hs1"), Claims())), RejectedWith(kReasonTokenKeyUnknown));
}

// ---- Signatures and algorithm confusion ----

TEST_F(JwtTest, WrongSecretIsSignatureInvalid) {
  JwtKey wrong{"hs1", JwtAlgorithm::kHs256, std::string(32, 'w')};
  EXPECT_THAT(Verifier()->Verify(Mint(wrong, Claims())),
              RejectedWith(kReasonTokenSignatureInvalid));
}

TEST_F(JwtTest, OtherRsaKeyIsSignatureInvalid) {
  JwtKey other{"rs1", JwtAlgorithm::kRs256, OtherRsaKey().private_pem};
  EXPECT_THAT(Verifier()->Verify(Mint(other, Claims())),
              RejectedWith(kReasonTokenSignatureInvalid));
}

TEST_F(JwtTest, TamperedClaimsAreSignatureInvalid) {
  std::string token = Mint(HsKey(), Claims());
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  Json claims = ClaimsJson();
  claims["roles"] = {"admin"};
  std::string forged = absl::StrCat(parts[0], ".", Base64Url(claims.dump()), ".", parts[2]);
  EXPECT_THAT(Verifier()->Verify(forged), RejectedWith(kReasonTokenSignatureInvalid));
}

TEST_F(JwtTest, Hs256TokenSignedWithTheRsaPublicKeyIsRejected) {
  // The classic confusion attack: the attacker knows the public key and uses its PEM text as an
  // HMAC secret, claiming HS256 under the RSA key's kid.
  JwtKey attacker{"rs1", JwtAlgorithm::kHs256, TestRsaKey().public_pem};
  absl::StatusOr<Principal> result = Verifier()->Verify(Mint(attacker, Claims()));
  EXPECT_THAT(result, RejectedWith(kReasonTokenSignatureInvalid));
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("RS256")));

  // Same attack against a verifier whose only key is an RSA key without id.
  JwtVerifierOptions options = Options();
  options.keys = {RsVerifyingKey("")};
  auto verifier = Verifier(std::move(options));
  JwtKey attacker_no_kid{"", JwtAlgorithm::kHs256, TestRsaKey().public_pem};
  EXPECT_THAT(verifier->Verify(Mint(attacker_no_kid, Claims())),
              RejectedWith(kReasonTokenSignatureInvalid));
  // Also with the PEM's trailing newline stripped, as a careless attacker might try.
  std::string pem = TestRsaKey().public_pem;
  pem.pop_back();
  EXPECT_THAT(verifier->Verify(Mint(JwtKey{"", JwtAlgorithm::kHs256, pem}, Claims())),
              RejectedWith(kReasonTokenSignatureInvalid));
}

TEST_F(JwtTest, Rs256HeaderOnAnHs256KeyIsRejected) {
  // A token claiming RS256 under the HMAC key's kid (signed with any RSA key).
  JwtKey attacker{"hs1", JwtAlgorithm::kRs256, OtherRsaKey().private_pem};
  EXPECT_THAT(Verifier()->Verify(Mint(attacker, Claims())),
              RejectedWith(kReasonTokenSignatureInvalid));
}

TEST_F(JwtTest, AlgNoneIsRejected) {
  const std::string claims = Base64Url(ClaimsJson().dump());
  for (const Json& header : {Json{{"alg", "none"}}, Json{{"alg", "none"}, {"kid", "hs1"}},
                             Json{{"alg", "none"}, {"kid", "rs1"}, {"typ", "JWT"}},
                             Json{{"alg", "None"}, {"kid", "hs1"}}}) {
    std::string unsigned_token = absl::StrCat(Base64Url(header.dump()), ".", claims, ".");
    absl::StatusOr<Principal> result = Verifier()->Verify(unsigned_token);
    EXPECT_THAT(result, StatusIs(absl::StatusCode::kUnauthenticated)) << header.dump();
    EXPECT_THAT(ErrorReason(result.status()),
                ::testing::AnyOf(kReasonTokenSignatureInvalid, kReasonTokenKeyUnknown))
        << header.dump();
  }
  // With a kid the key is found, so the reason is the algorithm.
  std::string with_kid =
      absl::StrCat(Base64Url(Json{{"alg", "none"}, {"kid", "hs1"}}.dump()), ".", claims, ".");
  EXPECT_THAT(Verifier()->Verify(with_kid), RejectedWith(kReasonTokenSignatureInvalid));
  // A verifier with a key without id still refuses "none".
  JwtVerifierOptions options = Options();
  options.keys = {HsKey("")};
  std::string no_kid = absl::StrCat(Base64Url(Json{{"alg", "none"}}.dump()), ".", claims, ".");
  EXPECT_THAT(Verifier(std::move(options))->Verify(no_kid),
              RejectedWith(kReasonTokenSignatureInvalid));
}

TEST_F(JwtTest, OtherAlgorithmsAreRejected) {
  for (const char* alg : {"HS384", "HS512", "hs256", "RS512", "ES256", ""}) {
    Json header = {{"alg", alg}, {"kid", "hs1"}};
    EXPECT_THAT(Verifier()->Verify(SignedRaw(ClaimsJson(), header)),
                RejectedWith(kReasonTokenSignatureInvalid))
        << alg;
  }
}

TEST_F(JwtTest, EmptySignatureIsRejected) {
  std::string token = Mint(HsKey(), Claims());
  token.erase(token.rfind('.') + 1);
  EXPECT_THAT(Verifier()->Verify(token), RejectedWith(kReasonTokenSignatureInvalid));
}

// ---- Claims ----

TEST_F(JwtTest, ExpiryHonoursClockSkew) {
  auto verifier = Verifier();                   // 30 s skew
  std::string token = Mint(HsKey(), Claims());  // expires at start + 1 h
  clock_.Advance(absl::Hours(1) + absl::Seconds(29));
  EXPECT_THAT(verifier->Verify(token), ::ccrm::testing::IsOk());
  clock_.Advance(absl::Seconds(1));
  absl::StatusOr<Principal> result = verifier->Verify(token);
  EXPECT_THAT(result, RejectedWith(kReasonTokenExpired));
  EXPECT_THAT(result,
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("2023-11-14T23:13:20Z")));
}

TEST_F(JwtTest, ZeroSkewExpiresExactlyAtExp) {
  JwtVerifierOptions options = Options();
  options.clock_skew = absl::ZeroDuration();
  auto verifier = Verifier(std::move(options));
  std::string token = Mint(HsKey(), Claims());
  clock_.Advance(absl::Hours(1) - absl::Seconds(1));
  EXPECT_THAT(verifier->Verify(token), ::ccrm::testing::IsOk());
  clock_.Advance(absl::Seconds(1));
  EXPECT_THAT(verifier->Verify(token), RejectedWith(kReasonTokenExpired));
}

TEST_F(JwtTest, NotBeforeHonoursClockSkew) {
  auto verifier = Verifier();
  JwtClaims claims = Claims();
  claims.not_before = clock_.Now() + absl::Seconds(120);
  std::string token = Mint(HsKey(), claims);
  EXPECT_THAT(verifier->Verify(token), RejectedWith(kReasonTokenNotYetValid));
  clock_.Advance(absl::Seconds(89));
  EXPECT_THAT(verifier->Verify(token), RejectedWith(kReasonTokenNotYetValid));
  clock_.Advance(absl::Seconds(1));  // nbf - 30 s
  EXPECT_THAT(verifier->Verify(token), ::ccrm::testing::IsOk());
}

TEST_F(JwtTest, ExpIsRequiredAndMustBeANumber) {
  Json claims = ClaimsJson();
  claims.erase("exp");
  EXPECT_THAT(Verifier()->Verify(SignedRaw(claims)), RejectedWith(kReasonTokenMalformed));
  claims["exp"] = "1700003600";
  EXPECT_THAT(Verifier()->Verify(SignedRaw(claims)), RejectedWith(kReasonTokenMalformed));
  claims["exp"] = nullptr;
  EXPECT_THAT(Verifier()->Verify(SignedRaw(claims)), RejectedWith(kReasonTokenMalformed));
  claims = ClaimsJson();
  claims["nbf"] = "soon";
  EXPECT_THAT(Verifier()->Verify(SignedRaw(claims)), RejectedWith(kReasonTokenMalformed));
}

TEST_F(JwtTest, IssuerMismatch) {
  JwtClaims claims = Claims();
  claims.issuer = "https://evil.test";
  EXPECT_THAT(Verifier()->Verify(Mint(HsKey(), claims)), RejectedWith(kReasonTokenIssuerMismatch));
  Json raw = ClaimsJson();
  raw.erase("iss");
  EXPECT_THAT(Verifier()->Verify(SignedRaw(raw)), RejectedWith(kReasonTokenIssuerMismatch));
  raw["iss"] = Json::array({kIssuer});
  EXPECT_THAT(Verifier()->Verify(SignedRaw(raw)), RejectedWith(kReasonTokenIssuerMismatch));
}

TEST_F(JwtTest, AudienceMismatch) {
  JwtClaims claims = Claims();
  claims.audience = "ccrm-other";
  EXPECT_THAT(Verifier()->Verify(Mint(HsKey(), claims)),
              RejectedWith(kReasonTokenAudienceMismatch));
  Json raw = ClaimsJson();
  raw.erase("aud");
  EXPECT_THAT(Verifier()->Verify(SignedRaw(raw)), RejectedWith(kReasonTokenAudienceMismatch));
  raw["aud"] = Json::array();
  EXPECT_THAT(Verifier()->Verify(SignedRaw(raw)), RejectedWith(kReasonTokenAudienceMismatch));
}

TEST_F(JwtTest, SubjectMissing) {
  Json raw = ClaimsJson();
  raw.erase("sub");
  EXPECT_THAT(Verifier()->Verify(SignedRaw(raw)), RejectedWith(kReasonTokenSubjectMissing));
  raw["sub"] = "";
  EXPECT_THAT(Verifier()->Verify(SignedRaw(raw)), RejectedWith(kReasonTokenSubjectMissing));
  raw["sub"] = 12345;
  EXPECT_THAT(Verifier()->Verify(SignedRaw(raw)), RejectedWith(kReasonTokenSubjectMissing));
}

TEST_F(JwtTest, RolesMustBeAnArrayOfStrings) {
  Json raw = ClaimsJson();
  raw["roles"] = "admin";
  EXPECT_THAT(Verifier()->Verify(SignedRaw(raw)), RejectedWith(kReasonTokenMalformed));
  raw["roles"] = {"auditor", 7};
  EXPECT_THAT(Verifier()->Verify(SignedRaw(raw)), RejectedWith(kReasonTokenMalformed));
}

TEST_F(JwtTest, MalformedTokens) {
  const std::string good = Mint(HsKey(), Claims());
  const std::string claims = Base64Url(ClaimsJson().dump());
  const std::string signature = good.substr(good.rfind('.') + 1);
  std::vector<std::string> malformed = {
      "",
      "not-a-token",
      "a.b",
      absl::StrCat(good, ".extra"),
      absl::StrCat("!!!.", claims, ".", signature),
      absl::StrCat(Base64Url("not json"), ".", claims, ".", signature),
      absl::StrCat(Base64Url("[\"HS256\"]"), ".", claims, ".", signature),
      absl::StrCat(Base64Url(Json{{"kid", "hs1"}}.dump()), ".", claims, ".", signature),
      absl::StrCat(Base64Url(Json{{"alg", 256}, {"kid", "hs1"}}.dump()), ".", claims, ".",
                   signature),
      absl::StrCat(good.substr(0, good.find('.')), ".", Base64Url("[1,2]"), ".", signature),
      absl::StrCat(good.substr(0, good.find('.')), "..", signature),
      absl::StrCat(good.substr(0, good.find('.')), ".", claims, "=.", signature),
      std::string(kMaxTokenBytes + 1, 'a'),
  };
  for (const std::string& token : malformed) {
    EXPECT_THAT(Verifier()->Verify(token), RejectedWith(kReasonTokenMalformed))
        << token.substr(0, 200);
  }
  // Header shapes MintJwt never makes but that are signed correctly.
  for (const Json& header : {Json{{"alg", "HS256"}, {"kid", "hs1"}, {"typ", "at+jwt"}},
                             Json{{"alg", "HS256"}, {"kid", 1}},
                             Json{{"alg", "HS256"}, {"kid", "hs1"}, {"crit", {"exp"}}}}) {
    EXPECT_THAT(Verifier()->Verify(SignedRaw(ClaimsJson(), header)),
                RejectedWith(kReasonTokenMalformed))
        << header.dump();
  }
  // "typ" is optional and compared without case.
  EXPECT_THAT(Verifier()->Verify(SignedRaw(ClaimsJson(), {{"alg", "HS256"}, {"kid", "hs1"}})),
              ::ccrm::testing::IsOk());
  EXPECT_THAT(Verifier()->Verify(
                  SignedRaw(ClaimsJson(), {{"alg", "HS256"}, {"kid", "hs1"}, {"typ", "jwt"}})),
              ::ccrm::testing::IsOk());
}

// ---- Cache ----

TEST_F(JwtTest, CacheNeverReturnsAnExpiredToken) {
  auto verifier = Verifier();
  std::string token = Mint(HsKey(), Claims());
  ASSERT_THAT(verifier->Verify(token), ::ccrm::testing::IsOk());
  EXPECT_EQ(verifier->cached_tokens(), 1u);
  ASSERT_THAT(verifier->Verify(token), ::ccrm::testing::IsOk());  // hit
  EXPECT_EQ(verifier->cached_tokens(), 1u);
  clock_.Advance(absl::Hours(1) + absl::Seconds(30));
  EXPECT_THAT(verifier->Verify(token), RejectedWith(kReasonTokenExpired));
  EXPECT_EQ(verifier->cached_tokens(), 0u);
}

TEST_F(JwtTest, CacheHonoursNotBeforeWhenTheClockGoesBack) {
  auto verifier = Verifier();
  JwtClaims claims = Claims();
  claims.not_before = clock_.Now();
  std::string token = Mint(HsKey(), claims);
  ASSERT_THAT(verifier->Verify(token), ::ccrm::testing::IsOk());
  clock_.Advance(-absl::Minutes(5));
  EXPECT_THAT(verifier->Verify(token), RejectedWith(kReasonTokenNotYetValid));
}

TEST_F(JwtTest, CacheIsKeyedByTheWholeToken) {
  auto verifier = Verifier();
  std::string token = Mint(HsKey(), Claims());
  ASSERT_THAT(verifier->Verify(token), ::ccrm::testing::IsOk());
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_THAT(verifier->Verify(tampered),
              ::testing::AnyOf(RejectedWith(kReasonTokenSignatureInvalid),
                               RejectedWith(kReasonTokenMalformed)));
  EXPECT_THAT(verifier->Verify(token + "x"), RejectedWith(kReasonTokenSignatureInvalid));
  EXPECT_EQ(verifier->cached_tokens(), 1u);
}

TEST_F(JwtTest, CacheIsBounded) {
  JwtVerifierOptions options = Options();
  options.cache_capacity = 5;
  auto verifier = Verifier(std::move(options));
  std::vector<std::string> tokens;
  for (int i = 0; i < 12; ++i) {
    JwtClaims claims = Claims();
    claims.subject = absl::StrCat("user-", i);
    tokens.push_back(Mint(HsKey(), claims));
    ASSERT_OK_AND_ASSIGN(Principal principal, verifier->Verify(tokens.back()));
    EXPECT_EQ(principal.subject, absl::StrCat("user-", i));
    EXPECT_LE(verifier->cached_tokens(), 5u);
  }
  EXPECT_EQ(verifier->cached_tokens(), 5u);
  // Evicted tokens still verify (they are just checked again), with the right principal.
  for (int i = 0; i < 12; ++i) {
    ASSERT_OK_AND_ASSIGN(Principal principal, verifier->Verify(tokens[i]));
    EXPECT_EQ(principal.subject, absl::StrCat("user-", i));
  }
  EXPECT_EQ(verifier->cached_tokens(), 5u);
}

TEST_F(JwtTest, ZeroCapacityDisablesTheCache) {
  JwtVerifierOptions options = Options();
  options.cache_capacity = 0;
  auto verifier = Verifier(std::move(options));
  EXPECT_THAT(verifier->Verify(Mint(HsKey(), Claims())), ::ccrm::testing::IsOk());
  EXPECT_EQ(verifier->cached_tokens(), 0u);
}

TEST_F(JwtTest, ConcurrentVerification) {
  JwtVerifierOptions options = Options();
  options.cache_capacity = 8;
  auto verifier = Verifier(std::move(options));
  std::vector<std::string> tokens;
  for (int i = 0; i < 20; ++i) {
    JwtClaims claims = Claims();
    claims.subject = absl::StrCat("user-", i);
    tokens.push_back(Mint(i % 2 ? HsKey() : RsSigningKey(), claims));
  }
  const std::string forged =
      Mint(JwtKey{"hs1", JwtAlgorithm::kHs256, std::string(32, 'x')}, Claims());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 10; ++round) {
        for (int i = 0; i < 20; ++i) {
          int index = (i * 7 + t + round) % 20;
          absl::StatusOr<Principal> principal = verifier->Verify(tokens[index]);
          if (!principal.ok() || principal->subject != absl::StrCat("user-", index)) {
            ++failures;
          }
          if (verifier->Verify(forged).ok()) {
            ++failures;
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(verifier->cached_tokens(), 8u);
}

// ---- Creating verifiers, minting, loading keys ----

TEST_F(JwtTest, CreateRejectsUnusableOptions) {
  auto expect_invalid = [this](JwtVerifierOptions options, const std::string& message) {
    EXPECT_THAT(JwtVerifier::Create(std::move(options), &clock_),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(message)))
        << message;
  };
  JwtVerifierOptions options = Options();
  options.keys.clear();
  expect_invalid(options, "at least one key");
  options = Options();
  options.issuer.clear();
  expect_invalid(options, "issuer");
  options = Options();
  options.audience.clear();
  expect_invalid(options, "audience");
  options = Options();
  options.keys.push_back(JwtKey{"short", JwtAlgorithm::kHs256, std::string(31, 's')});
  expect_invalid(options, "31 bytes");
  options = Options();
  options.keys.push_back(HsKey("hs1"));
  expect_invalid(options, "two keys with id 'hs1'");
  options = Options();
  options.keys.push_back(JwtKey{"bad", JwtAlgorithm::kRs256, "-----BEGIN PUBLIC KEY-----\nxx"});
  expect_invalid(options, "not a PEM key");
  options = Options();
  options.keys.push_back(JwtKey{"priv", JwtAlgorithm::kRs256, TestRsaKey().private_pem});
  expect_invalid(options, "PEM public key");
  options = Options();
  options.keys.push_back(
      JwtKey{"small", JwtAlgorithm::kRs256, GenerateRsaKeyPair(1024).public_pem});
  expect_invalid(options, "1024 bits");
  options = Options();
  options.clock_skew = -absl::Seconds(1);
  expect_invalid(options, "skew");
  EXPECT_THAT(JwtVerifier::Create(Options(), nullptr),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("clock")));
}

TEST_F(JwtTest, MintRejectsBadInput) {
  JwtClaims claims = Claims();
  claims.subject.clear();
  EXPECT_THAT(MintJwt(HsKey(), claims), StatusIs(absl::StatusCode::kInvalidArgument));
  claims = Claims();
  claims.expires_at = claims.issued_at;
  EXPECT_THAT(MintJwt(HsKey(), claims), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(MintJwt(JwtKey{"k", JwtAlgorithm::kHs256, "short"}, Claims()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(MintJwt(RsVerifyingKey(), Claims()),  // a public key cannot sign
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("private key")));
  claims = Claims();
  claims.subject = "bad\xff utf8";
  EXPECT_THAT(MintJwt(HsKey(), claims), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(JwtTest, MintWritesTheClaims) {
  JwtClaims claims = Claims();
  claims.not_before = claims.issued_at + absl::Seconds(5);
  std::string token = Mint(HsKey(), claims);
  Json payload = JsonPart(token, 1);
  EXPECT_EQ(payload["iss"], kIssuer);
  EXPECT_EQ(payload["aud"], kAudience);
  EXPECT_EQ(payload["sub"], "rm-0001");
  EXPECT_EQ(payload["roles"], Json({"relationship_manager", "credit_analyst"}));
  EXPECT_EQ(payload["iat"], kStartSeconds);
  EXPECT_EQ(payload["exp"], kStartSeconds + 3600);
  EXPECT_EQ(payload["nbf"], kStartSeconds + 5);
  Json header = JsonPart(token, 0);
  EXPECT_EQ(header["alg"], "HS256");
  EXPECT_EQ(header["kid"], "hs1");
  EXPECT_FALSE(JsonPart(Mint(HsKey(""), Claims()), 0).contains("kid"));
}

TEST(JwtAlgorithmTest, ParseAndName) {
  ASSERT_OK_AND_ASSIGN(JwtAlgorithm hs, ParseJwtAlgorithm("HS256"));
  EXPECT_EQ(hs, JwtAlgorithm::kHs256);
  ASSERT_OK_AND_ASSIGN(JwtAlgorithm rs, ParseJwtAlgorithm("RS256"));
  EXPECT_EQ(rs, JwtAlgorithm::kRs256);
  EXPECT_STREQ(JwtAlgorithmName(JwtAlgorithm::kRs256), "RS256");
  for (const char* bad : {"hs256", "none", "HS512", ""}) {
    EXPECT_THAT(ParseJwtAlgorithm(bad), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
}

std::string WriteTempFile(const std::string& name, const std::string& content) {
  std::string path = absl::StrCat(::testing::TempDir(), "/jwt_test_", name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  return path;
}

TEST_F(JwtTest, LoadJwtKeyReadsSecretsAndPems) {
  ASSERT_OK_AND_ASSIGN(
      JwtKey hs, LoadJwtKey("hs1", JwtAlgorithm::kHs256, WriteTempFile("hs", secret_ + "\n")));
  EXPECT_EQ(hs.key_id, "hs1");
  EXPECT_EQ(hs.algorithm, JwtAlgorithm::kHs256);
  EXPECT_EQ(hs.material, secret_);

  ASSERT_OK_AND_ASSIGN(JwtKey rs_public, LoadJwtKey("rs1", JwtAlgorithm::kRs256,
                                                    WriteTempFile("pub", TestRsaKey().public_pem)));
  ASSERT_OK_AND_ASSIGN(
      JwtKey rs_private,
      LoadJwtKey("rs1", JwtAlgorithm::kRs256, WriteTempFile("priv", TestRsaKey().private_pem)));
  // What was loaded signs and verifies.
  JwtVerifierOptions options = Options();
  options.keys = {rs_public, hs};
  auto verifier = Verifier(std::move(options));
  EXPECT_THAT(verifier->Verify(Mint(rs_private, Claims())), ::ccrm::testing::IsOk());
  EXPECT_THAT(verifier->Verify(Mint(hs, Claims())), ::ccrm::testing::IsOk());
}

TEST_F(JwtTest, LoadJwtKeyErrors) {
  EXPECT_THAT(LoadJwtKey("k", JwtAlgorithm::kHs256, "/nonexistent/key"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(LoadJwtKey("k", JwtAlgorithm::kRs256, "/nonexistent/key"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(LoadJwtKey("k", JwtAlgorithm::kHs256, WriteTempFile("short", "too short\n")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(LoadJwtKey("k", JwtAlgorithm::kRs256, WriteTempFile("notpem", secret_)),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace ccrm
