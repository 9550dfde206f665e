#include "common/crypto/key_files.h"

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;

std::string B64Key(char fill) { return absl::Base64Escape(std::string(kDataKeyBytes, fill)); }

std::string WriteTempFile(const std::string& name, const std::string& content) {
  std::string path = absl::StrCat(::testing::TempDir(), "/key_files_test_", name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  return path;
}

TEST(ParseKeyRingTest, ParsesKeysCommentsAndActiveLine) {
  std::string text = absl::StrCat("# field keys\n\n  k2023 ", B64Key('a'), "\r\n\tk2024\t",
                                  B64Key('b'), "  \n# rotated\nactive k2024\n");
  ASSERT_OK_AND_ASSIGN(KeyRing ring, ParseKeyRing(text));
  EXPECT_EQ(ring.active_key_id, "k2024");
  ASSERT_EQ(ring.keys.size(), 2u);
  EXPECT_EQ(ring.keys["k2023"], std::string(32, 'a'));
  EXPECT_EQ(ring.keys["k2024"], std::string(32, 'b'));
}

TEST(ParseKeyRingTest, ActiveLineMayComeFirst) {
  ASSERT_OK_AND_ASSIGN(KeyRing ring, ParseKeyRing(absl::StrCat("active k1\nk1 ", B64Key('a'))));
  EXPECT_EQ(ring.active_key_id, "k1");
}

struct BadRing {
  std::string name;
  std::string text;
  std::string message;
};

TEST(ParseKeyRingTest, RejectsDefectsWithAClearMessage) {
  const std::string a = B64Key('a');
  const std::vector<BadRing> cases = {
      {"empty", "", "no keys"},
      {"only comments", "# nothing\n\n", "no keys"},
      {"no active line", absl::StrCat("k1 ", a), "no \"active"},
      {"active unknown", absl::StrCat("k1 ", a, "\nactive k2"), "line 2: active key id 'k2'"},
      {"two active lines", absl::StrCat("k1 ", a, "\nactive k1\nactive k1"),
       "line 3: second \"active\""},
      {"duplicate id", absl::StrCat("k1 ", a, "\nk1 ", B64Key('b'), "\nactive k1"),
       "line 2: duplicate key id 'k1'"},
      {"one field", "k1\nactive k1", "line 1: expected"},
      {"three fields", absl::StrCat("k1 ", a, " extra\nactive k1"), "line 1: expected"},
      {"bad base64", "k1 %%%notbase64%%%\nactive k1", "line 1: key 'k1' is not valid base64"},
      {"short key", absl::StrCat("k1 ", absl::Base64Escape(std::string(16, 'a')), "\nactive k1"),
       "line 1: key 'k1' is 16 bytes"},
      {"long key", absl::StrCat("k1 ", absl::Base64Escape(std::string(33, 'a')), "\nactive k1"),
       "33 bytes"},
      {"dot in id", absl::StrCat("k.1 ", a, "\nactive k.1"), "key id 'k.1'"},
      {"long id", absl::StrCat(std::string(65, 'k'), " ", a), "must be 1-64 characters"},
  };
  for (const BadRing& bad : cases) {
    EXPECT_THAT(ParseKeyRing(bad.text),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(bad.message)))
        << bad.name;
  }
}

TEST(LoadKeyRingFileTest, LoadsAFile) {
  std::string path = WriteTempFile("ring", absl::StrCat("k1 ", B64Key('z'), "\nactive k1\n"));
  ASSERT_OK_AND_ASSIGN(KeyRing ring, LoadKeyRingFile(path));
  EXPECT_EQ(ring.keys.at("k1"), std::string(32, 'z'));
}

TEST(LoadKeyRingFileTest, MissingFileIsNotFoundAndDefectsNameTheFile) {
  EXPECT_THAT(LoadKeyRingFile("/nonexistent/ring"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/ring")));
  EXPECT_THAT(LoadKeyRingFile(::testing::TempDir()), StatusIs(absl::StatusCode::kNotFound));
  std::string path = WriteTempFile("bad_ring", "k1 abc\n");
  EXPECT_THAT(LoadKeyRingFile(path), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(path)));
}

TEST(LoadSecretFileTest, RawBytesWithTrailingNewlineStripped) {
  const std::string secret(40, 's');
  for (const std::string& suffix : {std::string(""), std::string("\n"), std::string("\r\n")}) {
    ASSERT_OK_AND_ASSIGN(std::string loaded,
                         LoadSecretFile(WriteTempFile("raw", secret + suffix), 32));
    EXPECT_EQ(loaded, secret);
  }
  // Only one newline is stripped, and other bytes are kept as they are.
  ASSERT_OK_AND_ASSIGN(std::string loaded,
                       LoadSecretFile(WriteTempFile("raw2", " " + secret + "\n\n"), 32));
  EXPECT_EQ(loaded, " " + secret + "\n");
}

TEST(LoadSecretFileTest, Base64Prefix) {
  std::string secret(32, '\0');
  for (size_t i = 0; i < secret.size(); ++i) {
    secret[i] = static_cast<char>(i * 7);
  }
  ASSERT_OK_AND_ASSIGN(
      std::string loaded,
      LoadSecretFile(WriteTempFile("b64", "base64:" + absl::Base64Escape(secret) + "\n"), 32));
  EXPECT_EQ(loaded, secret);
  EXPECT_THAT(LoadSecretFile(WriteTempFile("b64bad", "base64:@@@@\n"), 1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("base64")));
}

TEST(LoadSecretFileTest, TooShortIsInvalidArgumentAndMissingIsNotFound) {
  EXPECT_THAT(LoadSecretFile(WriteTempFile("short", std::string(31, 's') + "\n"), 32),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("31 bytes")));
  EXPECT_THAT(LoadSecretFile(WriteTempFile("empty", ""), 1),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(LoadSecretFile("/nonexistent/secret", 1), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace ccrm
