// The customer lifecycle: which stage may follow which, and when a customer may be archived.
//
//   prospect   -> onboarding | closed
//   onboarding -> active | closed
//   active     -> watch | exiting
//   watch      -> active | exiting
//   exiting    -> closed | active
//   closed     -> (final)
// Staying in the same stage is not a transition. Only prospects and closed customers can be
// archived, and only once.
//
// Example:
//   RETURN_IF_ERROR(CheckLifecycleTransition(customer.lifecycle_stage, request.to_stage));
//   // FAILED_PRECONDITION, reason LIFECYCLE_TRANSITION_NOT_ALLOWED: "cannot move a customer from
//   // prospect to active; allowed from prospect: onboarding, closed"
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/customer-profile/domain/customer.h"

namespace ccrm::customer {

// Error reasons (ErrorInfo.reason) set by the checks below.
inline constexpr char kLifecycleTransitionNotAllowed[] = "LIFECYCLE_TRANSITION_NOT_ALLOWED";
inline constexpr char kCustomerNotArchivable[] = "CUSTOMER_NOT_ARCHIVABLE";
inline constexpr char kCustomerArchived[] = "CUSTOMER_ARCHIVED";

// The stages `from` may move to, in lifecycle order; empty for kClosed and unknown stages.
std::vector<LifecycleStage> AllowedNextStages(LifecycleStage from);

// OK when `to` may follow `from`. INVALID_ARGUMENT with a violation on "to_stage" when `to` is
// unspecified or not a known stage; FAILED_PRECONDITION with reason
// LIFECYCLE_TRANSITION_NOT_ALLOWED (message naming both stages and the allowed next stages)
// when the move is not allowed, including staying in the same stage.
absl::Status CheckLifecycleTransition(LifecycleStage from, LifecycleStage to);

// OK when the customer may be archived. FAILED_PRECONDITION with reason CUSTOMER_ARCHIVED when
// it already is, or CUSTOMER_NOT_ARCHIVABLE when its stage is not prospect or closed.
absl::Status CheckArchivable(const Customer& customer);

// OK unless the customer is archived: FAILED_PRECONDITION with reason CUSTOMER_ARCHIVED (archived
// customers and their sub-resources are read-only).
absl::Status CheckNotArchived(const Customer& customer);

// "prospect", "onboarding", "active", "watch", "exiting", "closed"; "unspecified" otherwise.
std::string LifecycleStageName(LifecycleStage stage);

// The stage with this lower-case name; INVALID_ARGUMENT for any other string (including
// "unspecified").
absl::StatusOr<LifecycleStage> ParseLifecycleStage(absl::string_view name);

}  // namespace ccrm::customer
