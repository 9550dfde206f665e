#include "services/customer-profile/domain/credit_grade.h"

namespace ccrm::customer {

bool IsCreditGrade(absl::string_view grade) {
  for (absl::string_view g : kCreditGrades) {
    if (g == grade) {
      return true;
    }
  }
  return false;
}

}  // namespace ccrm::customer
