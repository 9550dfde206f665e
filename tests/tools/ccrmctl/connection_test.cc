// Which addresses count as loopback, when plaintext is refused, and where the bearer token comes
// from.
#include "tools/ccrmctl/connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "common/testing/status_matchers.h"
#include "tools/ccrmctl/cli_errors.h"

namespace ccrm::ctl {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;

std::string WriteTempFile(const std::string& content) {
  char path[] = "/tmp/ccrmctl-test-XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << content;
  return path;
}

TEST(IsLoopbackAddressTest, LocalAddressesInEveryForm) {
  for (const char* address :
       {"127.0.0.1:8080", "127.10.20.30:1", "localhost:50051", "LOCALHOST", "[::1]:8080", "::1",
        "dns:///localhost:8080", "dns://8.8.8.8/127.0.0.1:80", "ipv4:127.0.0.1:1,127.0.0.2:2",
        "ipv6:[::1]:443", "[::ffff:127.0.0.1]:80", "unix:/run/ccrm.sock", "unix-abstract:ccrm"}) {
    EXPECT_TRUE(IsLoopbackAddress(address)) << address;
  }
}

TEST(IsLoopbackAddressTest, EverythingElseIsRemote) {
  for (const char* address :
       {"10.0.0.5:50051", "gateway.bank.internal:443", "0.0.0.0:8080", "128.0.0.1:80",
        "[2001:db8::1]:443", "dns:///gateway:443", "ipv4:127.0.0.1:1,10.0.0.1:2",
        "localhost.evil.example:80", "", "dns:"}) {
    EXPECT_FALSE(IsLoopbackAddress(address)) << address;
  }
}

TEST(ChooseTransportTest, PlaintextOnlyToLoopbackUnlessInsecure) {
  GlobalOptions options;
  options.address = "127.0.0.1:8080";
  ASSERT_OK_AND_ASSIGN(Transport local, ChooseTransport(options));
  EXPECT_FALSE(local.tls);

  options.address = "gateway.bank.internal:443";
  const absl::Status refused = ChooseTransport(options).status();
  EXPECT_TRUE(IsUsageError(refused));
  EXPECT_EQ(refused.message(),
            "refusing plaintext to gateway.bank.internal:443, which is not a loopback address: "
            "give --tls or --tls_ca_file, or --insecure if you mean it");
  EXPECT_THAT(OpenChannel(options), StatusIs(absl::StatusCode::kInvalidArgument));

  options.insecure = true;
  ASSERT_OK_AND_ASSIGN(Transport forced, ChooseTransport(options));
  EXPECT_FALSE(forced.tls);
}

TEST(ChooseTransportTest, TlsWhenAskedForWhateverTheAddress) {
  GlobalOptions options;
  options.address = "gateway.bank.internal:443";
  options.tls = true;
  ASSERT_OK_AND_ASSIGN(Transport system_roots, ChooseTransport(options));
  EXPECT_TRUE(system_roots.tls);
  EXPECT_EQ(system_roots.ca_file, "");

  options.tls = false;
  options.tls_ca_file = "/etc/ccrm/ca.pem";
  ASSERT_OK_AND_ASSIGN(Transport own_ca, ChooseTransport(options));
  EXPECT_TRUE(own_ca.tls);
  EXPECT_EQ(own_ca.ca_file, "/etc/ccrm/ca.pem");

  // The CA file is read when the channel is made.
  options.tls_ca_file = "/nonexistent/ca.pem";
  const absl::Status unreadable = OpenChannel(options).status();
  EXPECT_TRUE(IsUsageError(unreadable));
  EXPECT_EQ(unreadable.message(), "cannot read CA file /nonexistent/ca.pem");
}

TEST(BearerTokenTest, FromTheTokenOrItsFile) {
  GlobalOptions options;
  ASSERT_OK_AND_ASSIGN(std::string none, BearerToken(options));
  EXPECT_EQ(none, "");

  options.token = "  eyJ.flag \n";
  ASSERT_OK_AND_ASSIGN(std::string from_flag, BearerToken(options));
  EXPECT_EQ(from_flag, "eyJ.flag");

  options.token = "";
  options.token_file = WriteTempFile("eyJ.file\n");
  ASSERT_OK_AND_ASSIGN(std::string from_file, BearerToken(options));
  EXPECT_EQ(from_file, "eyJ.file");
  std::remove(options.token_file.c_str());

  options.token_file = WriteTempFile(" \n");
  const absl::Status empty = BearerToken(options).status();
  EXPECT_TRUE(IsUsageError(empty));
  EXPECT_THAT(empty.message(), HasSubstr("is empty"));
  std::remove(options.token_file.c_str());

  options.token_file = "/nonexistent/ccrm.token";
  const absl::Status missing = BearerToken(options).status();
  EXPECT_TRUE(IsUsageError(missing));
  EXPECT_EQ(missing.message(), "cannot read token file /nonexistent/ccrm.token");
}

}  // namespace
}  // namespace ccrm::ctl
