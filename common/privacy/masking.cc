#include "common/privacy/masking.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace ccrm {
namespace {

constexpr size_t kResidentIdLength = 18;
constexpr size_t kMobileLength = 11;
constexpr size_t kMaxKeptTail = 4;

// Splits UTF-8 text into code points. A byte that does not start a well-formed sequence counts as
// one code point by itself, so malformed input is still masked and never split mid-sequence.
std::vector<absl::string_view> CodePoints(absl::string_view text) {
  std::vector<absl::string_view> points;
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
    }
    bool well_formed = i + length <= text.size();
    for (size_t k = 1; well_formed && k < length; ++k) {
      well_formed = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (!well_formed) {
      length = 1;
    }
    points.push_back(text.substr(i, length));
    i += length;
  }
  return points;
}

// Shows the first `head` and last `tail` code points and one '*' for each one between.
std::string KeepEnds(const std::vector<absl::string_view>& points, size_t head, size_t tail) {
  std::string masked;
  for (size_t i = 0; i < points.size(); ++i) {
    if (i < head || i + tail >= points.size()) {
      absl::StrAppend(&masked, points[i]);
    } else {
      masked.push_back('*');
    }
  }
  return masked;
}

// Keeps at most the last 4 code points and never more than a third of them.
std::string KeepShortTail(absl::string_view value) {
  std::vector<absl::string_view> points = CodePoints(value);
  return KeepEnds(points, 0, std::min(kMaxKeptTail, points.size() / 3));
}

bool IsMainlandMobile(absl::string_view phone) {
  return phone.size() == kMobileLength && phone[0] == '1' &&
         std::all_of(phone.begin(), phone.end(),
                     [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

std::string MaskIdNumber(absl::string_view id) {
  std::vector<absl::string_view> points = CodePoints(id);
  if (points.size() == kResidentIdLength) {
    return KeepEnds(points, 3, 4);
  }
  return KeepShortTail(id);
}

std::string MaskPhone(absl::string_view phone) {
  if (IsMainlandMobile(phone)) {
    return KeepEnds(CodePoints(phone), 3, 4);
  }
  return KeepShortTail(phone);
}

std::string MaskAccountNumber(absl::string_view account_number) {
  return KeepShortTail(account_number);
}

std::string MaskEmail(absl::string_view email) {
  const size_t at = email.rfind('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 == email.size()) {
    return KeepShortTail(email);
  }
  std::vector<absl::string_view> local = CodePoints(email.substr(0, at));
  std::string masked = local.size() >= 3 ? std::string(local[0]) : std::string();
  absl::StrAppend(&masked, "***", email.substr(at));
  return masked;
}

}  // namespace ccrm
