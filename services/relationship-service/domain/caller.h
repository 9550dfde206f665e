// The caller of a relationship-service operation: ccrm::Caller (common/auth/caller.h), whose
// bearer token is passed on when relationship-service checks customers with customer-profile.
//
// Example:
//   Caller caller{Principal{"rm-042", {roles::kRelationshipManager}}, "req-1", "Bearer …",
//                 absl::InfiniteFuture()};
#pragma once

#include "common/auth/caller.h"
#include "services/relationship-service/domain/customer_directory.h"
