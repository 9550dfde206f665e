#include "common/metrics/metrics_http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"

namespace ccrm {
namespace {

constexpr char kExpositionContentType[] = "text/plain; version=0.0.4; charset=utf-8";
// Scrapes and probes are rare and cheap; two workers keep a slow client from blocking a probe.
constexpr size_t kWorkerThreads = 2;

}  // namespace

MetricsHttpServer::MetricsHttpServer(const MetricsRegistry* registry, std::function<bool()> ready)
    : registry_(registry), ready_(std::move(ready)) {}

MetricsHttpServer::~MetricsHttpServer() { Stop(); }

absl::Status MetricsHttpServer::Start(const std::string& host, int port) {
  absl::MutexLock lock(&mu_);
  if (started_) {
    return absl::FailedPreconditionError("metrics HTTP server already started");
  }
  if (port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("metrics port ", port, " is out of range"));
  }
  auto server = std::make_unique<httplib::Server>();
  server->new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  // httplib's default sets SO_REUSEPORT, which would let a second process bind the same port and
  // silently take half the scrapes. SO_REUSEADDR alone still allows a quick restart.
  server->set_socket_options([](socket_t socket) {
    int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  const MetricsRegistry* registry = registry_;
  server->Get("/metrics", [registry](const httplib::Request&, httplib::Response& response) {
    response.set_content(registry->RenderText(), kExpositionContentType);
  });
  server->Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok", "text/plain; charset=utf-8");
  });
  server->Get("/readyz", [this](const httplib::Request&, httplib::Response& response) {
    const bool ready = !ready_ || ready_();
    response.status = ready ? 200 : 503;
    response.set_content(ready ? "ready" : "not ready", "text/plain; charset=utf-8");
  });

  int bound_port = -1;
  if (port == 0) {
    bound_port = server->bind_to_any_port(host);
  } else if (server->bind_to_port(host, port)) {
    bound_port = port;
  }
  if (bound_port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("metrics HTTP server cannot bind ", host, ":", port));
  }

  // The socket already listens (the kernel queues connections); wait until the accept loop runs
  // too, because httplib's stop() does nothing before that and Stop() would then hang.
  auto finished = std::make_shared<std::atomic<bool>>(false);
  httplib::Server* raw_server = server.get();
  serve_thread_ = std::thread([raw_server, finished] {
    raw_server->listen_after_bind();
    finished->store(true);
  });
  while (!raw_server->is_running() && !finished->load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (finished->load()) {
    serve_thread_.join();
    return absl::UnavailableError(
        absl::StrCat("metrics HTTP server on ", host, ":", bound_port, " stopped at once"));
  }
  server_ = std::move(server);
  port_ = bound_port;
  started_ = true;
  return absl::OkStatus();
}

int MetricsHttpServer::port() const {
  absl::MutexLock lock(&mu_);
  return port_;
}

void MetricsHttpServer::Stop() {
  std::unique_ptr<httplib::Server> server;
  std::thread serve_thread;
  {
    absl::MutexLock lock(&mu_);
    server = std::move(server_);
    serve_thread = std::move(serve_thread_);
    port_ = 0;
  }
  if (server != nullptr) {
    server->stop();
    serve_thread.join();
  }
}

}  // namespace ccrm
