#include "common/pagination/page_token.h"

#include <openssl/sha.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/errors.h"
#include "nlohmann/json.hpp"

namespace ccrm {

absl::StatusOr<int> EffectivePageSize(int requested) {
  if (requested < 0) {
    return InvalidField("page_size", "must not be negative");
  }
  if (requested == 0) {
    return kDefaultPageSize;
  }
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

std::string QueryFingerprint(absl::string_view canonical_query) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(canonical_query.data()), canonical_query.size(),
         digest);
  std::string hex;
  for (int i = 0; i < 8; ++i) {
    absl::StrAppendFormat(&hex, "%02x", digest[i]);
  }
  return hex;
}

std::string EncodePageToken(const PageCursor& cursor) {
  nlohmann::json j = {{"q", cursor.query_fingerprint}, {"k", cursor.last_key}};
  return absl::WebSafeBase64Escape(j.dump());
}

absl::StatusOr<PageCursor> DecodePageToken(absl::string_view token,
                                           absl::string_view expected_fingerprint) {
  std::string json_text;
  if (!absl::WebSafeBase64Unescape(token, &json_text)) {
    return InvalidField("page_token", "is not a token this service issued");
  }
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("q") || !j["q"].is_string() ||
      !j.contains("k") || !j["k"].is_array()) {
    return InvalidField("page_token", "is not a token this service issued");
  }
  PageCursor cursor;
  cursor.query_fingerprint = j["q"].get<std::string>();
  if (cursor.query_fingerprint != expected_fingerprint) {
    return InvalidField("page_token",
                        "belongs to a different query; keep filters and order_by unchanged while "
                        "paging");
  }
  for (const auto& v : j["k"]) {
    if (!v.is_string()) {
      return InvalidField("page_token", "is not a token this service issued");
    }
    cursor.last_key.push_back(v.get<std::string>());
  }
  return cursor;
}

}  // namespace ccrm
