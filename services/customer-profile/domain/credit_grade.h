// The credit grades a customer can carry (the latest approved rating from credit-rating), best
// first. An empty grade means unrated.
//
// Example:
//   if (!c.credit_grade.empty() && !IsCreditGrade(c.credit_grade)) { ... }
#pragma once

#include "absl/strings/string_view.h"

namespace ccrm::customer {

// Best first.
inline constexpr absl::string_view kCreditGrades[] = {"AAA", "AA",  "A",  "BBB", "BB",
                                                      "B",   "CCC", "CC", "C",   "D"};

// True for one of kCreditGrades (exact, upper case); false for "" and anything else.
bool IsCreditGrade(absl::string_view grade);

}  // namespace ccrm::customer
