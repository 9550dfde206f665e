// Building absl::Status values that carry machine-readable details: an error reason (a stable
// UPPER_SNAKE string clients switch on) and, for bad requests, field violations. The details ride
// as payloads in the google.rpc wire format and are turned into grpc-status-details-bin by
// ToGrpcStatus (common/status/grpc_status.h).
//
// Example:
//   FieldViolations v;
//   if (code.size() != 18) v.Add("customer.unified_social_credit_code", "must be 18 characters");
//   RETURN_IF_ERROR(v.ToStatus());
//   return WithReason(absl::NotFoundError("customer not found"), "CUSTOMER_NOT_FOUND");
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace ccrm {

struct FieldViolation {
  std::string field;
  std::string description;
  bool operator==(const FieldViolation& o) const {
    return field == o.field && description == o.description;
  }
};

// Collects field violations while validating a request.
class FieldViolations final {
 public:
  void Add(std::string field, std::string description);
  // Adds every violation of `other`, with `prefix` + "." before its field path.
  void AddAll(std::string_view prefix, const FieldViolations& other);
  // Adds the field violations `status` carries (nothing when OK), so several parse results can
  // be reported at once; a failure without violations is added under field "" with its message.
  void Merge(const absl::Status& status);
  bool empty() const { return violations_.empty(); }
  const std::vector<FieldViolation>& violations() const { return violations_; }
  // OK when empty; otherwise INVALID_ARGUMENT with reason "INVALID_ARGUMENT" and the violations.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

// INVALID_ARGUMENT naming one field.
absl::Status InvalidField(std::string field, std::string description);

// Returns `status` with the error reason attached (replacing an earlier one).
absl::Status WithReason(absl::Status status, std::string_view reason);

// The reason attached to `status`, or "" when none.
std::string ErrorReason(const absl::Status& status);

// The field violations attached to `status`, empty when none.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// Type URLs of the payloads, as google.rpc names them.
inline constexpr char kErrorInfoTypeUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
inline constexpr char kBadRequestTypeUrl[] = "type.googleapis.com/google.rpc.BadRequest";
// The ErrorInfo domain of every ccrm error.
inline constexpr char kErrorDomain[] = "ccrm.bank";

}  // namespace ccrm
