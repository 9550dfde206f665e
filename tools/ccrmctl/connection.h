// How ccrmctl reaches the address it is given: TLS when asked (--tls, --tls_ca_file), plaintext
// only to a loopback address unless --insecure says otherwise, so a bearer token never crosses a
// network in clear by accident; and the token itself, from --token or a token file.
//
// Example:
//   ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel, OpenChannel(invocation.global));
//   ASSIGN_OR_RETURN(std::string token, BearerToken(invocation.global));
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/ccrmctl/command_line.h"

namespace ccrm::ctl {

// True for an address that stays on this machine: localhost, 127.0.0.0/8, ::1 (with or without
// a port, brackets, or a "dns:"/"ipv4:"/"ipv6:" scheme; every address of a list), and unix
// sockets.
bool IsLoopbackAddress(absl::string_view address);

struct Transport {
  bool tls = false;
  // PEM file of the CA certificates to trust; empty = the system's roots.
  std::string ca_file;
};

// TLS when --tls or --tls_ca_file is given; else plaintext, which is a UsageError for an address
// that is not loopback unless --insecure is given.
absl::StatusOr<Transport> ChooseTransport(const GlobalOptions& options);

// The bearer token from --token, or from the file --token_file names (surrounding whitespace
// trimmed); "" when neither is set. UsageError when the file cannot be read or is empty.
absl::StatusOr<std::string> BearerToken(const GlobalOptions& options);

// A channel to options.address over the chosen transport. UsageError when plaintext is refused
// or the CA file cannot be read. Connecting happens on the first call.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const GlobalOptions& options);

}  // namespace ccrm::ctl
