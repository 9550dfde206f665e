// A TCP proxy that can make what is behind it slow: it forwards every connection from its own
// port (127.0.0.1, chosen by the kernel) to a target port, holding each chunk of bytes for the
// current delay in either direction. Set between the services and MariaDB it makes the database
// slow without stopping it; a delay of zero forwards at once.
//
// Example:
//   ASSERT_OK_AND_ASSIGN(auto proxy, TcpDelayProxy::Start(db->port()));
//   services connect to proxy->port();
//   proxy->set_delay(absl::Milliseconds(300));   // every round trip now takes >= 600 ms
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ccrm::fault {

class TcpDelayProxy final {
 public:
  // INTERNAL when it cannot listen.
  static absl::StatusOr<std::unique_ptr<TcpDelayProxy>> Start(int target_port);
  // Closes the listener and every forwarded connection.
  ~TcpDelayProxy();

  int port() const { return port_; }
  void set_delay(absl::Duration delay) {
    delay_us_.store(absl::ToInt64Microseconds(delay), std::memory_order_relaxed);
  }
  // Connections accepted so far.
  int connections() const { return connections_.load(); }

 private:
  TcpDelayProxy() = default;
  void AcceptLoop();
  // Copies `from` to `to` until either side closes, delaying each chunk.
  void Pump(int from, int to);

  int target_port_ = 0;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> delay_us_{0};
  std::atomic<int> connections_{0};
  std::thread acceptor_;
  absl::Mutex mu_;
  std::vector<int> open_fds_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> pumps_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ccrm::fault
