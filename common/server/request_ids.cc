#include "common/server/request_ids.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <openssl/evp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm {
namespace {

constexpr size_t kMaxRequestIdLength = 128;

}  // namespace

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.size() > kMaxRequestIdLength) {
    return InvalidField("request_id",
                        absl::StrCat("must be at most ", kMaxRequestIdLength, " characters"));
  }
  for (char c : request_id) {
    if (!(absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':')) {
      return InvalidField("request_id", "may hold only letters, digits and - _ . :");
    }
  }
  return absl::OkStatus();
}

std::string RequestFingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializePartialToCodedStream(&coded);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &digest_length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), digest_length));
}

absl::StatusOr<IdempotencyKey> IdempotencyKeyOf(const google::protobuf::Message& request,
                                                const std::string& request_id) {
  if (absl::Status s = ValidateRequestId(request_id); !s.ok()) {
    return s;
  }
  if (request_id.empty()) {
    return IdempotencyKey{};
  }
  return IdempotencyKey{request_id, RequestFingerprint(request)};
}

}  // namespace ccrm
