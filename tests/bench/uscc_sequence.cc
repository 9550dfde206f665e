#include "tests/bench/uscc_sequence.h"

#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "services/customer-profile/domain/uscc.h"

namespace ccrm::bench {
namespace {

// The code's alphabet in value order (GB 32100-2015: no I, O, S, V, Z).
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr uint64_t kBase = 31;
constexpr int kCounterLength = 9;
constexpr uint64_t kCounterRange = 26439622160671ULL;  // 31^9

}  // namespace

UsccSequence::UsccSequence(uint64_t seed)
    : prefix_(absl::StrFormat("91%06d", static_cast<int>(seed % 1000000))),
      next_((seed / 1000000) % kCounterRange) {}

std::string UsccSequence::Next() {
  uint64_t n = next_.fetch_add(1, std::memory_order_relaxed) % kCounterRange;
  std::string code = prefix_ + std::string(kCounterLength, '0');
  for (int i = 0; i < kCounterLength; ++i) {
    code[code.size() - 1 - i] = kAlphabet[n % kBase];
    n /= kBase;
  }
  // Cannot fail: 17 characters from the alphabet.
  absl::StatusOr<char> check = customer::UsccCheckCharacter(code);
  code.push_back(check.ok() ? *check : '0');
  return code;
}

}  // namespace ccrm::bench
