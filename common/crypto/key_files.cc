#include "common/crypto/key_files.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace ccrm {
namespace {

constexpr char kActiveKeyword[] = "active";
constexpr char kBase64Prefix[] = "base64:";

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view what) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (file == nullptr) {
    return absl::NotFoundError(absl::StrCat("cannot open ", std::string(what), " file '", path,
                                            "': ", std::strerror(errno)));
  }
  std::string content;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) {
    content.append(buffer, n);
  }
  if (std::ferror(file.get())) {
    return absl::NotFoundError(
        absl::StrCat("cannot read ", std::string(what), " file '", path, "'"));
  }
  return content;
}

absl::Status LineError(int line_number, absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("key ring line ", line_number, ": ", std::string(problem)));
}

}  // namespace

bool IsValidKeyId(absl::string_view key_id) {
  if (key_id.empty() || key_id.size() > 64) {
    return false;
  }
  for (char c : key_id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<KeyRing> ParseKeyRing(absl::string_view text) {
  KeyRing ring;
  int active_line = 0;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (fields.size() != 2) {
      return LineError(line_number, "expected \"<key_id> <base64 key>\" or \"active <key_id>\"");
    }
    if (fields[0] == kActiveKeyword) {
      if (active_line != 0) {
        return LineError(line_number,
                         absl::StrCat("second \"active\" line (first on line ", active_line, ")"));
      }
      active_line = line_number;
      ring.active_key_id = std::string(fields[1]);
      continue;
    }
    const std::string key_id(fields[0]);
    if (!IsValidKeyId(key_id)) {
      return LineError(line_number, absl::StrCat("key id '", key_id,
                                                 "' must be 1-64 characters of [A-Za-z0-9_-]"));
    }
    std::string key;
    if (!absl::Base64Unescape(fields[1], &key)) {
      return LineError(line_number, absl::StrCat("key '", key_id, "' is not valid base64"));
    }
    if (key.size() != kDataKeyBytes) {
      return LineError(line_number, absl::StrCat("key '", key_id, "' is ", key.size(),
                                                 " bytes; AES-256 keys are ", kDataKeyBytes));
    }
    if (!ring.keys.emplace(key_id, std::move(key)).second) {
      return LineError(line_number, absl::StrCat("duplicate key id '", key_id, "'"));
    }
  }
  if (ring.keys.empty()) {
    return absl::InvalidArgumentError("key ring has no keys");
  }
  if (active_line == 0) {
    return absl::InvalidArgumentError("key ring has no \"active <key_id>\" line");
  }
  if (ring.keys.count(ring.active_key_id) == 0) {
    return LineError(active_line,
                     absl::StrCat("active key id '", ring.active_key_id, "' is not in the ring"));
  }
  return ring;
}

absl::StatusOr<KeyRing> LoadKeyRingFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path, "key ring");
  if (!text.ok()) {
    return text.status();
  }
  absl::StatusOr<KeyRing> ring = ParseKeyRing(*text);
  if (!ring.ok()) {
    return absl::Status(ring.status().code(),
                        absl::StrCat(path, ": ", std::string(ring.status().message())));
  }
  return ring;
}

absl::StatusOr<std::string> ParseSecret(absl::string_view content, size_t min_bytes,
                                        absl::string_view source) {
  std::string secret;
  if (absl::StartsWith(content, kBase64Prefix)) {
    absl::string_view encoded =
        absl::StripAsciiWhitespace(content.substr(sizeof(kBase64Prefix) - 1));
    if (!absl::Base64Unescape(encoded, &secret)) {
      return absl::InvalidArgumentError(
          absl::StrCat("secret ", std::string(source), " is not valid base64 after \"base64:\""));
    }
  } else {
    if (absl::EndsWith(content, "\r\n")) {
      content.remove_suffix(2);
    } else if (absl::EndsWith(content, "\n")) {
      content.remove_suffix(1);
    }
    secret = std::string(content);
  }
  if (secret.size() < min_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("secret ", std::string(source), " is ",
                                                   secret.size(), " bytes; at least ", min_bytes,
                                                   " are required"));
  }
  return secret;
}

absl::StatusOr<std::string> LoadSecretFile(const std::string& path, size_t min_bytes) {
  absl::StatusOr<std::string> content = ReadFile(path, "secret");
  if (!content.ok()) {
    return content.status();
  }
  return ParseSecret(*content, min_bytes, absl::StrCat("file '", path, "'"));
}

}  // namespace ccrm
