// Field-level encryption of personal identifiers at rest (ID numbers, phone numbers, bank account
// numbers): AES-256-GCM with keys from a rotating KeyRing, plus a keyed blind index (HMAC-SHA256)
// so an encrypted column can still be searched by exact value without decrypting it.
//
// A ciphertext is printable ASCII and names its key: "v1.<key_id>.<base64url(nonce|ct|tag)>"
// (unpadded base64url, 12-byte random nonce, 16-byte tag). The associated data binds it to its
// place, so a ciphertext copied to another row or column does not decrypt.
//
// Example:
//   ASSIGN_OR_RETURN(FieldCipher cipher, FieldCipher::Create(std::move(ring), blind_key));
//   std::string where = absl::StrCat("customers.contact_phone:", customer_id);
//   ASSIGN_OR_RETURN(std::string stored, cipher.Encrypt("13812345678", where));
//   std::string lookup = cipher.BlindIndex("13812345678");   // store beside it, index it
//   ASSIGN_OR_RETURN(std::string phone, cipher.Decrypt(stored, where));
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/crypto/key_files.h"

namespace ccrm {

// Error reasons (ErrorInfo.reason) of Decrypt failures.
inline constexpr char kReasonEncryptionKeyUnknown[] = "ENCRYPTION_KEY_UNKNOWN";
inline constexpr char kReasonCiphertextInvalid[] = "CIPHERTEXT_INVALID";

// Minimum length in bytes of the blind-index HMAC key.
inline constexpr size_t kMinBlindIndexKeyBytes = 32;
// Largest plaintext Encrypt accepts; fields are short, this only keeps lengths in int range.
inline constexpr size_t kMaxFieldPlaintextBytes = 1 << 20;

// Encrypts and decrypts single field values. Copies share the keys; all const methods are safe to
// call from many threads at once.
class FieldCipher final {
 public:
  // INVALID_ARGUMENT if a data key is not 32 bytes, a key id is malformed, the ring is empty, the
  // active key id is not in the ring, or the blind-index key is shorter than 32 bytes.
  static absl::StatusOr<FieldCipher> Create(KeyRing data_keys, std::string blind_index_key);

  // Encrypts with the active key and a fresh random nonce. `associated_data` is not stored but
  // must be given again to Decrypt, e.g. "customers.contact_phone:<customer_id>".
  // INVALID_ARGUMENT if the plaintext is larger than kMaxFieldPlaintextBytes; INTERNAL if
  // OpenSSL fails (e.g. no randomness).
  absl::StatusOr<std::string> Encrypt(absl::string_view plaintext,
                                      absl::string_view associated_data) const;

  // Decrypts a value made by Encrypt with the same associated data. FAILED_PRECONDITION with
  // reason ENCRYPTION_KEY_UNKNOWN if its key id is not in the ring; DATA_LOSS with reason
  // CIPHERTEXT_INVALID if it is malformed, was altered, or the associated data differs.
  absl::StatusOr<std::string> Decrypt(absl::string_view ciphertext,
                                      absl::string_view associated_data) const;

  // Deterministic HMAC-SHA256 of `value` under the blind-index key, as 64 lowercase hex digits,
  // for exact-match lookups of encrypted fields. Callers normalise the value first (e.g. strip
  // spaces, upper-case the ID check digit) so equal values give equal indexes.
  std::string BlindIndex(absl::string_view value) const;

  // The id of the key new encryptions use.
  const std::string& active_key_id() const;

  // The key id a ciphertext names, without decrypting; DATA_LOSS (CIPHERTEXT_INVALID) if it is
  // not of the form "v1.<key_id>.<...>". Lets a re-encryption job find values under old keys.
  static absl::StatusOr<std::string> KeyIdOf(absl::string_view ciphertext);

 private:
  struct State;
  explicit FieldCipher(std::shared_ptr<const State> state) : state_(std::move(state)) {}

  std::shared_ptr<const State> state_;
};

}  // namespace ccrm
