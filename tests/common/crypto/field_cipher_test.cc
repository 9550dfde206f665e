#include "common/crypto/field_cipher.h"

#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

constexpr char kPlace[] = "customers.contact_phone:C0001";

std::string Key(char fill) { return std::string(kDataKeyBytes, fill); }
std::string BlindKey(char fill = 'b') { return std::string(kMinBlindIndexKeyBytes, fill); }

KeyRing Ring(const std::string& active, std::vector<std::pair<std::string, char>> keys) {
  KeyRing ring;
  ring.active_key_id = active;
  for (const auto& [id, fill] : keys) {
    ring.keys[id] = Key(fill);
  }
  return ring;
}

FieldCipher MakeCipher(const KeyRing& ring, const std::string& blind_key = BlindKey()) {
  absl::StatusOr<FieldCipher> cipher = FieldCipher::Create(ring, blind_key);
  EXPECT_TRUE(cipher.ok()) << cipher.status();
  return *std::move(cipher);
}

// Re-encodes the base64url part of a ciphertext after `edit` changes its raw bytes.
std::string EditSealedBytes(const std::string& ciphertext,
                            const std::function<void(std::string&)>& edit) {
  size_t dot = ciphertext.rfind('.');
  std::string sealed;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(ciphertext.substr(dot + 1), &sealed));
  edit(sealed);
  return absl::StrCat(ciphertext.substr(0, dot + 1), absl::WebSafeBase64Escape(sealed));
}

TEST(FieldCipherTest, RoundTrip) {
  FieldCipher cipher = MakeCipher(Ring("k1", {{"k1", 'a'}}));
  for (std::string plaintext :
       {std::string("13812345678"), std::string("11010519491231002X"), std::string(""),
        std::string("张三 6222 0200"), std::string("\0\x01\xff", 3), std::string(5000, 'z')}) {
    ASSERT_OK_AND_ASSIGN(std::string ciphertext, cipher.Encrypt(plaintext, kPlace));
    EXPECT_THAT(ciphertext, MatchesRegex("v1\\.k1\\.[A-Za-z0-9_-]+"));
    EXPECT_EQ(ciphertext.find(plaintext.empty() ? "\x01" : plaintext), std::string::npos);
    ASSERT_OK_AND_ASSIGN(std::string decrypted, cipher.Decrypt(ciphertext, kPlace));
    EXPECT_EQ(decrypted, plaintext);
  }
}

TEST(FieldCipherTest, CiphertextLengthIsNoncePlusPlaintextPlusTag) {
  FieldCipher cipher = MakeCipher(Ring("k1", {{"k1", 'a'}}));
  ASSERT_OK_AND_ASSIGN(std::string ciphertext, cipher.Encrypt("13812345678", kPlace));
  std::string sealed;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(ciphertext.substr(ciphertext.rfind('.') + 1), &sealed));
  EXPECT_EQ(sealed.size(), 12u + 11u + 16u);
}

TEST(FieldCipherTest, SamePlaintextTwiceGivesDifferentCiphertexts) {
  FieldCipher cipher = MakeCipher(Ring("k1", {{"k1", 'a'}}));
  std::set<std::string> seen;
  std::set<std::string> nonces;
  for (int i = 0; i < 200; ++i) {
    ASSERT_OK_AND_ASSIGN(std::string ciphertext, cipher.Encrypt("13812345678", kPlace));
    EXPECT_TRUE(seen.insert(ciphertext).second) << "repeated ciphertext " << ciphertext;
    std::string sealed;
    ASSERT_TRUE(absl::WebSafeBase64Unescape(ciphertext.substr(ciphertext.rfind('.') + 1), &sealed));
    EXPECT_TRUE(nonces.insert(sealed.substr(0, 12)).second) << "repeated nonce";
  }
}

TEST(FieldCipherTest, RotationKeepsOldCiphertextsReadable) {
  FieldCipher old_cipher = MakeCipher(Ring("k2023", {{"k2023", 'a'}}));
  ASSERT_OK_AND_ASSIGN(std::string old_ciphertext, old_cipher.Encrypt("6222020012345678", kPlace));
  EXPECT_THAT(old_ciphertext, StartsWith("v1.k2023."));

  FieldCipher rotated = MakeCipher(Ring("k2024", {{"k2023", 'a'}, {"k2024", 'c'}}));
  EXPECT_EQ(rotated.active_key_id(), "k2024");
  ASSERT_OK_AND_ASSIGN(std::string old_plaintext, rotated.Decrypt(old_ciphertext, kPlace));
  EXPECT_EQ(old_plaintext, "6222020012345678");

  ASSERT_OK_AND_ASSIGN(std::string new_ciphertext, rotated.Encrypt("6222020012345678", kPlace));
  EXPECT_THAT(new_ciphertext, StartsWith("v1.k2024."));
  ASSERT_OK_AND_ASSIGN(std::string key_id, FieldCipher::KeyIdOf(new_ciphertext));
  EXPECT_EQ(key_id, "k2024");
  ASSERT_OK_AND_ASSIGN(std::string new_plaintext, rotated.Decrypt(new_ciphertext, kPlace));
  EXPECT_EQ(new_plaintext, "6222020012345678");

  // The old ring cannot read what the new key wrote.
  absl::StatusOr<std::string> unreadable = old_cipher.Decrypt(new_ciphertext, kPlace);
  EXPECT_THAT(unreadable, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("k2024")));
  EXPECT_EQ(ErrorReason(unreadable.status()), kReasonEncryptionKeyUnknown);
}

TEST(FieldCipherTest, UnknownKeyIdIsFailedPrecondition) {
  FieldCipher writer = MakeCipher(Ring("retired", {{"retired", 'a'}}));
  FieldCipher reader = MakeCipher(Ring("current", {{"current", 'a'}}));  // same bytes, other id
  ASSERT_OK_AND_ASSIGN(std::string ciphertext, writer.Encrypt("secret", kPlace));
  absl::StatusOr<std::string> result = reader.Decrypt(ciphertext, kPlace);
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(result.status()), kReasonEncryptionKeyUnknown);
}

TEST(FieldCipherTest, WrongAssociatedDataIsDataLoss) {
  FieldCipher cipher = MakeCipher(Ring("k1", {{"k1", 'a'}}));
  ASSERT_OK_AND_ASSIGN(std::string ciphertext, cipher.Encrypt("13812345678", kPlace));
  for (const char* place : {"customers.contact_phone:C0002", "customers.id_number:C0001", ""}) {
    absl::StatusOr<std::string> result = cipher.Decrypt(ciphertext, place);
    EXPECT_THAT(result, StatusIs(absl::StatusCode::kDataLoss)) << place;
    EXPECT_EQ(ErrorReason(result.status()), kReasonCiphertextInvalid);
  }
}

TEST(FieldCipherTest, EveryTamperedByteIsDataLoss) {
  FieldCipher cipher = MakeCipher(Ring("k1", {{"k1", 'a'}}));
  ASSERT_OK_AND_ASSIGN(std::string ciphertext, cipher.Encrypt("110105194912310021", kPlace));
  const size_t sealed_size = 12 + 18 + 16;
  for (size_t i = 0; i < sealed_size; ++i) {
    std::string tampered = EditSealedBytes(ciphertext, [i](std::string& b) { b[i] ^= 0x01; });
    ASSERT_NE(tampered, ciphertext);
    absl::StatusOr<std::string> result = cipher.Decrypt(tampered, kPlace);
    EXPECT_THAT(result, StatusIs(absl::StatusCode::kDataLoss)) << "byte " << i;
    EXPECT_EQ(ErrorReason(result.status()), kReasonCiphertextInvalid);
  }
}

TEST(FieldCipherTest, MalformedCiphertextsAreDataLoss) {
  FieldCipher cipher = MakeCipher(Ring("k1", {{"k1", 'a'}}));
  ASSERT_OK_AND_ASSIGN(std::string good, cipher.Encrypt("13812345678", kPlace));
  std::string payload = good.substr(good.rfind('.') + 1);
  std::vector<std::string> malformed = {
      "",
      "13812345678",
      "v1.k1",
      absl::StrCat("v2.k1.", payload),
      absl::StrCat("v1..", payload),
      absl::StrCat("v1.k1.", payload, ".extra"),
      absl::StrCat("v1.k1.", payload, "="),                      // padding is not canonical
      absl::StrCat("v1.k1.", payload.substr(0, 20)),             // truncated
      "v1.k1.AAAA",                                              // shorter than nonce + tag
      absl::StrCat("v1.k1.", std::string(payload.size(), '!')),  // not base64url
      EditSealedBytes(good, [](std::string& b) { b.pop_back(); }),
      EditSealedBytes(good, [](std::string& b) { b.push_back('x'); }),
  };
  for (const std::string& ciphertext : malformed) {
    absl::StatusOr<std::string> result = cipher.Decrypt(ciphertext, kPlace);
    EXPECT_THAT(result, StatusIs(absl::StatusCode::kDataLoss)) << "'" << ciphertext << "'";
    EXPECT_EQ(ErrorReason(result.status()), kReasonCiphertextInvalid) << ciphertext;
  }
}

TEST(FieldCipherTest, KeyIdSwappedInHeaderDoesNotDecrypt) {
  // Two ids for the same key bytes: the key id is authenticated, so relabelling fails.
  FieldCipher cipher = MakeCipher(Ring("a", {{"a", 'k'}, {"b", 'k'}}));
  ASSERT_OK_AND_ASSIGN(std::string ciphertext, cipher.Encrypt("secret", kPlace));
  std::string relabelled = absl::StrCat("v1.b.", ciphertext.substr(5));
  EXPECT_THAT(cipher.Decrypt(relabelled, kPlace), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(FieldCipherTest, BlindIndexIsDeterministicAndKeyDependent) {
  FieldCipher cipher = MakeCipher(Ring("k1", {{"k1", 'a'}}), BlindKey('x'));
  FieldCipher same_key = MakeCipher(Ring("k9", {{"k9", 'q'}}), BlindKey('x'));
  FieldCipher other_key = MakeCipher(Ring("k1", {{"k1", 'a'}}), BlindKey('y'));

  std::string index = cipher.BlindIndex("13812345678");
  EXPECT_THAT(index, MatchesRegex("[0-9a-f]{64}"));
  EXPECT_EQ(cipher.BlindIndex("13812345678"), index);
  EXPECT_EQ(same_key.BlindIndex("13812345678"), index);  // data keys do not matter
  EXPECT_NE(other_key.BlindIndex("13812345678"), index);
  EXPECT_NE(cipher.BlindIndex("13812345679"), index);
  EXPECT_THAT(cipher.BlindIndex(""), MatchesRegex("[0-9a-f]{64}"));
}

TEST(FieldCipherTest, BlindIndexMatchesHmacSha256TestVector) {
  // The message of RFC 4231 test case 1 under a 32-byte key of 0x0b; the expected value was
  // computed independently with `openssl dgst -sha256 -mac HMAC`.
  FieldCipher cipher = MakeCipher(Ring("k1", {{"k1", 'a'}}), std::string(32, '\x0b'));
  EXPECT_EQ(cipher.BlindIndex("Hi There"),
            "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7");
}

TEST(FieldCipherTest, CreateRejectsBadKeys) {
  KeyRing short_key = Ring("k1", {{"k1", 'a'}});
  short_key.keys["k1"] = std::string(16, 'a');
  EXPECT_THAT(FieldCipher::Create(short_key, BlindKey()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("16 bytes")));

  EXPECT_THAT(FieldCipher::Create(Ring("k2", {{"k1", 'a'}}), BlindKey()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'k2'")));
  EXPECT_THAT(FieldCipher::Create(Ring("", {{"k1", 'a'}}), BlindKey()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldCipher::Create(KeyRing{}, BlindKey()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldCipher::Create(Ring("a.b", {{"a.b", 'a'}}), BlindKey()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldCipher::Create(Ring("k1", {{"k1", 'a'}}), std::string(31, 'b')),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("blind-index")));
}

TEST(FieldCipherTest, CopiesShareKeysAndWorkAcrossThreads) {
  FieldCipher cipher = MakeCipher(Ring("k1", {{"k1", 'a'}}));
  const std::string expected_index = cipher.BlindIndex("110105194912310021");
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cipher, &failures, &expected_index, t] {
      FieldCipher copy = cipher;
      for (int i = 0; i < 300; ++i) {
        std::string value = absl::StrCat("value-", t, "-", i);
        std::string place = absl::StrCat("t.c:", i);
        absl::StatusOr<std::string> ciphertext = (i % 2 ? copy : cipher).Encrypt(value, place);
        absl::StatusOr<std::string> plaintext =
            ciphertext.ok() ? cipher.Decrypt(*ciphertext, place) : ciphertext.status();
        if (!plaintext.ok() || *plaintext != value ||
            copy.BlindIndex("110105194912310021") != expected_index) {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

TEST(FieldCipherTest, OversizedPlaintextIsInvalidArgument) {
  FieldCipher cipher = MakeCipher(Ring("k1", {{"k1", 'a'}}));
  EXPECT_THAT(cipher.Encrypt(std::string(kMaxFieldPlaintextBytes + 1, 'x'), kPlace),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace ccrm
