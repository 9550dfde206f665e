#include "tools/ccrmctl/connection.h"

#include <arpa/inet.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status/status_macros.h"
#include "tools/ccrmctl/cli_errors.h"

namespace ccrm::ctl {
namespace {

bool IsLoopbackHost(absl::string_view host) {
  if (absl::EqualsIgnoreCase(host, "localhost")) {
    return true;
  }
  const std::string text(host);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) {
      return true;
    }
    // ::ffff:127.x.x.x, an IPv4 loopback address written as IPv6.
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

// "host:port", "[v6]:port", "v6" or "host" → the host.
absl::string_view HostOf(absl::string_view address) {
  if (absl::StartsWith(address, "[")) {
    const size_t close = address.find(']');
    return close == absl::string_view::npos ? address : address.substr(1, close - 1);
  }
  const size_t first = address.find(':');
  if (first == absl::string_view::npos) {
    return address;
  }
  if (address.find(':', first + 1) != absl::string_view::npos) {
    return address;  // a bare IPv6 address, no port
  }
  return address.substr(0, first);
}

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view what) {
  std::ifstream file(path);
  if (!file) {
    return UsageError(absl::StrCat("cannot read ", what, " ", path));
  }
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace

bool IsLoopbackAddress(absl::string_view address) {
  if (absl::StartsWith(address, "unix:") || absl::StartsWith(address, "unix-abstract:")) {
    return true;
  }
  absl::string_view rest = address;
  if (absl::ConsumePrefix(&rest, "dns:")) {
    // dns:[//authority/]host:port — the authority is the DNS server, not the target.
    if (absl::ConsumePrefix(&rest, "//")) {
      const size_t slash = rest.find('/');
      rest = slash == absl::string_view::npos ? absl::string_view() : rest.substr(slash + 1);
    }
  } else if (absl::ConsumePrefix(&rest, "ipv4:") || absl::ConsumePrefix(&rest, "ipv6:")) {
    for (absl::string_view one : absl::StrSplit(rest, ',')) {
      if (!IsLoopbackHost(HostOf(one))) {
        return false;
      }
    }
    return !rest.empty();
  }
  return !rest.empty() && IsLoopbackHost(HostOf(rest));
}

absl::StatusOr<Transport> ChooseTransport(const GlobalOptions& options) {
  if (options.tls || !options.tls_ca_file.empty()) {
    return Transport{true, options.tls_ca_file};
  }
  if (!options.insecure && !IsLoopbackAddress(options.address)) {
    return UsageError(absl::StrCat(
        "refusing plaintext to ", options.address,
        ", which is not a loopback address: give --tls or --tls_ca_file, or --insecure if you "
        "mean it"));
  }
  return Transport{};
}

absl::StatusOr<std::string> BearerToken(const GlobalOptions& options) {
  std::string token = options.token;
  if (token.empty() && !options.token_file.empty()) {
    ASSIGN_OR_RETURN(const std::string content, ReadFile(options.token_file, "token file"));
    token = std::string(absl::StripAsciiWhitespace(content));
    if (token.empty()) {
      return UsageError(absl::StrCat("token file ", options.token_file, " is empty"));
    }
  }
  return std::string(absl::StripAsciiWhitespace(token));
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const GlobalOptions& options) {
  ASSIGN_OR_RETURN(const Transport transport, ChooseTransport(options));
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (transport.tls) {
    grpc::SslCredentialsOptions ssl;
    if (!transport.ca_file.empty()) {
      ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadFile(transport.ca_file, "CA file"));
    }
    credentials = grpc::SslCredentials(ssl);
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  return grpc::CreateChannel(options.address, credentials);
}

}  // namespace ccrm::ctl
