// Masking of personal identifiers for display and logs, so a screen, a log line or an export shows
// enough to recognise a value ("the phone ending 5678") but not enough to use it. Lengths are
// counted in UTF-8 code points, one '*' per hidden code point (except emails, whose hidden part is
// always "***" so its length is not revealed). Empty input gives empty output. Values that do not
// have one of the recognised shapes (resident ID, mainland mobile, email) show at most their last
// 4 code points and never more than a third of them.
//
// Example:
//   MaskIdNumber("110105194912311234")  // "110***********1234"
//   MaskPhone("13812345678")            // "138****5678"
//   MaskAccountNumber("6222020012341234")  // "************1234"
//   MaskEmail("zhang.san@example.com")  // "z***@example.com"
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace ccrm {

// PRC resident ID (18 characters): keeps the first 3 (region) and last 4: "110***********1234".
// Other lengths: keeps at most the last 4, never more than a third of the characters.
std::string MaskIdNumber(absl::string_view id);

// Mainland mobile number (11 digits starting with 1): "138****5678". Others: keeps at most the
// last 4, never more than a third of the characters.
std::string MaskPhone(absl::string_view phone);

// Bank account or card number: keeps at most the last 4, never more than a third of the
// characters: "************1234".
std::string MaskAccountNumber(absl::string_view account_number);

// Email: first character of the local part, "***", then the domain as is: "z***@example.com".
// A local part of fewer than 3 characters shows no character ("***@example.com"). A value without
// a usable '@' is masked like an account number.
std::string MaskEmail(absl::string_view email);

}  // namespace ccrm
