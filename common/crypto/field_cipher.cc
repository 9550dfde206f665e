#include "common/crypto/field_cipher.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status/errors.h"

namespace ccrm {
namespace {

constexpr char kFormatVersion[] = "v1";
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;
constexpr size_t kHmacBytes = 32;

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

struct MacCtxFree {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// What GCM authenticates besides the ciphertext: the format version, the key id and the caller's
// associated data. Key ids contain no '.', so the concatenation is unambiguous.
std::string GcmAad(absl::string_view key_id, absl::string_view associated_data) {
  return absl::StrCat(kFormatVersion, ".", key_id, ".", associated_data);
}

absl::Status CiphertextInvalid(absl::string_view why) {
  return WithReason(absl::DataLossError(absl::StrCat("encrypted field is invalid: ", why)),
                    kReasonCiphertextInvalid);
}

// Splits "v1.<key_id>.<payload>"; DATA_LOSS if the shape is wrong.
absl::Status SplitCiphertext(absl::string_view ciphertext, absl::string_view* key_id,
                             absl::string_view* payload) {
  std::vector<absl::string_view> parts = absl::StrSplit(ciphertext, '.');
  if (parts.size() != 3 || parts[0] != kFormatVersion) {
    return CiphertextInvalid("expected \"v1.<key_id>.<data>\"");
  }
  if (!IsValidKeyId(parts[1])) {
    return CiphertextInvalid("malformed key id");
  }
  *key_id = parts[1];
  *payload = parts[2];
  return absl::OkStatus();
}

}  // namespace

struct FieldCipher::State {
  ~State() {
    for (auto& [id, key] : keys) {
      OPENSSL_cleanse(key.data(), key.size());
    }
    EVP_MAC_CTX_free(hmac_template);
    EVP_CIPHER_free(aes_gcm);
  }

  std::string active_key_id;
  std::map<std::string, std::string, std::less<>> keys;
  EVP_CIPHER* aes_gcm = nullptr;
  // Keyed once at creation; each BlindIndex call works on a copy, so the template is only read.
  EVP_MAC_CTX* hmac_template = nullptr;
};

absl::StatusOr<FieldCipher> FieldCipher::Create(KeyRing data_keys, std::string blind_index_key) {
  if (data_keys.keys.empty()) {
    return absl::InvalidArgumentError("field cipher: the key ring has no keys");
  }
  for (const auto& [id, key] : data_keys.keys) {
    if (!IsValidKeyId(id)) {
      return absl::InvalidArgumentError(
          absl::StrCat("field cipher: key id '", id, "' must be 1-64 characters of [A-Za-z0-9_-]"));
    }
    if (key.size() != kDataKeyBytes) {
      return absl::InvalidArgumentError(absl::StrCat("field cipher: key '", id, "' is ", key.size(),
                                                     " bytes; AES-256 keys are ", kDataKeyBytes));
    }
  }
  if (data_keys.keys.count(data_keys.active_key_id) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "field cipher: active key id '", data_keys.active_key_id, "' is not in the key ring"));
  }
  if (blind_index_key.size() < kMinBlindIndexKeyBytes) {
    return absl::InvalidArgumentError(absl::StrCat("field cipher: blind-index key is ",
                                                   blind_index_key.size(), " bytes; at least ",
                                                   kMinBlindIndexKeyBytes, " are required"));
  }

  auto state = std::make_shared<State>();
  state->active_key_id = std::move(data_keys.active_key_id);
  for (auto& [id, key] : data_keys.keys) {
    state->keys.emplace(id, key);
    OPENSSL_cleanse(key.data(), key.size());
  }
  state->aes_gcm = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  if (state->aes_gcm == nullptr) {
    return absl::InternalError("field cipher: OpenSSL has no AES-256-GCM");
  }
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac == nullptr) {
    return absl::InternalError("field cipher: OpenSSL has no HMAC");
  }
  state->hmac_template = EVP_MAC_CTX_new(hmac);
  EVP_MAC_free(hmac);
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end(),
  };
  bool hmac_ready =
      state->hmac_template != nullptr && EVP_MAC_init(state->hmac_template, Bytes(blind_index_key),
                                                      blind_index_key.size(), params) == 1;
  OPENSSL_cleanse(blind_index_key.data(), blind_index_key.size());
  if (!hmac_ready) {
    return absl::InternalError("field cipher: cannot initialise HMAC-SHA256");
  }
  return FieldCipher(std::move(state));
}

const std::string& FieldCipher::active_key_id() const { return state_->active_key_id; }

absl::StatusOr<std::string> FieldCipher::Encrypt(absl::string_view plaintext,
                                                 absl::string_view associated_data) const {
  if (plaintext.size() > kMaxFieldPlaintextBytes) {
    return absl::InvalidArgumentError(absl::StrCat("field value is ", plaintext.size(),
                                                   " bytes; at most ", kMaxFieldPlaintextBytes,
                                                   " can be encrypted"));
  }
  const std::string& key_id = state_->active_key_id;
  const std::string& key = state_->keys.find(key_id)->second;
  const std::string aad = GcmAad(key_id, associated_data);

  // nonce | ciphertext | tag
  std::string sealed(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  if (RAND_bytes(out, kNonceBytes) != 1) {
    return absl::InternalError("field cipher: no randomness for the nonce");
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int final_len = 0;
  if (ctx == nullptr ||
      EVP_EncryptInit_ex2(ctx.get(), state_->aes_gcm, Bytes(key), out, nullptr) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out + kNonceBytes, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out + kNonceBytes + len, &final_len) != 1 ||
      static_cast<size_t>(len + final_len) != plaintext.size() ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, kTagBytes,
                          out + kNonceBytes + plaintext.size()) != 1) {
    return absl::InternalError("field cipher: AES-256-GCM encryption failed");
  }
  return absl::StrCat(kFormatVersion, ".", key_id, ".", absl::WebSafeBase64Escape(sealed));
}

absl::StatusOr<std::string> FieldCipher::Decrypt(absl::string_view ciphertext,
                                                 absl::string_view associated_data) const {
  absl::string_view key_id;
  absl::string_view payload;
  if (absl::Status s = SplitCiphertext(ciphertext, &key_id, &payload); !s.ok()) {
    return s;
  }
  auto key_it = state_->keys.find(key_id);
  if (key_it == state_->keys.end()) {
    return WithReason(
        absl::FailedPreconditionError(
            absl::StrCat("encrypted field uses key '", key_id,
                         "', which is not in the key ring (was it removed before re-encryption?)")),
        kReasonEncryptionKeyUnknown);
  }
  if (payload.size() > 2 * (kMaxFieldPlaintextBytes + kNonceBytes + kTagBytes)) {
    return CiphertextInvalid("too long");
  }
  std::string sealed;
  // Only the canonical unpadded encoding is accepted, so each value has exactly one spelling.
  if (!absl::WebSafeBase64Unescape(payload, &sealed) ||
      absl::WebSafeBase64Escape(sealed) != payload) {
    return CiphertextInvalid("data is not unpadded base64url");
  }
  if (sealed.size() < kNonceBytes + kTagBytes) {
    return CiphertextInvalid("too short");
  }
  const size_t body_size = sealed.size() - kNonceBytes - kTagBytes;
  const auto* in = reinterpret_cast<const unsigned char*>(sealed.data());
  const std::string aad = GcmAad(key_id, associated_data);
  std::string tag = sealed.substr(kNonceBytes + body_size);

  std::string plaintext(body_size, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int final_len = 0;
  if (ctx == nullptr ||
      EVP_DecryptInit_ex2(ctx.get(), state_->aes_gcm, Bytes(key_it->second), in, nullptr) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), out, &len, in + kNonceBytes, static_cast<int>(body_size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, kTagBytes, tag.data()) != 1) {
    return absl::InternalError("field cipher: AES-256-GCM decryption could not start");
  }
  if (EVP_DecryptFinal_ex(ctx.get(), out + len, &final_len) != 1) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return CiphertextInvalid("authentication failed (altered, or wrong associated data)");
  }
  return plaintext;
}

std::string FieldCipher::BlindIndex(absl::string_view value) const {
  MacCtx ctx(EVP_MAC_CTX_dup(state_->hmac_template));
  unsigned char mac[kHmacBytes];
  size_t mac_len = 0;
  if (ctx == nullptr || EVP_MAC_update(ctx.get(), Bytes(value), value.size()) != 1 ||
      EVP_MAC_final(ctx.get(), mac, &mac_len, sizeof(mac)) != 1 || mac_len != kHmacBytes) {
    // Only reachable when out of memory; an empty or partial index would silently match wrong
    // rows, so stop instead.
    std::fputs("FATAL: field cipher: HMAC-SHA256 failed\n", stderr);
    std::abort();
  }
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(mac), sizeof(mac)));
}

absl::StatusOr<std::string> FieldCipher::KeyIdOf(absl::string_view ciphertext) {
  absl::string_view key_id;
  absl::string_view payload;
  if (absl::Status s = SplitCiphertext(ciphertext, &key_id, &payload); !s.ok()) {
    return s;
  }
  return std::string(key_id);
}

}  // namespace ccrm
