// A small HTTP server for Prometheus scrapes and probes: GET /metrics answers the registry's
// exposition (Content-Type text/plain; version=0.0.4), GET /healthz answers "ok" (the process
// answers), GET /readyz answers 200 "ready" while the service takes calls and 503 "not ready"
// before it does and once it drains — for probes that cannot speak gRPC over mTLS (Kubernetes'
// native gRPC probe is plaintext only). It runs on its own threads, apart from the gRPC server.
//
// Example:
//   MetricsHttpServer metrics_server(&registry);
//   RETURN_IF_ERROR(metrics_server.Start("0.0.0.0", config.metrics_port));
//   ...
//   metrics_server.Stop();
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/metrics/metrics.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace ccrm {

class MetricsHttpServer final {
 public:
  // `registry` must outlive the server. `ready` answers /readyz (called on the server's threads);
  // empty = always ready.
  explicit MetricsHttpServer(const MetricsRegistry* registry,
                             std::function<bool()> ready = nullptr);
  ~MetricsHttpServer();
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  // Binds host:port (port 0 picks a free port, see port()) and serves in the background; returns
  // once the socket accepts connections. Returns INVALID_ARGUMENT for a port outside 0..65535,
  // UNAVAILABLE when the address cannot be bound (in use, unknown host), FAILED_PRECONDITION when
  // called a second time on the same object.
  absl::Status Start(const std::string& host, int port);

  // The bound port while serving, otherwise 0.
  int port() const;

  // Stops accepting, finishes the requests in flight and joins the threads. Idempotent; also run
  // by the destructor.
  void Stop();

 private:
  const MetricsRegistry* const registry_;
  const std::function<bool()> ready_;
  mutable absl::Mutex mu_;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  int port_ ABSL_GUARDED_BY(mu_) = 0;
  std::unique_ptr<httplib::Server> server_ ABSL_GUARDED_BY(mu_);
  std::thread serve_thread_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ccrm
