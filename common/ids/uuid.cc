#include "common/ids/uuid.h"

#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace ccrm {

std::string NewUuidV7(absl::Time now) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const uint64_t millis = static_cast<uint64_t>(absl::ToUnixMillis(now)) & 0xFFFFFFFFFFFFULL;
  const uint64_t r1 = rng();
  const uint64_t r2 = rng();
  const uint64_t hi = (millis << 16) | 0x7000ULL | (r1 & 0x0FFFULL);
  const uint64_t lo = (r2 & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF,
                         lo >> 48, lo & 0xFFFFFFFFFFFFULL);
}

bool IsUuid(absl::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !absl::ascii_isxdigit(text[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace ccrm
