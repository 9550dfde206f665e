// ccrm-mint-token: signs a JWT for local scripts, smoke tests and service identities, and prints
// it on stdout.
//
// Example:
//   ccrm-mint-token --key_file /run/secrets/jwt-hs256 --alg HS256 --kid dev
//       --issuer ccrm-dev --audience ccrm --subject rm-0001
//       --roles relationship_manager,credit_analyst --ttl_seconds 3600
//
// Exit status: 0 with the token printed, 2 for bad flags (message and usage on stderr), 1 when the
// key cannot be loaded or the token cannot be signed.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "common/auth/jwt.h"
#include "common/time/clock.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

constexpr char kUsage[] =
    "usage: ccrm-mint-token --key_file PATH --alg HS256|RS256 [--kid ID] --issuer ISS\n"
    "                       --audience AUD --subject SUB [--roles a,b] --ttl_seconds N\n"
    "  --key_file     HS256: the shared secret (raw, or \"base64:...\"), at least 32 bytes;\n"
    "                 RS256: a PEM RSA private key\n"
    "  --kid          key id written in the token header (default: none)\n"
    "  --roles        comma-separated roles (default: none)\n"
    "  --ttl_seconds  lifetime in seconds, > 0\n";

const std::vector<std::string>& KnownFlags() {
  static const std::vector<std::string> flags = {"key_file", "alg",     "kid",   "issuer",
                                                 "audience", "subject", "roles", "ttl_seconds"};
  return flags;
}

int UsageError(const std::string& message) {
  std::fprintf(stderr, "ccrm-mint-token: %s\n%s", message.c_str(), kUsage);
  return kExitUsage;
}

// Reads "--name value" and "--name=value" pairs. Returns false with `error` set on a bad argument.
bool ParseFlags(int argc, char** argv, std::map<std::string, std::string>* flags,
                std::string* error) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!absl::StartsWith(arg, "--")) {
      *error = "unexpected argument '" + arg + "'";
      return false;
    }
    arg = arg.substr(2);
    std::string name = arg;
    std::string value;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      *error = "flag --" + name + " needs a value";
      return false;
    }
    bool known = false;
    for (const std::string& flag : KnownFlags()) {
      known = known || flag == name;
    }
    if (!known) {
      *error = "unknown flag --" + name;
      return false;
    }
    if (!flags->emplace(name, value).second) {
      *error = "flag --" + name + " given twice";
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  std::map<std::string, std::string> flags;
  std::string error;
  if (!ParseFlags(argc, argv, &flags, &error)) {
    return UsageError(error);
  }
  for (const char* required : {"key_file", "alg", "issuer", "audience", "subject", "ttl_seconds"}) {
    if (flags[required].empty()) {
      return UsageError(std::string("--") + required + " is required");
    }
  }
  absl::StatusOr<ccrm::JwtAlgorithm> algorithm = ccrm::ParseJwtAlgorithm(flags["alg"]);
  if (!algorithm.ok()) {
    return UsageError(std::string(algorithm.status().message()));
  }
  int64_t ttl_seconds = 0;
  if (!absl::SimpleAtoi(flags["ttl_seconds"], &ttl_seconds) || ttl_seconds <= 0) {
    return UsageError("--ttl_seconds must be a positive whole number, not '" +
                      flags["ttl_seconds"] + "'");
  }
  std::vector<std::string> roles;
  for (absl::string_view role : absl::StrSplit(flags["roles"], ',', absl::SkipWhitespace())) {
    roles.emplace_back(absl::StripAsciiWhitespace(role));
  }

  absl::StatusOr<ccrm::JwtKey> key = ccrm::LoadJwtKey(flags["kid"], *algorithm, flags["key_file"]);
  if (!key.ok()) {
    std::fprintf(stderr, "ccrm-mint-token: %s\n", key.status().ToString().c_str());
    return kExitFailure;
  }
  ccrm::JwtClaims claims;
  claims.issuer = flags["issuer"];
  claims.audience = flags["audience"];
  claims.subject = flags["subject"];
  claims.roles = std::move(roles);
  claims.issued_at = ccrm::SystemClock::Get().Now();
  claims.expires_at = claims.issued_at + absl::Seconds(ttl_seconds);
  absl::StatusOr<std::string> token = ccrm::MintJwt(*key, claims);
  if (!token.ok()) {
    std::fprintf(stderr, "ccrm-mint-token: %s\n", token.status().ToString().c_str());
    return kExitFailure;
  }
  std::printf("%s\n", token->c_str());
  return 0;
}
