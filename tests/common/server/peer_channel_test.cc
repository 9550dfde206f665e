// PeerChannel, the channel a service dials a peer with: calls are spread over every address the
// peer's name resolves to (round_robin, as over a Kubernetes headless Service), not pinned to the
// first connection.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/config/service_config.h"
#include "common/server/bootstrap.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_service.grpc.pb.h"

namespace ccrm {
namespace {

using ::ccrm::test::v1::EchoRequest;
using ::ccrm::test::v1::EchoResponse;
using ::ccrm::test::v1::TestService;

// Answers Echo with its own name, so the test sees which replica served a call.
class NamedReplica final : public TestService::Service {
 public:
  explicit NamedReplica(std::string name) : name_(std::move(name)) {}
  grpc::Status Echo(grpc::ServerContext*, const EchoRequest*, EchoResponse* response) override {
    response->set_text(name_);
    return grpc::Status::OK;
  }

 private:
  std::string name_;
};

struct RunningReplica {
  std::unique_ptr<NamedReplica> service;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
};

RunningReplica StartReplica(const std::string& name) {
  RunningReplica r;
  r.service = std::make_unique<NamedReplica>(name);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &r.port);
  builder.RegisterService(r.service.get());
  r.server = builder.BuildAndStart();
  return r;
}

TEST(PeerChannelTest, SpreadsCallsOverEveryResolvedAddress) {
  std::vector<RunningReplica> replicas;
  replicas.push_back(StartReplica("a"));
  replicas.push_back(StartReplica("b"));
  replicas.push_back(StartReplica("c"));
  std::vector<std::string> addresses;
  for (const RunningReplica& r : replicas) {
    ASSERT_NE(r.server, nullptr);
    addresses.push_back(absl::StrCat("127.0.0.1:", r.port));
  }
  PeerConfig peer("replicas", "");
  // One name, three addresses: what DNS answers for a headless Service with three pods.
  peer.address = absl::StrCat("ipv4:", absl::StrJoin(addresses, ","));
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = PeerChannel(peer);
  ASSERT_TRUE(channel.ok()) << channel.status();
  auto stub = TestService::NewStub(*channel);

  auto call = [&]() -> std::string {
    grpc::ClientContext context;
    context.set_wait_for_ready(true);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    EchoRequest request;
    EchoResponse response;
    grpc::Status status = stub->Echo(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.text();
  };
  // Until every replica is connected the picker only knows the ready ones.
  std::map<std::string, int> seen;
  for (int i = 0; i < 1000 && seen.size() < replicas.size(); ++i) {
    ++seen[call()];
  }
  ASSERT_EQ(seen.size(), replicas.size()) << "calls went to " << seen.size() << " replica(s)";
  // Then strictly in turn: 30 calls, 10 each.
  std::map<std::string, int> served;
  for (int i = 0; i < 30; ++i) {
    ++served[call()];
  }
  EXPECT_THAT(served,
              ::testing::UnorderedElementsAre(::testing::Pair("a", 10), ::testing::Pair("b", 10),
                                              ::testing::Pair("c", 10)));
  for (RunningReplica& r : replicas) {
    r.server->Shutdown();
  }
}

}  // namespace
}  // namespace ccrm
