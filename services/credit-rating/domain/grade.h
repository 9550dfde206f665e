// The bank's rating scale (AAA best … C, then D for default) and the notch distance between
// grades, used to detect downgrades.
//
// Example:
//   ASSIGN_OR_RETURN(CreditGrade g, ParseGrade("BBB"));
//   int notches = NotchesDown(CreditGrade::kA, g);  // 1
#pragma once

#include <array>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ccrm::rating {

// Ordered best to worst; the values are the proto enum numbers.
enum class CreditGrade {
  kUnspecified = 0,
  kAAA = 1,
  kAA = 2,
  kA = 3,
  kBBB = 4,
  kBB = 5,
  kB = 6,
  kCCC = 7,
  kCC = 8,
  kC = 9,
  kD = 10,
};

inline constexpr std::array<CreditGrade, 10> kAllGrades = {
    CreditGrade::kAAA, CreditGrade::kAA,  CreditGrade::kA,  CreditGrade::kBBB, CreditGrade::kBB,
    CreditGrade::kB,   CreditGrade::kCCC, CreditGrade::kCC, CreditGrade::kC,   CreditGrade::kD};

// "AAA" … "D"; "" for kUnspecified.
std::string GradeName(CreditGrade grade);
// INVALID_ARGUMENT for anything but "AAA" … "D" (exact, upper case).
absl::StatusOr<CreditGrade> ParseGrade(absl::string_view name);
// How many grades `to` is below `from` (negative for an upgrade); 0 if either is unspecified.
int NotchesDown(CreditGrade from, CreditGrade to);
// Investment grade: BBB or better.
bool IsInvestmentGrade(CreditGrade grade);

}  // namespace ccrm::rating
