#include "services/customer-profile/domain/uscc.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace ccrm::customer {
namespace {

// The code's alphabet in value order: a character's value is its index here.
constexpr absl::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static_assert(kAlphabet.size() == 31);

// Weight of position i (0-based) is 3^i mod 31.
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int CharacterValue(char c) {
  size_t pos = kAlphabet.find(c);
  return pos == absl::string_view::npos ? -1 : static_cast<int>(pos);
}

std::string DescribeCharacter(char c) {
  if (absl::ascii_isprint(static_cast<unsigned char>(c))) {
    return std::string(1, c);
  }
  return absl::StrCat("byte 0x", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
}

// INVALID_ARGUMENT naming the first character outside the alphabet, or OK.
absl::Status CheckAlphabet(absl::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (CharacterValue(c) >= 0) {
      continue;
    }
    std::string message =
        absl::StrCat("illegal character '", DescribeCharacter(c), "' at position ", i + 1);
    if (absl::ascii_islower(static_cast<unsigned char>(c))) {
      absl::StrAppend(&message, " (letters must be upper case)");
    } else {
      absl::StrAppend(&message, " (allowed: 0-9 and A-Z except I, O, S, V, Z)");
    }
    return absl::InvalidArgumentError(message);
  }
  return absl::OkStatus();
}

}  // namespace

bool IsUsccCharacter(char c) { return CharacterValue(c) >= 0; }

absl::StatusOr<char> UsccCheckCharacter(absl::string_view first17) {
  if (first17.size() != kUsccLength - 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("need the first 17 characters of the code, got ", first17.size()));
  }
  if (absl::Status s = CheckAlphabet(first17); !s.ok()) {
    return s;
  }
  int sum = 0;
  for (size_t i = 0; i < first17.size(); ++i) {
    sum += CharacterValue(first17[i]) * kWeights[i];
  }
  int check = 31 - sum % 31;
  return kAlphabet[check == 31 ? 0 : check];
}

absl::Status ValidateUnifiedSocialCreditCode(absl::string_view code) {
  if (code.size() != kUsccLength) {
    return absl::InvalidArgumentError(absl::StrCat("must be 18 characters, got ", code.size()));
  }
  if (absl::Status s = CheckAlphabet(code); !s.ok()) {
    return s;
  }
  for (size_t i = 2; i < 8; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(code[i]))) {
      return absl::InvalidArgumentError(
          absl::StrCat("illegal character '", DescribeCharacter(code[i]), "' at position ", i + 1,
                       " (positions 3-8 are the administrative division code: digits only)"));
    }
  }
  // Positions 9-17 carry a GB 11714 organisation code with its own check character. We
  // deliberately do not verify it: the check character at position 18 already guards positions
  // 9-17 against typing errors, and the organisation code's own rules are the registration
  // authority's business, not a reason for the bank to refuse a registered code.
  absl::StatusOr<char> expected = UsccCheckCharacter(code.substr(0, kUsccLength - 1));
  if (!expected.ok()) {
    return expected.status();
  }
  if (*expected != code[kUsccLength - 1]) {
    return absl::InvalidArgumentError(absl::StrCat("check character mismatch: expected ",
                                                   std::string(1, *expected), ", got ",
                                                   std::string(1, code[kUsccLength - 1])));
  }
  return absl::OkStatus();
}

}  // namespace ccrm::customer
