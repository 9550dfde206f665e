// Small pieces the benchmark tools share: refusing targets off this machine, reading a token or
// password file, and a seed for the random choices.
//
// Example:
//   RETURN_IF_ERROR(RequireLoopbackTarget("127.0.0.1:50051"));
//   ASSIGN_OR_RETURN(std::string token, ReadTrimmedFile("/tmp/bench/token"));
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ccrm::bench {

// OK when `host` is a loopback address: 127.0.0.0/8, "localhost" or ::1. INVALID_ARGUMENT
// otherwise: load only ever goes to this machine.
absl::Status RequireLoopbackHost(const std::string& host);
// Same for "host:port" (or "[v6]:port"); INVALID_ARGUMENT also when it is not host:port.
absl::Status RequireLoopbackTarget(const std::string& target);

// The file's content without surrounding white space. NOT_FOUND when it cannot be read,
// INVALID_ARGUMENT when it is empty.
absl::StatusOr<std::string> ReadTrimmedFile(const std::string& path);

// `flag_value` when not zero, else a random seed.
uint64_t SeedOrRandom(int flag_value);

}  // namespace ccrm::bench
