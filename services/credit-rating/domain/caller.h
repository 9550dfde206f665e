// The caller of a credit-rating operation: ccrm::Caller (common/auth/caller.h), whose bearer
// token is passed on when credit-rating reads customer-profile on the caller's behalf.
//
// Example:
//   Caller caller{Principal{"analyst-7", {roles::kCreditAnalyst}}, "req-1", "Bearer eyJ…",
//                 absl::Now() + absl::Seconds(5)};
#pragma once

#include "common/auth/caller.h"
#include "services/credit-rating/domain/customer_directory.h"
