#include "tests/bench/bench_support.h"

#include <random>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/config/service_config.h"

namespace ccrm::bench {

absl::Status RequireLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "::1") {
    return absl::OkStatus();
  }
  std::vector<std::string> octets = absl::StrSplit(host, '.');
  bool ipv4_loopback = octets.size() == 4 && octets[0] == "127";
  for (const std::string& o : octets) {
    int v = 0;
    ipv4_loopback = ipv4_loopback && absl::SimpleAtoi(o, &v) && v >= 0 && v <= 255;
  }
  if (ipv4_loopback) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "host '", host, "' is not a loopback address; the benchmarks only load this machine"));
}

absl::Status RequireLoopbackTarget(const std::string& target) {
  absl::StatusOr<HostPort> hp = ParseHostPort(target);
  if (!hp.ok()) {
    return hp.status();
  }
  return RequireLoopbackHost(hp->host);
}

absl::StatusOr<std::string> ReadTrimmedFile(const std::string& path) {
  absl::StatusOr<std::string> content = ReadFileToString(path);
  if (!content.ok()) {
    return content.status();
  }
  std::string trimmed(absl::StripAsciiWhitespace(*content));
  if (trimmed.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is empty"));
  }
  return trimmed;
}

uint64_t SeedOrRandom(int flag_value) {
  if (flag_value != 0) {
    return static_cast<uint64_t>(flag_value);
  }
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

}  // namespace ccrm::bench
