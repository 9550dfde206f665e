// Runs the real ccrm-mint-token binary and checks what it prints and how it exits.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/auth/jwt.h"
#include "common/testing/status_matchers.h"
#include "common/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

RunResult RunMintToken(const std::string& args) {
  RunResult result;
  std::string command = absl::StrCat(CCRM_MINT_TOKEN_PATH, " ", args, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return result;
  }
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.out.append(buffer.data(), n);
  }
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class MintTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_path_ = absl::StrCat(::testing::TempDir(), "/mint_token_test_secret");
    std::ofstream(key_path_, std::ios::trunc) << secret_ << "\n";
  }

  const std::string secret_ = "a-shared-secret-of-at-least-32-bytes!";
  std::string key_path_;
};

TEST_F(MintTokenTest, PrintsATokenTheVerifierAccepts) {
  RunResult run = RunMintToken(
      absl::StrCat("--key_file ", key_path_,
                   " --alg HS256 --kid dev --issuer ccrm-dev --audience=ccrm --subject rm-0001"
                   " --roles relationship_manager,credit_analyst --ttl_seconds 600"));
  ASSERT_EQ(run.exit_code, 0) << run.out;

  JwtVerifierOptions options;
  options.issuer = "ccrm-dev";
  options.audience = "ccrm";
  options.keys = {JwtKey{"dev", JwtAlgorithm::kHs256, secret_}};
  ASSERT_OK_AND_ASSIGN(auto verifier, JwtVerifier::Create(options, &SystemClock::Get()));
  ASSERT_OK_AND_ASSIGN(Principal principal, verifier->Verify(absl::StripSuffix(run.out, "\n")));
  EXPECT_EQ(principal.subject, "rm-0001");
  EXPECT_THAT(principal.roles, ElementsAre("relationship_manager", "credit_analyst"));
}

TEST_F(MintTokenTest, BadFlagsExitTwoWithAMessage) {
  const std::string good =
      absl::StrCat("--key_file ", key_path_, " --alg HS256 --issuer i --audience a --subject s");
  struct Case {
    std::string args;
    std::string message;
  };
  for (const Case& c : {
           Case{"", "--key_file is required"},
           Case{absl::StrCat(good), "--ttl_seconds is required"},
           Case{absl::StrCat(good, " --ttl_seconds 0"), "--ttl_seconds must be a positive"},
           Case{absl::StrCat(good, " --ttl_seconds ten"), "--ttl_seconds must be a positive"},
           Case{absl::StrCat(good, " --ttl_seconds 60 --colour red"), "unknown flag --colour"},
           Case{absl::StrCat(good, " --ttl_seconds 60 stray"), "unexpected argument 'stray'"},
           Case{absl::StrCat(good, " --ttl_seconds"), "--ttl_seconds needs a value"},
           Case{absl::StrCat(good, " --ttl_seconds 60 --subject t"), "--subject given twice"},
           Case{absl::StrCat("--key_file ", key_path_,
                             " --alg none --issuer i --audience a --subject s --ttl_seconds 60"),
                "unsupported JWT algorithm 'none'"},
       }) {
    RunResult run = RunMintToken(c.args);
    EXPECT_EQ(run.exit_code, 2) << c.args << "\n" << run.out;
    EXPECT_THAT(run.out, HasSubstr(c.message)) << c.args;
    EXPECT_THAT(run.out, HasSubstr("usage: ccrm-mint-token")) << c.args;
  }
}

TEST_F(MintTokenTest, UnreadableKeyExitsOne) {
  RunResult run = RunMintToken(
      "--key_file /nonexistent/key --alg HS256 --issuer i --audience a --subject s "
      "--ttl_seconds 60");
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_THAT(run.out, HasSubstr("/nonexistent/key"));
}

}  // namespace
}  // namespace ccrm
