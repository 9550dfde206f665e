// ccrmctl's command line: where global flags may go, their environment fallbacks and precedence,
// the token sources, and every way a command line is refused (a UsageError, exit code 2).
#include "tools/ccrmctl/command_line.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "common/testing/status_matchers.h"
#include "tools/ccrmctl/cli_errors.h"
#include "tools/ccrmctl/commands.h"

namespace ccrm::ctl {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class CommandLineTest : public ::testing::Test {
 protected:
  // Parses `args` against the real command table with `env_` as the environment.
  absl::Status Parse(const std::vector<std::string>& args) {
    return ParseCommandLine(AllCommands(), args, env(), &invocation_);
  }
  Environment env() const {
    return [this](const char* name) -> const char* {
      auto it = env_.find(name);
      return it == env_.end() ? nullptr : it->second.c_str();
    };
  }
  // A usage error whose message contains `text`.
  static void ExpectUsageError(const absl::Status& status, const std::string& text) {
    EXPECT_TRUE(IsUsageError(status)) << status;
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(text)));
    EXPECT_EQ(ExitCodeFor(status), kExitUsage);
  }

  std::map<std::string, std::string> env_;
  Invocation invocation_;
};

TEST_F(CommandLineTest, GlobalFlagsGoBeforeOrAfterTheCommand) {
  ASSERT_OK(Parse({"--address", "127.0.0.1:50054", "alerts", "get", "alerts/a1", "--output=json",
                   "--timeout=250ms"}));
  ASSERT_NE(invocation_.command, nullptr);
  EXPECT_EQ(invocation_.command->Words(), "alerts get");
  EXPECT_THAT(invocation_.args, ElementsAre("alerts/a1"));
  EXPECT_EQ(invocation_.global.address, "127.0.0.1:50054");
  EXPECT_EQ(invocation_.global.output, OutputFormat::kJson);
  EXPECT_EQ(invocation_.global.timeout, absl::Milliseconds(250));
  EXPECT_THAT(invocation_.flags, IsEmpty());
}

TEST_F(CommandLineTest, DefaultsWhenNothingIsGiven) {
  ASSERT_OK(Parse({"summary"}));
  EXPECT_EQ(invocation_.command->Words(), "summary");
  EXPECT_EQ(invocation_.global.address, "127.0.0.1:8080");
  EXPECT_EQ(invocation_.global.timeout, absl::Seconds(10));
  EXPECT_EQ(invocation_.global.output, OutputFormat::kTable);
  EXPECT_EQ(invocation_.global.token, "");
  EXPECT_EQ(invocation_.global.token_file, "");
  EXPECT_FALSE(invocation_.global.insecure);
  EXPECT_FALSE(invocation_.global.tls);
}

TEST_F(CommandLineTest, CommandFlagsTakeValuesBothWaysAndBooleansStandAlone) {
  ASSERT_OK(Parse(
      {"customers", "list", "--segment", "key", "--archived", "--tier=2", "--manager=rm-001"}));
  EXPECT_EQ(invocation_.Flag("segment"), "key");
  EXPECT_EQ(invocation_.Flag("tier"), "2");
  EXPECT_EQ(invocation_.Flag("manager"), "rm-001");
  EXPECT_TRUE(invocation_.BoolFlag("archived"));
  EXPECT_FALSE(invocation_.Has("industry"));
  EXPECT_EQ(invocation_.Flag("industry", "C30"), "C30");

  ASSERT_OK(Parse({"customers", "list", "--archived=false"}));
  EXPECT_TRUE(invocation_.Has("archived"));
  EXPECT_FALSE(invocation_.BoolFlag("archived"));
}

TEST_F(CommandLineTest, EnvironmentFillsWhatTheFlagsLeaveOut) {
  env_ = {{"CCRM_ADDRESS", "127.0.0.1:50051"},
          {"CCRM_TOKEN", "env-token"},
          {"CCRM_TLS_CA_FILE", "/etc/ccrm/ca.pem"}};
  ASSERT_OK(Parse({"customers", "get", "c1"}));
  EXPECT_EQ(invocation_.global.address, "127.0.0.1:50051");
  EXPECT_EQ(invocation_.global.token, "env-token");
  EXPECT_EQ(invocation_.global.tls_ca_file, "/etc/ccrm/ca.pem");

  ASSERT_OK(Parse({"customers", "get", "c1", "--address=127.0.0.1:9"}));
  EXPECT_EQ(invocation_.global.address, "127.0.0.1:9");
}

TEST_F(CommandLineTest, TokenComesFromOneSourceFlagsFirst) {
  env_ = {{"CCRM_TOKEN_FILE", "/run/env.token"}};
  ASSERT_OK(Parse({"summary"}));
  EXPECT_EQ(invocation_.global.token, "");
  EXPECT_EQ(invocation_.global.token_file, "/run/env.token");

  // A token in the environment beats a token file in the environment.
  env_["CCRM_TOKEN"] = "env-token";
  ASSERT_OK(Parse({"summary"}));
  EXPECT_EQ(invocation_.global.token, "env-token");
  EXPECT_EQ(invocation_.global.token_file, "");

  // Either flag beats both variables.
  ASSERT_OK(Parse({"summary", "--token_file=/run/flag.token"}));
  EXPECT_EQ(invocation_.global.token, "");
  EXPECT_EQ(invocation_.global.token_file, "/run/flag.token");
  ASSERT_OK(Parse({"--token=flag-token", "summary"}));
  EXPECT_EQ(invocation_.global.token, "flag-token");
  EXPECT_EQ(invocation_.global.token_file, "");

  ExpectUsageError(Parse({"summary", "--token=a", "--token_file=/run/b"}),
                   "give --token or --token_file, not both");
}

TEST_F(CommandLineTest, UnknownCommandsAreRefusedWithWhatIsKnown) {
  ExpectUsageError(Parse({"loans", "list"}), "unknown command \"loans\"");
  EXPECT_EQ(invocation_.command, nullptr);
  EXPECT_EQ(UsageFor(AllCommands(), invocation_), AllCommands().Usage());

  ExpectUsageError(Parse({"customers", "delete", "c1"}),
                   "unknown command \"customers delete\"; customers takes get, list, search, "
                   "create");
  EXPECT_EQ(invocation_.resource, "customers");
  EXPECT_EQ(UsageFor(AllCommands(), invocation_), AllCommands().ResourceUsage("customers"));

  ExpectUsageError(Parse({"alerts"}),
                   "alerts needs one of: list, get, ack, resolve, assign, "
                   "history, watch");
  ExpectUsageError(Parse({}), "no command given");
  ExpectUsageError(Parse({"--output=json"}), "no command given");
}

TEST_F(CommandLineTest, UnknownAndMalformedFlagsAreRefused) {
  ExpectUsageError(Parse({"customers", "list", "--colour=red"}), "unknown flag --colour");
  ASSERT_NE(invocation_.command, nullptr);
  EXPECT_EQ(UsageFor(AllCommands(), invocation_), AllCommands().CommandUsage(*invocation_.command));
  // A command's flag before the command is not known yet.
  ExpectUsageError(Parse({"--segment=key", "customers", "list"}),
                   "unknown flag --segment (a command's own flags go after it)");
  // Another command's flag.
  ExpectUsageError(Parse({"alerts", "get", "a1", "--segment=key"}), "unknown flag --segment");
  ExpectUsageError(Parse({"alerts", "list", "-l", "red"}), "unknown flag -l (flags start with --)");
  ExpectUsageError(Parse({"alerts", "list", "--level"}), "flag --level needs a value (LEVEL)");
  ExpectUsageError(Parse({"customers", "list", "--archived=maybe"}),
                   "flag --archived: \"maybe\" is not true or false");
  ExpectUsageError(Parse({"summary", "--output=yaml"}), "--output: \"yaml\" is not table or json");
  ExpectUsageError(Parse({"summary", "--timeout=soon"}), "--timeout: \"soon\" is not a positive");
  ExpectUsageError(Parse({"summary", "--timeout=0s"}), "--timeout: \"0s\" is not a positive");
  ExpectUsageError(Parse({"summary", "--address="}), "--address must not be empty");
}

TEST_F(CommandLineTest, ArgumentsAreCounted) {
  ExpectUsageError(Parse({"customers", "get"}), "customers get takes 1 argument (CUSTOMER), got 0");
  ExpectUsageError(Parse({"alerts", "assign", "a1"}),
                   "alerts assign takes 2 arguments (ALERT MANAGER), got 1");
  ExpectUsageError(Parse({"summary", "extra"}), "summary takes no arguments, got 1");
  ExpectUsageError(Parse({"customers", "search", "福建", "厦门"}),
                   "customers search takes 0 to 1 argument ([PREFIX]), got 2");
  ASSERT_OK(Parse({"customers", "search"}));
  // After "--" everything is an argument, even what looks like a flag.
  ASSERT_OK(Parse({"customers", "search", "--", "--odd name"}));
  EXPECT_THAT(invocation_.args, ElementsAre("--odd name"));
}

TEST_F(CommandLineTest, HelpAnywhereAsksForTheUsageOfWhatPrecedesIt) {
  ASSERT_OK(Parse({"--help"}));
  EXPECT_TRUE(invocation_.help);
  EXPECT_EQ(UsageFor(AllCommands(), invocation_), AllCommands().Usage());
  ASSERT_OK(Parse({"help"}));
  EXPECT_TRUE(invocation_.help);
  ASSERT_OK(Parse({"alerts", "-h"}));
  EXPECT_TRUE(invocation_.help);
  EXPECT_EQ(UsageFor(AllCommands(), invocation_), AllCommands().ResourceUsage("alerts"));
  ASSERT_OK(Parse({"alerts", "watch", "--help"}));
  EXPECT_TRUE(invocation_.help);
  const std::string usage = UsageFor(AllCommands(), invocation_);
  EXPECT_THAT(usage, HasSubstr("usage: ccrmctl [global flags] alerts watch [flags]"));
  EXPECT_THAT(usage, HasSubstr("--after=SEQ"));
  EXPECT_THAT(usage, HasSubstr("--address=HOST:PORT"));
}

TEST_F(CommandLineTest, IntegerFlagsAreChecked) {
  ASSERT_OK(Parse({"alerts", "list", "--page_size=20"}));
  ASSERT_OK_AND_ASSIGN(int page_size, invocation_.IntFlag("page_size", 0, 1, 100));
  EXPECT_EQ(page_size, 20);
  ASSERT_OK_AND_ASSIGN(int fallback, invocation_.IntFlag("missing", 7, 1, 100));
  EXPECT_EQ(fallback, 7);
  ASSERT_OK(Parse({"alerts", "list", "--page_size=0"}));
  ExpectUsageError(invocation_.IntFlag("page_size", 0, 1, 100).status(),
                   "--page_size: \"0\" is not a whole number from 1 to 100");
  ASSERT_OK(Parse({"alerts", "watch", "--after=12x"}));
  ExpectUsageError(invocation_.Int64Flag("after", 0, 0).status(),
                   "--after: \"12x\" is not a whole number >= 0");
}

}  // namespace
}  // namespace ccrm::ctl
