#include "services/credit-rating/domain/grade.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm::rating {

std::string GradeName(CreditGrade grade) {
  switch (grade) {
    case CreditGrade::kAAA:
      return "AAA";
    case CreditGrade::kAA:
      return "AA";
    case CreditGrade::kA:
      return "A";
    case CreditGrade::kBBB:
      return "BBB";
    case CreditGrade::kBB:
      return "BB";
    case CreditGrade::kB:
      return "B";
    case CreditGrade::kCCC:
      return "CCC";
    case CreditGrade::kCC:
      return "CC";
    case CreditGrade::kC:
      return "C";
    case CreditGrade::kD:
      return "D";
    case CreditGrade::kUnspecified:
      break;
  }
  return "";
}

absl::StatusOr<CreditGrade> ParseGrade(absl::string_view name) {
  for (CreditGrade grade : kAllGrades) {
    if (GradeName(grade) == name) {
      return grade;
    }
  }
  return InvalidField("grade", absl::StrCat("\"", std::string(name),
                                            "\" is not a grade (AAA, AA, A, BBB, BB, B, CCC, "
                                            "CC, C or D)"));
}

int NotchesDown(CreditGrade from, CreditGrade to) {
  if (from == CreditGrade::kUnspecified || to == CreditGrade::kUnspecified) {
    return 0;
  }
  return static_cast<int>(to) - static_cast<int>(from);
}

bool IsInvestmentGrade(CreditGrade grade) {
  return grade != CreditGrade::kUnspecified &&
         static_cast<int>(grade) <= static_cast<int>(CreditGrade::kBBB);
}

}  // namespace ccrm::rating
