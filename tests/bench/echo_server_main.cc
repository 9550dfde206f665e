// ccrm-echo-server: the "bare gRPC" baseline of tests/bench. A callback-API server whose one
// method answers each request with its payload, finishing at once on gRPC's own thread: no
// authentication, no interceptors, no worker pool, no database. What the services add on top of
// this is what the benchmark's ratios show.
//
// Example:
//   ccrm-echo-server --listen=127.0.0.1:0 --ready_file=/tmp/bench/echo.ready
//   # the ready file then holds {"grpc_port":40123}
//
// Runs until SIGTERM or SIGINT. Exit status: 0 after a clean stop, 1 when it cannot listen or
// write the ready file, 2 for bad flags.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ccrm/bench/v1/echo.grpc.pb.h"
#include "common/config/flags.h"
#include "common/config/service_config.h"

namespace ccrm::bench {
namespace {

namespace epb = ::ccrm::bench::v1;

class EchoService final : public epb::Echo::CallbackService {
 public:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const epb::EchoRequest* request,
                                 epb::EchoResponse* response) override {
    response->set_payload(request->payload());
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

absl::Status WriteReadyFile(const std::string& path, int port) {
  if (path.empty()) {
    return absl::OkStatus();
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "{\"grpc_port\":" << port << "}\n";
    if (!out.good()) {
      return absl::InternalError(absl::StrCat("cannot write ", tmp));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot rename ", tmp, " to ", path));
  }
  return absl::OkStatus();
}

int Run(int argc, char** argv) {
  // Blocked before gRPC starts its threads, so only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::string listen = "127.0.0.1:0";
  std::string ready_file;
  FlagSet flags("ccrm-echo-server");
  flags.Add("listen", &listen, "host:port to serve on; port 0 picks a free one");
  flags.Add("ready_file", &ready_file, "written with {\"grpc_port\":N} once serving");
  if (absl::Status s = flags.Parse(argc, argv); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  if (absl::StatusOr<HostPort> hp = ParseHostPort(listen); !hp.ok()) {
    ExitWithUsage(flags,
                  absl::InvalidArgumentError(absl::StrCat("--listen: ", hp.status().message())));
  }

  EchoService service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "ccrm-echo-server: cannot listen on %s\n", listen.c_str());
    return 1;
  }
  if (absl::Status s = WriteReadyFile(ready_file, port); !s.ok()) {
    std::fprintf(stderr, "ccrm-echo-server: %s\n", s.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "ccrm-echo-server: serving on port %d\n", port);

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  if (!ready_file.empty()) {
    std::remove(ready_file.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace ccrm::bench

int main(int argc, char** argv) { return ccrm::bench::Run(argc, argv); }
