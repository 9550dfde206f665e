// Tests of the TLS part of ConnectionOptions without a server: the files travel from MySqlConfig
// to the options, and ConnectionPool::Create refuses a client certificate that could be sent
// before the server is verified (it must not even try to connect).
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/config/service_config.h"
#include "common/mysql/connection_pool.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm::mysql {
namespace {

using ::ccrm::testing::StatusIs;

TEST(ConnectionOptionsTlsTest, FromConfigCarriesTheTlsFiles) {
  MySqlConfig config;
  config.user = "ccrm_customer_svc";
  config.database = "ccrm_customer";
  config.tls_ca_file = "/var/run/secrets/ccrm/mysql-tls/ca.crt";
  config.tls_cert_file = "/var/run/secrets/ccrm/mysql-tls/tls.crt";
  config.tls_key_file = "/var/run/secrets/ccrm/mysql-tls/tls.key";
  ASSERT_OK_AND_ASSIGN(ConnectionOptions options, ConnectionOptionsFromConfig(config));
  EXPECT_EQ(options.tls_ca_file, "/var/run/secrets/ccrm/mysql-tls/ca.crt");
  EXPECT_EQ(options.tls_cert_file, "/var/run/secrets/ccrm/mysql-tls/tls.crt");
  EXPECT_EQ(options.tls_key_file, "/var/run/secrets/ccrm/mysql-tls/tls.key");
}

TEST(ConnectionOptionsTlsTest, FromConfigLeavesTlsOffWithoutACa) {
  MySqlConfig config;
  config.user = "ccrm_customer_svc";
  config.database = "ccrm_customer";
  ASSERT_OK_AND_ASSIGN(ConnectionOptions options, ConnectionOptionsFromConfig(config));
  EXPECT_EQ(options.tls_ca_file, "");
  EXPECT_EQ(options.tls_cert_file, "");
  EXPECT_EQ(options.tls_key_file, "");
}

// Options whose only defect is `tls`; nothing listens on port 1, so an attempt to connect would
// come back UNAVAILABLE instead of INVALID_ARGUMENT.
ConnectionOptions Unreachable() {
  ConnectionOptions o;
  o.port = 1;
  o.user = "ccrm_customer_svc";
  o.connect_timeout = absl::Seconds(1);
  return o;
}

TEST(ConnectionPoolTlsTest, ClientCertificateWithoutKeyIsRefusedBeforeConnecting) {
  ConnectionOptions o = Unreachable();
  o.tls_ca_file = "/ca.pem";
  o.tls_cert_file = "/client.pem";
  EXPECT_EQ(
      ConnectionPool::Create(o, 1).status(),
      absl::InvalidArgumentError("a MySQL client certificate needs its key, and the reverse"));
  o.tls_cert_file = "";
  o.tls_key_file = "/client.key";
  EXPECT_EQ(
      ConnectionPool::Create(o, 1).status(),
      absl::InvalidArgumentError("a MySQL client certificate needs its key, and the reverse"));
}

TEST(ConnectionPoolTlsTest, ClientCertificateWithoutCaIsRefusedBeforeConnecting) {
  ConnectionOptions o = Unreachable();
  o.tls_cert_file = "/client.pem";
  o.tls_key_file = "/client.key";
  EXPECT_EQ(
      ConnectionPool::Create(o, 1).status(),
      absl::InvalidArgumentError("a MySQL client certificate needs a CA to verify the server"));
}

TEST(ConnectionPoolTlsTest, UnreachableServerIsUnavailableWithTls) {
  // The control for the two tests above: these options do try to connect when TLS is consistent.
  ConnectionOptions o = Unreachable();
  o.tls_ca_file = "/ca.pem";
  EXPECT_THAT(ConnectionPool::Create(o, 1), StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace ccrm::mysql
