// Runs a real service binary for integration tests: starts it with flags, waits until it writes
// its ready file ({"grpc_port":N,"metrics_port":M}), and stops it with SIGTERM (then SIGKILL) on
// destruction. Its stderr/log goes to a file in a temp dir the test can read (e.g. to check
// nothing personal was logged); the dir goes away with the object (CCRM_KEEP_TEST_DIRS=1 keeps it).
//
// Example:
//   ASSERT_OK_AND_ASSIGN(auto service, ServiceProcess::Start(binary, {"--listen=127.0.0.1:0",
//   ...})); auto channel = grpc::CreateChannel(service->address(),
//   grpc::InsecureChannelCredentials());
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ccrm::testing {

class ServiceProcess final {
 public:
  // Adds --ready_file and --log_file in a fresh temp dir. DEADLINE_EXCEEDED (with the log tail)
  // if it is not ready within `timeout`; INTERNAL if it exits first.
  static absl::StatusOr<std::unique_ptr<ServiceProcess>> Start(
      const std::string& binary, std::vector<std::string> args,
      absl::Duration timeout = absl::Seconds(30));
  ~ServiceProcess();

  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(grpc_port_); }
  const std::string& log_path() const { return log_path_; }
  // The process id; -1 once it was stopped or killed.
  pid_t pid() const { return pid_; }
  std::string ReadLog() const;

  // SIGTERM and wait up to `timeout`; returns the exit status (as waitpid reports it), or -1 if it
  // had to be killed.
  int Stop(absl::Duration timeout = absl::Seconds(30));
  // SIGKILL, as a crash would.
  void Kill();

 private:
  ServiceProcess() = default;

  pid_t pid_ = -1;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
  std::string dir_;
  std::string log_path_;
};

// Runs a binary to completion (e.g. --migrate_only); returns its exit code and combined output.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult RunCommand(const std::string& binary, const std::vector<std::string>& args);

// A fresh temporary directory (mkdtemp under $TMPDIR or /tmp).
std::string MakeTempDir(const std::string& prefix);

// Writes `content` to `path` readable by its owner only (0600), as a service expects its
// password, key and token files. INTERNAL when it cannot be written.
absl::Status WriteSecretFile(const std::string& path, const std::string& content);

}  // namespace ccrm::testing
