// Loading secrets from files: the ring of AES-256 data keys used for field encryption, and single
// secrets such as the blind-index key or an HS256 signing secret. Files are mounted from the
// platform's secret store; nothing here reads the environment.
//
// Key ring file format: one key per line "<key_id> <base64 of 32 bytes>", one line
// "active <key_id>" naming the key new encryptions use, blank lines and '#' comment lines ignored.
// Key ids are 1-64 characters of [A-Za-z0-9_-] ("active" is reserved).
//
// Example:
//   # rotated 2024-03
//   k2023 3q2+7w...=
//   k2024 mZk1Lx...=
//   active k2024
//
//   ASSIGN_OR_RETURN(KeyRing ring, LoadKeyRingFile("/run/secrets/field-keys"));
//   ASSIGN_OR_RETURN(std::string blind_key, LoadSecretFile("/run/secrets/blind-index-key", 32));
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ccrm {

// Size in bytes of an AES-256 data key.
inline constexpr size_t kDataKeyBytes = 32;

// AES-256 data keys by id, so keys can rotate: old keys stay in the ring to decrypt what they
// encrypted, new encryptions use the active one.
struct KeyRing {
  std::string active_key_id;                // new encryptions use this key
  std::map<std::string, std::string> keys;  // key id -> 32 raw bytes
};

// True when `key_id` is 1-64 characters of [A-Za-z0-9_-].
bool IsValidKeyId(absl::string_view key_id);

// Parses the text of a key ring file. INVALID_ARGUMENT naming the line on any defect: a malformed
// line, a bad key id, invalid base64, a key that is not 32 bytes, a duplicate key id, a missing or
// repeated "active" line, an active id that is not in the ring, or no keys at all.
absl::StatusOr<KeyRing> ParseKeyRing(absl::string_view text);

// Reads and parses a key ring file. NOT_FOUND if the file cannot be read; INVALID_ARGUMENT (message
// naming the file) as ParseKeyRing.
absl::StatusOr<KeyRing> LoadKeyRingFile(const std::string& path);

// Reads a secret: the file's raw bytes with one trailing newline ("\n" or "\r\n") stripped, or, if
// the content starts with "base64:", the decoded bytes of the (whitespace-trimmed) rest.
// NOT_FOUND if the file cannot be read; INVALID_ARGUMENT if the base64 is invalid or the secret is
// shorter than `min_bytes`.
absl::StatusOr<std::string> LoadSecretFile(const std::string& path, size_t min_bytes);

// Parses the content of a secret file as LoadSecretFile does; `source` names it in error messages.
absl::StatusOr<std::string> ParseSecret(absl::string_view content, size_t min_bytes,
                                        absl::string_view source);

}  // namespace ccrm
