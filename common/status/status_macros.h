// Early-return helpers for absl::Status / absl::StatusOr (Debian's Abseil 20220623 has none).
//
// Example:
//   absl::StatusOr<Customer> Load(Id id) {
//     RETURN_IF_ERROR(ValidateId(id));
//     ASSIGN_OR_RETURN(Row row, repo.Find(id));
//     return ToCustomer(row);
//   }
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CCRM_STATUS_CONCAT_INNER(a, b) a##b
#define CCRM_STATUS_CONCAT(a, b) CCRM_STATUS_CONCAT_INNER(a, b)

// Returns the status of `expr` from the enclosing function when it is not OK.
#define RETURN_IF_ERROR(expr)             \
  do {                                    \
    ::absl::Status ccrm_status_ = (expr); \
    if (!ccrm_status_.ok()) {             \
      return ccrm_status_;                \
    }                                     \
  } while (false)

// Evaluates `expr` (an absl::StatusOr<T>); on error returns its status, otherwise moves the value
// into `lhs`, which may be a declaration ("auto x") or an existing variable.
#define ASSIGN_OR_RETURN(lhs, expr) \
  CCRM_ASSIGN_OR_RETURN_IMPL(CCRM_STATUS_CONCAT(ccrm_statusor_, __LINE__), lhs, expr)

#define CCRM_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                               \
  if (!statusor.ok()) {                                 \
    return std::move(statusor).status();                \
  }                                                     \
  lhs = std::move(statusor).value()
