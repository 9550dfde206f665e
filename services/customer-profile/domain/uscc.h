// The unified social credit code (统一社会信用代码, GB 32100-2015): the 18-character identifier of
// every enterprise and organisation in China, and its check character.
//
// Layout: position 1 the registration authority (登记管理部门码), 2 the organisation type
// (机构类别码), 3-8 the administrative division (GB/T 2260, six digits), 9-17 the organisation code
// (GB 11714), 18 the check character over positions 1-17. Only upper-case input is accepted;
// the API layer may normalise case before calling these.
//
// Example:
//   RETURN_IF_ERROR(ValidateUnifiedSocialCreditCode("91350100M000100Y43"));
//   ASSIGN_OR_RETURN(char check, UsccCheckCharacter("91350100M000100Y4"));  // '3'
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ccrm::customer {

inline constexpr size_t kUsccLength = 18;

// True for the 31 characters a code may use: 0-9 and A-Z without I, O, S, V, Z.
bool IsUsccCharacter(char c);

// OK for a well-formed code with the right check character. Otherwise INVALID_ARGUMENT whose
// message says what is wrong: the length, the first illegal character and its position (1-based),
// a non-digit in the administrative division, or the check character expected.
absl::Status ValidateUnifiedSocialCreditCode(absl::string_view code);

// The check character for the first 17 characters of a code. INVALID_ARGUMENT when `first17`
// is not 17 characters long or holds a character outside the code's alphabet.
absl::StatusOr<char> UsccCheckCharacter(absl::string_view first17);

}  // namespace ccrm::customer
