// Format checks and normalisers for the personal identifiers a customer record holds: PRC
// resident ID numbers (居民身份证号码, GB 11643-1999), phone numbers, bank account numbers and
// e-mail addresses. The validators check the stored (canonical) form; the normalisers turn what
// people type into the form used for blind indexes, so equal numbers index equally. Error
// messages never repeat the identifier or any part of it: they may end up in logs.
//
// Example:
//   RETURN_IF_ERROR(ValidateResidentIdNumber("11010519491231002X"));
//   RETURN_IF_ERROR(ValidatePhoneNumber("+8613800138000"));
//   std::string key = NormalizePhoneNumber("+86 138-0013-8000");  // "13800138000"
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ccrm::customer {

// OK for an 18-character resident ID number: 17 digits whose positions 7-14 are a real birth date
// (YYYYMMDD, year 1800 or later) and an ISO 7064 MOD 11-2 check character (a digit, or an
// upper-case 'X' for ten). INVALID_ARGUMENT saying what is wrong otherwise. The old 15-digit form
// is not accepted.
absl::Status ValidateResidentIdNumber(absl::string_view id_number);

// The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits of a resident
// ID number. INVALID_ARGUMENT when `first17` is not 17 digits.
absl::StatusOr<char> ResidentIdCheckCharacter(absl::string_view first17);

// OK for a mainland mobile number "1[3-9]" + 9 digits, optionally prefixed by "+86", or a
// landline: a 3- or 4-digit area code starting with 0, an optional '-', and a 7- or 8-digit local
// number ("010-12345678", "0755-1234567"). INVALID_ARGUMENT otherwise.
absl::Status ValidatePhoneNumber(absl::string_view phone);

// OK for 8 to 32 digits (no spaces or dashes). INVALID_ARGUMENT otherwise. No Luhn check:
// corporate settlement accounts do not carry one.
absl::Status ValidateBankAccountNumber(absl::string_view account_number);

// OK for a plain address "local@domain": at most 254 characters, a local part of 1-64 printable
// ASCII characters without spaces, '@', quotes or angle brackets, and a domain of dot-separated
// labels of letters, digits and '-' (not at a label's ends) ending in a label of 2+ letters.
// INVALID_ARGUMENT otherwise. Quoted local parts and IP-literal domains are refused on purpose.
absl::Status ValidateEmail(absl::string_view email);

// The phone number without spaces, dashes, dots or parentheses, and without a "+86"/"0086"
// prefix before a mobile number: "+86 138-0013-8000" and "13800138000" both give
// "13800138000"; "010-1234 5678" gives "01012345678". Does not validate.
std::string NormalizePhoneNumber(absl::string_view phone);

// The account number without spaces and dashes: "6222 0212-3456" gives "622202123456".
// Does not validate.
std::string NormalizeBankAccountNumber(absl::string_view account_number);

// The resident ID number without spaces, with a trailing 'x' upper-cased. Does not validate.
std::string NormalizeResidentIdNumber(absl::string_view id_number);

}  // namespace ccrm::customer
