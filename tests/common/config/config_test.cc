// Tests of common/config: flag parsing (precedence, forms, errors), host:port parsing and the
// Validate methods of the shared configuration structs.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/config/flags.h"
#include "common/config/service_config.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// An environment the test controls.
class FakeEnv final {
 public:
  explicit FakeEnv(std::map<std::string, std::string> vars = {}) : vars_(std::move(vars)) {}
  std::function<const char*(const char*)> Lookup() const {
    return [this](const char* name) -> const char* {
      auto it = vars_.find(name);
      return it == vars_.end() ? nullptr : it->second.c_str();
    };
  }

 private:
  std::map<std::string, std::string> vars_;
};

// argv as Parse wants it, with a program name first.
class Args final {
 public:
  Args(std::initializer_list<std::string> args) : storage_(args) {
    storage_.insert(storage_.begin(), "prog");
    for (const std::string& a : storage_) {
      pointers_.push_back(a.c_str());
    }
  }
  int argc() const { return static_cast<int>(pointers_.size()); }
  const char* const* argv() const { return pointers_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<const char*> pointers_;
};

struct Settings {
  std::string name = "default-name";
  int count = 7;
  bool verbose = false;
  absl::Duration timeout = absl::Seconds(3);
};

FlagSet Bind(Settings& s) {
  FlagSet flags("test-prog");
  flags.Add("name", &s.name, "a name");
  flags.Add("count", &s.count, "a count");
  flags.Add("verbose", &s.verbose, "talk more");
  flags.Add("timeout", &s.timeout, "how long");
  return flags;
}

const FakeEnv kNoEnv;

TEST(FlagSetTest, DefaultsStayWithoutArgsOrEnv) {
  Settings s;
  FlagSet flags = Bind(s);
  Args args({});
  ASSERT_OK(flags.Parse(args.argc(), args.argv(), kNoEnv.Lookup()));
  EXPECT_EQ(s.name, "default-name");
  EXPECT_EQ(s.count, 7);
  EXPECT_FALSE(s.verbose);
  EXPECT_EQ(s.timeout, absl::Seconds(3));
}

TEST(FlagSetTest, ArgvBeatsEnvBeatsDefault) {
  Settings s;
  FlagSet flags = Bind(s);
  FakeEnv env(std::map<std::string, std::string>{{"CCRM_NAME", "from-env"}, {"CCRM_COUNT", "11"}});
  Args args({"--name=from-argv"});
  ASSERT_OK(flags.Parse(args.argc(), args.argv(), env.Lookup()));
  EXPECT_EQ(s.name, "from-argv");  // argv over env
  EXPECT_EQ(s.count, 11);          // env over default
  EXPECT_EQ(s.timeout, absl::Seconds(3));
}

TEST(FlagSetTest, ValueFormsAndBareBool) {
  Settings s;
  FlagSet flags = Bind(s);
  Args args({"--name", "spaced value", "--count=42", "--verbose", "--timeout", "250ms"});
  ASSERT_OK(flags.Parse(args.argc(), args.argv(), kNoEnv.Lookup()));
  EXPECT_EQ(s.name, "spaced value");
  EXPECT_EQ(s.count, 42);
  EXPECT_TRUE(s.verbose);
  EXPECT_EQ(s.timeout, absl::Milliseconds(250));
}

TEST(FlagSetTest, ExplicitBoolValuesAndEmptyString) {
  Settings s;
  s.verbose = true;
  FlagSet flags = Bind(s);
  Args args({"--verbose=false", "--name="});
  ASSERT_OK(flags.Parse(args.argc(), args.argv(), kNoEnv.Lookup()));
  EXPECT_FALSE(s.verbose);
  EXPECT_EQ(s.name, "");
}

TEST(FlagSetTest, BoolFromEnv) {
  Settings s;
  FlagSet flags = Bind(s);
  FakeEnv env(std::map<std::string, std::string>{{"CCRM_VERBOSE", "true"}, {"CCRM_TIMEOUT", "1m"}});
  Args args({});
  ASSERT_OK(flags.Parse(args.argc(), args.argv(), env.Lookup()));
  EXPECT_TRUE(s.verbose);
  EXPECT_EQ(s.timeout, absl::Minutes(1));
}

TEST(FlagSetTest, UnknownFlag) {
  Settings s;
  FlagSet flags = Bind(s);
  Args args({"--nmae=x"});
  EXPECT_THAT(flags.Parse(args.argc(), args.argv(), kNoEnv.Lookup()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown flag --nmae")));
}

TEST(FlagSetTest, PositionalArgument) {
  Settings s;
  FlagSet flags = Bind(s);
  Args args({"stray"});
  EXPECT_THAT(flags.Parse(args.argc(), args.argv(), kNoEnv.Lookup()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"stray\"")));
}

TEST(FlagSetTest, MissingValue) {
  Settings s;
  FlagSet flags = Bind(s);
  Args args({"--count"});
  EXPECT_THAT(flags.Parse(args.argc(), args.argv(), kNoEnv.Lookup()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--count needs a value")));
}

TEST(FlagSetTest, BadInt) {
  for (const std::string bad : {"abc", "1.5", "99999999999", ""}) {
    SCOPED_TRACE(bad);
    Settings s;
    FlagSet flags = Bind(s);
    Args args({"--count=" + bad});
    EXPECT_THAT(flags.Parse(args.argc(), args.argv(), kNoEnv.Lookup()),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("--count"), HasSubstr("not an integer"))));
  }
}

TEST(FlagSetTest, BadBoolAndDuration) {
  Settings s;
  FlagSet flags = Bind(s);
  Args bad_bool({"--verbose=maybe"});
  EXPECT_THAT(flags.Parse(bad_bool.argc(), bad_bool.argv(), kNoEnv.Lookup()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("--verbose"), HasSubstr("not a boolean"))));
  Args bad_duration({"--timeout=30"});  // a unit is required
  EXPECT_THAT(flags.Parse(bad_duration.argc(), bad_duration.argv(), kNoEnv.Lookup()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("--timeout"), HasSubstr("not a duration"))));
}

TEST(FlagSetTest, EnvErrorNamesTheVariable) {
  Settings s;
  FlagSet flags = Bind(s);
  FakeEnv env(std::map<std::string, std::string>{{"CCRM_COUNT", "lots"}});
  Args args({});
  EXPECT_THAT(flags.Parse(args.argc(), args.argv(), env.Lookup()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"lots\""), HasSubstr("$CCRM_COUNT"))));
}

TEST(FlagSetTest, BadEnvIgnoredWhenArgvGivesTheFlag) {
  Settings s;
  FlagSet flags = Bind(s);
  FakeEnv env(std::map<std::string, std::string>{{"CCRM_COUNT", "lots"}});
  Args args({"--count=3"});
  ASSERT_OK(flags.Parse(args.argc(), args.argv(), env.Lookup()));
  EXPECT_EQ(s.count, 3);
}

TEST(FlagSetTest, HelpIsFailedPreconditionWithUsage) {
  for (const std::string help : {"--help", "-h"}) {
    Settings s;
    FlagSet flags = Bind(s);
    Args args({"--count=3", help});
    absl::Status status = flags.Parse(args.argc(), args.argv(), kNoEnv.Lookup());
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition,
                                 AllOf(HasSubstr("usage: test-prog"), HasSubstr("--count"),
                                       HasSubstr("$CCRM_COUNT"), HasSubstr("default: 7"),
                                       HasSubstr("a count"))));
  }
}

TEST(FlagSetTest, UsageShowsDefaultsAtBindTime) {
  Settings s;
  FlagSet flags = Bind(s);
  std::string usage = flags.Usage();
  EXPECT_THAT(usage, HasSubstr("default: default-name"));
  EXPECT_THAT(usage, HasSubstr("default: false"));
  EXPECT_THAT(usage, HasSubstr("default: 3s"));
  EXPECT_THAT(usage, HasSubstr("$CCRM_TIMEOUT"));
}

TEST(FlagSetTest, EnvName) {
  EXPECT_EQ(FlagSet::EnvName("mysql_pool_size"), "CCRM_MYSQL_POOL_SIZE");
}

TEST(ParseHostPortTest, Accepts) {
  ASSERT_OK_AND_ASSIGN(HostPort a, ParseHostPort("127.0.0.1:0"));
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 0);
  ASSERT_OK_AND_ASSIGN(HostPort b, ParseHostPort("[::1]:50051"));
  EXPECT_EQ(b.host, "::1");
  EXPECT_EQ(b.port, 50051);
  ASSERT_OK_AND_ASSIGN(HostPort c, ParseHostPort("db.bank.example:65535"));
  EXPECT_EQ(c.host, "db.bank.example");
  EXPECT_EQ(c.port, 65535);
}

TEST(ParseHostPortTest, Rejects) {
  for (const std::string bad : {"", "localhost", ":50051", "host:", "host:65536", "host:-1",
                                "host:http", "host:+80", "host: 80", "host:80 ", "[::1]"}) {
    SCOPED_TRACE(bad);
    EXPECT_THAT(ParseHostPort(bad), StatusIs(absl::StatusCode::kInvalidArgument));
  }
}

// A file that exists for the duration of a test.
class TempFile final {
 public:
  explicit TempFile(const std::string& content) {
    char name[] = "/tmp/ccrm_config_test_XXXXXX";
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

constexpr char kMissingFile[] = "/nonexistent/ccrm/secret";

TEST(ServerConfigTest, DefaultsWithListenAreValid) {
  ServerConfig c;
  c.listen = "127.0.0.1:0";
  EXPECT_OK(c.Validate());
}

TEST(ServerConfigTest, CollectsAllProblems) {
  ServerConfig c;
  c.listen = "nowhere";
  c.metrics_listen = "also-nowhere";
  c.worker_threads = 0;
  c.worker_queue_limit = -1;
  c.max_message_bytes = 10;
  c.max_concurrent_streams = 0;
  c.drain_timeout = absl::Seconds(-1);
  c.max_connection_age = absl::Seconds(-1);
  c.tls_cert_file = kMissingFile;
  c.tls_client_ca_file = "";
  c.log_level = "verbose";
  absl::Status s = c.Validate();
  EXPECT_THAT(s,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("bad server configuration"), HasSubstr("--listen:"),
                             HasSubstr("--metrics_listen:"), HasSubstr("--worker_threads"),
                             HasSubstr("--worker_queue_limit"), HasSubstr("--max_message_bytes"),
                             HasSubstr("--max_concurrent_streams"), HasSubstr("--drain_timeout"),
                             HasSubstr("--max_connection_age"),
                             HasSubstr("--tls_cert_file and --tls_key_file go together"),
                             HasSubstr("--tls_cert_file: cannot read"), HasSubstr("--log_level"))));
}

TEST(ServerConfigTest, ClientCaNeedsServerCertificate) {
  TempFile ca("ca");
  ServerConfig c;
  c.listen = "127.0.0.1:0";
  c.tls_client_ca_file = ca.path();
  EXPECT_THAT(c.Validate(), StatusIs(absl::StatusCode::kInvalidArgument,
                                     HasSubstr("--tls_client_ca_file needs --tls_cert_file")));
}

TEST(ServerConfigTest, ReadableTlsFilesAreValid) {
  TempFile cert("cert");
  TempFile key("key");
  ServerConfig c;
  c.listen = "0.0.0.0:8443";
  c.tls_cert_file = cert.path();
  c.tls_key_file = key.path();
  c.tls_client_ca_file = cert.path();
  EXPECT_OK(c.Validate());
}

TEST(ServerConfigTest, BindReadsFlags) {
  ServerConfig c;
  FlagSet flags("svc");
  c.Bind(flags);
  Args args({"--listen=127.0.0.1:5000", "--worker_threads=4", "--drain_timeout=5s",
             "--max_connection_age=30s"});
  FakeEnv env(std::map<std::string, std::string>{{"CCRM_LOG_LEVEL", "debug"}});
  ASSERT_OK(flags.Parse(args.argc(), args.argv(), env.Lookup()));
  EXPECT_EQ(c.listen, "127.0.0.1:5000");
  EXPECT_EQ(c.worker_threads, 4);
  EXPECT_EQ(c.drain_timeout, absl::Seconds(5));
  EXPECT_EQ(c.max_connection_age, absl::Seconds(30));
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_OK(c.Validate());
}

TEST(MySqlConfigTest, CollectsAllProblems) {
  MySqlConfig c;
  c.host = "";
  c.port = 0;
  c.pool_size = 0;
  c.read_timeout = absl::ZeroDuration();
  c.password_file = kMissingFile;
  absl::Status s = c.Validate();
  EXPECT_THAT(
      s, StatusIs(
             absl::StatusCode::kInvalidArgument,
             AllOf(HasSubstr("bad MySQL configuration"), HasSubstr("--mysql_host is required"),
                   HasSubstr("--mysql_port must be 1..65535"),
                   HasSubstr("--mysql_user is required"), HasSubstr("--mysql_database is required"),
                   HasSubstr("--mysql_pool_size must be 1..512"),
                   HasSubstr("MySQL timeouts must be positive"),
                   HasSubstr("--migrations_dir is required"),
                   HasSubstr("--mysql_password_file: cannot read"))));
}

TEST(MySqlConfigTest, CompleteIsValid) {
  TempFile password("secret\n");
  MySqlConfig c;
  c.user = "customer_profile";
  c.database = "customer_profile";
  c.password_file = password.path();
  c.migrations_dir = "/some/dir";
  EXPECT_OK(c.Validate());
}

TEST(AuthConfigTest, CollectsAllProblems) {
  AuthConfig c;
  EXPECT_THAT(c.Validate(), StatusIs(absl::StatusCode::kInvalidArgument,
                                     AllOf(HasSubstr("bad auth configuration"),
                                           HasSubstr("--jwt_issuer is required"),
                                           HasSubstr("--jwt_audience is required"),
                                           HasSubstr("one of --jwt_hs256_key_file"))));
  c.jwt_issuer = "iss";
  c.jwt_audience = "aud";
  c.jwt_hs256_key_file = kMissingFile;
  c.jwt_rs256_public_key_file = kMissingFile;
  EXPECT_THAT(c.Validate(), StatusIs(absl::StatusCode::kInvalidArgument,
                                     AllOf(HasSubstr("--jwt_hs256_key_file: cannot read"),
                                           HasSubstr("--jwt_rs256_public_key_file: cannot read"),
                                           Not(HasSubstr("is required")))));
}

TEST(AuthConfigTest, OneReadableKeyIsValid) {
  TempFile key(std::string(32, 'k'));
  AuthConfig c;
  c.jwt_issuer = "iss";
  c.jwt_audience = "aud";
  c.jwt_rs256_public_key_file = key.path();
  EXPECT_OK(c.Validate());
}

TEST(FieldEncryptionConfigTest, CollectsAllProblems) {
  FieldEncryptionConfig c;
  EXPECT_THAT(c.Validate(), StatusIs(absl::StatusCode::kInvalidArgument,
                                     AllOf(HasSubstr("bad field encryption configuration"),
                                           HasSubstr("--encryption_keyring_file is required"),
                                           HasSubstr("--blind_index_key_file is required"))));
  c.encryption_keyring_file = kMissingFile;
  c.blind_index_key_file = kMissingFile;
  EXPECT_THAT(c.Validate(), StatusIs(absl::StatusCode::kInvalidArgument,
                                     AllOf(HasSubstr("--encryption_keyring_file: cannot read"),
                                           HasSubstr("--blind_index_key_file: cannot read"))));
  TempFile ring("ring");
  TempFile blind("blind");
  c.encryption_keyring_file = ring.path();
  c.blind_index_key_file = blind.path();
  EXPECT_OK(c.Validate());
}

TEST(FieldEncryptionConfigTest, DirectoryIsNotAKeyFile) {
  TempFile ring("ring");
  FieldEncryptionConfig c;
  c.encryption_keyring_file = ring.path();
  c.blind_index_key_file = "/tmp";
  EXPECT_THAT(c.Validate(), StatusIs(absl::StatusCode::kInvalidArgument,
                                     HasSubstr("--blind_index_key_file: cannot read \"/tmp\"")));
}

TEST(ReadFileToStringTest, ReadsOrNotFound) {
  TempFile f(std::string("a\0b\n", 4));
  ASSERT_OK_AND_ASSIGN(std::string content, ReadFileToString(f.path()));
  EXPECT_EQ(content, std::string("a\0b\n", 4));
  EXPECT_THAT(ReadFileToString(kMissingFile), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace ccrm
