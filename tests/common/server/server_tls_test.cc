// TLS and mutual TLS on ServerRunner: certificates are made at test time with the openssl
// command (a throwaway CA, a server certificate for localhost/127.0.0.1, client certificates
// from that CA and from a stranger CA); the health service is the call that must or must not
// get through.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/auth/jwt.h"
#include "common/auth/permission_table.h"
#include "common/config/service_config.h"
#include "common/metrics/metrics.h"
#include "common/server/server_runner.h"
#include "common/testing/service_process.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace ccrm {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

// Runs a shell command; fails the test when it does not succeed.
void Sh(const std::string& command) { ASSERT_EQ(std::system(command.c_str()), 0) << command; }

// A CA in `dir`/<name>-ca.{key,pem} and a leaf <leaf>.{key,pem} it signed, with the given SAN.
void MakeCaAndLeaf(const std::string& dir, const std::string& ca, const std::string& leaf,
                   const std::string& san) {
  Sh(absl::StrCat("cd ", dir, " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ", ca,
                  ".key -out ", ca, ".pem -days 1 -subj /CN=", ca, " 2>/dev/null"));
  Sh(absl::StrCat("cd ", dir, " && openssl req -new -newkey rsa:2048 -nodes -keyout ", leaf,
                  ".key -out ", leaf, ".csr -subj /CN=", leaf, " 2>/dev/null"));
  Sh(absl::StrCat("cd ", dir, " && printf 'subjectAltName=", san, "' > ", leaf, ".ext"));
  Sh(absl::StrCat("cd ", dir, " && openssl x509 -req -in ", leaf, ".csr -CA ", ca, ".pem -CAkey ",
                  ca, ".key -CAcreateserial -out ", leaf, ".pem -days 1 -extfile ", leaf,
                  ".ext 2>/dev/null"));
}

std::string Read(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  return text.ok() ? *text : std::string();
}

class ServerTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("ccrm-tls-");
    ASSERT_FALSE(dir_.empty());
    MakeCaAndLeaf(dir_, "ca", "server", "DNS:localhost,IP:127.0.0.1");
    MakeCaAndLeaf(dir_, "ca2", "client", "DNS:client");  // signed by ca2 ...
    Sh(absl::StrCat("cd ", dir_,
                    " && mv client.pem stranger-client.pem && mv client.key "
                    "stranger-client.key"));
    Sh(absl::StrCat("cd ", dir_,
                    " && openssl req -new -newkey rsa:2048 -nodes -keyout "
                    "client.key -out client.csr -subj /CN=client 2>/dev/null && openssl x509 "
                    "-req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out "
                    "client.pem -days 1 2>/dev/null"));  // ... and one signed by ca
    JwtVerifierOptions options;
    options.issuer = "ccrm-test";
    options.audience = "ccrm";
    options.keys.push_back(JwtKey{"", JwtAlgorithm::kHs256, std::string(32, 'k')});
    absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier =
        JwtVerifier::Create(options, &SystemClock::Get());
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = *std::move(verifier);
  }

  void StartServer(bool require_client_certificates) {
    ServerConfig config;
    config.listen = "127.0.0.1:0";
    config.worker_threads = 2;
    config.drain_timeout = absl::Seconds(1);
    config.tls_cert_file = dir_ + "/server.pem";
    config.tls_key_file = dir_ + "/server.key";
    if (require_client_certificates) {
      config.tls_client_ca_file = dir_ + "/ca.pem";
    }
    ASSERT_TRUE(config.Validate().ok()) << config.Validate();
    runner_ = std::make_unique<ServerRunner>(
        config, ServerDeps{verifier_.get(), &permissions_, &metrics_, &SystemClock::Get()});
    absl::Status started = runner_->Start();
    ASSERT_TRUE(started.ok()) << started;
  }

  // OK when a health check over these credentials reaches the server.
  grpc::Status Check(std::shared_ptr<grpc::ChannelCredentials> credentials) {
    grpc::ChannelArguments args;
    // The server certificate names localhost; connect by address but verify that name.
    args.SetSslTargetNameOverride("localhost");
    auto channel =
        grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", runner_->port()), credentials, args);
    std::unique_ptr<Health::Stub> stub = Health::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    HealthCheckResponse response;
    grpc::Status status = stub->Check(&context, HealthCheckRequest(), &response);
    if (status.ok() && response.status() != HealthCheckResponse::SERVING) {
      return grpc::Status(grpc::StatusCode::INTERNAL, "not serving");
    }
    return status;
  }

  std::shared_ptr<grpc::ChannelCredentials> Tls(const std::string& client_cert = "") {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = Read(dir_ + "/ca.pem");
    if (!client_cert.empty()) {
      ssl.pem_cert_chain = Read(dir_ + "/" + client_cert + ".pem");
      ssl.pem_private_key = Read(dir_ + "/" + client_cert + ".key");
    }
    return grpc::SslCredentials(ssl);
  }

  void TearDown() override {
    if (runner_ != nullptr) {
      runner_->Shutdown();
    }
    Sh(absl::StrCat("rm -rf ", dir_));
  }

  std::string dir_;
  std::unique_ptr<JwtVerifier> verifier_;
  PermissionTable permissions_;
  MetricsRegistry metrics_;
  std::unique_ptr<ServerRunner> runner_;
};

TEST_F(ServerTlsTest, TlsServesClientsThatTrustItsCaAndRefusesPlaintext) {
  StartServer(/*require_client_certificates=*/false);
  EXPECT_TRUE(Check(Tls()).ok());
  EXPECT_EQ(Check(grpc::InsecureChannelCredentials()).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ServerTlsTest, MutualTlsNeedsAClientCertificateFromTheConfiguredCa) {
  StartServer(/*require_client_certificates=*/true);
  EXPECT_TRUE(Check(Tls("client")).ok());
  EXPECT_EQ(Check(Tls()).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Check(Tls("stranger-client")).error_code(), grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace ccrm
