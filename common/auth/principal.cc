#include "common/auth/principal.h"

#include <algorithm>

namespace ccrm {

bool Principal::HasRole(absl::string_view role) const {
  return std::any_of(roles.begin(), roles.end(),
                     [role](const std::string& r) { return r == role; });
}

}  // namespace ccrm
