// Tests of the database TLS settings of MySqlConfig: their flags and CCRM_* variables, and the
// exact problems Validate reports (certificate and key together, both only with a CA, readable
// files).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "common/config/flags.h"
#include "common/config/service_config.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm {
namespace {

using ::ccrm::testing::StatusIs;

// A file that exists for the duration of a test.
class TempFile final {
 public:
  explicit TempFile(const std::string& content) {
    char name[] = "/tmp/ccrm_mysql_tls_config_test_XXXXXX";
    int fd = mkstemp(name);
    EXPECT_GE(fd, 0);
    close(fd);
    path_ = name;
    std::ofstream(path_) << content;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

constexpr char kMissingCa[] = "/nonexistent/ccrm/mysql-ca.pem";
constexpr char kMissingKey[] = "/nonexistent/ccrm/mysql-client.key";

// Valid apart from whatever TLS settings a test adds.
MySqlConfig ValidConfig() {
  MySqlConfig c;
  c.user = "ccrm_customer_svc";
  c.database = "ccrm_customer";
  c.migrations_dir = "/opt/ccrm/migrations";
  return c;
}

TEST(MySqlTlsConfigTest, TlsIsOffByDefault) {
  MySqlConfig c = ValidConfig();
  EXPECT_EQ(c.tls_ca_file, "");
  EXPECT_EQ(c.tls_cert_file, "");
  EXPECT_EQ(c.tls_key_file, "");
  EXPECT_OK(c.Validate());
}

TEST(MySqlTlsConfigTest, FlagsAndEnvironmentSetTheFiles) {
  MySqlConfig c;
  FlagSet flags("svc");
  c.Bind(flags);
  const std::map<std::string, std::string> env = {
      {"CCRM_MYSQL_TLS_CA_FILE", "/env/ca.pem"},
      {"CCRM_MYSQL_TLS_CERT_FILE", "/env/client.pem"},
      {"CCRM_MYSQL_TLS_KEY_FILE", "/env/client.key"},
  };
  const char* const argv[] = {"svc", "--mysql_tls_ca_file=/argv/ca.pem"};
  ASSERT_OK(flags.Parse(2, argv, [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  }));
  EXPECT_EQ(c.tls_ca_file, "/argv/ca.pem");
  EXPECT_EQ(c.tls_cert_file, "/env/client.pem");
  EXPECT_EQ(c.tls_key_file, "/env/client.key");
}

TEST(MySqlTlsConfigTest, CaAloneIsValid) {
  TempFile ca("ca");
  MySqlConfig c = ValidConfig();
  c.tls_ca_file = ca.path();
  EXPECT_OK(c.Validate());
}

TEST(MySqlTlsConfigTest, CaWithClientCertificateAndKeyIsValid) {
  TempFile ca("ca");
  TempFile cert("cert");
  TempFile key("key");
  MySqlConfig c = ValidConfig();
  c.tls_ca_file = ca.path();
  c.tls_cert_file = cert.path();
  c.tls_key_file = key.path();
  EXPECT_OK(c.Validate());
}

TEST(MySqlTlsConfigTest, CertificateWithoutKeyOrCa) {
  TempFile cert("cert");
  MySqlConfig c = ValidConfig();
  c.tls_cert_file = cert.path();
  EXPECT_EQ(c.Validate(),
            absl::InvalidArgumentError(
                "bad MySQL configuration: --mysql_tls_cert_file and --mysql_tls_key_file go "
                "together; --mysql_tls_ca_file is required with a client certificate"));
}

TEST(MySqlTlsConfigTest, KeyWithoutCertificate) {
  TempFile ca("ca");
  TempFile key("key");
  MySqlConfig c = ValidConfig();
  c.tls_ca_file = ca.path();
  c.tls_key_file = key.path();
  EXPECT_EQ(c.Validate(),
            absl::InvalidArgumentError("bad MySQL configuration: --mysql_tls_cert_file and "
                                       "--mysql_tls_key_file go together"));
}

TEST(MySqlTlsConfigTest, ClientCertificateNeedsTheCa) {
  TempFile cert("cert");
  TempFile key("key");
  MySqlConfig c = ValidConfig();
  c.tls_cert_file = cert.path();
  c.tls_key_file = key.path();
  EXPECT_EQ(c.Validate(),
            absl::InvalidArgumentError("bad MySQL configuration: --mysql_tls_ca_file is required "
                                       "with a client certificate"));
}

TEST(MySqlTlsConfigTest, FilesMustBeReadableFiles) {
  MySqlConfig c = ValidConfig();
  c.tls_ca_file = kMissingCa;
  c.tls_cert_file = "/tmp";  // a directory is not a certificate
  c.tls_key_file = kMissingKey;
  EXPECT_EQ(c.Validate(),
            absl::InvalidArgumentError(
                "bad MySQL configuration: --mysql_tls_ca_file: cannot read "
                "\"/nonexistent/ccrm/mysql-ca.pem\"; --mysql_tls_cert_file: cannot read \"/tmp\"; "
                "--mysql_tls_key_file: cannot read \"/nonexistent/ccrm/mysql-client.key\""));
}

TEST(MySqlTlsConfigTest, TlsProblemsComeWithTheOthers) {
  MySqlConfig c = ValidConfig();
  c.user = "";
  c.tls_ca_file = kMissingCa;
  EXPECT_THAT(c.Validate(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "bad MySQL configuration: --mysql_user is required; --mysql_tls_ca_file: "
                       "cannot read \"/nonexistent/ccrm/mysql-ca.pem\""));
}

TEST(MySqlTlsConfigTest, UsageNamesTheFlagsAndTheirVariables) {
  MySqlConfig c;
  FlagSet flags("svc");
  c.Bind(flags);
  const std::string usage = flags.Usage();
  for (const char* name : {"mysql_tls_ca_file", "mysql_tls_cert_file", "mysql_tls_key_file"}) {
    SCOPED_TRACE(name);
    EXPECT_THAT(usage, ::testing::HasSubstr(std::string("--") + name));
    EXPECT_THAT(usage, ::testing::HasSubstr(FlagSet::EnvName(name)));
  }
}

}  // namespace
}  // namespace ccrm
