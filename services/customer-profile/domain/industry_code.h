// Industry codes of the national economic industry classification (国民经济行业分类,
// GB/T 4754-2017): a section letter A-T followed by a two-digit division, optionally refined to a
// three-digit group or four-digit class ("C30", "C301", "C3011"). We check the shape and that
// the division belongs to the section; groups and classes are not checked against the full table.
//
// Example:
//   RETURN_IF_ERROR(ValidateIndustryCode("C3011"));        // OK: division 30 is in section C
//   ValidateIndustryCode("A30");                           // INVALID_ARGUMENT: 30 is in C
//   std::optional<char> s = IndustrySectionOfDivision(70);  // 'K'
#pragma once

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace ccrm::customer {

// OK for a section letter A-T followed by 2 to 4 digits whose first two (the division) belong
// to that section. INVALID_ARGUMENT with a message saying which rule failed otherwise.
absl::Status ValidateIndustryCode(absl::string_view code);

// The section letter ('A'..'T') a division 01..97 belongs to; nullopt outside 1..97.
std::optional<char> IndustrySectionOfDivision(int division);

}  // namespace ccrm::customer
