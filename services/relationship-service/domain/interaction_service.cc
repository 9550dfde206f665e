#include "services/relationship-service/domain/interaction_service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/pagination/paging.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::relationship {
namespace {

// What an engagement id may look like (a UUID as the plans make them, or any id of that
// alphabet); whether the customer has it is the repository's answer.
bool LooksLikeEngagementId(const std::string& id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-';
  });
}

}  // namespace

absl::StatusOr<Interaction> InteractionService::Log(const Caller& caller,
                                                    const std::string& customer_id,
                                                    Interaction draft, const IdempotencyKey& key) {
  const absl::Time now = clock_->Now();
  if (draft.manager_id.empty()) {
    draft.manager_id = caller.principal.subject;
  }
  // engagement_id stays: the repository completes that engagement in the same transaction.
  FieldViolations violations;
  violations.Merge(ValidateInteraction(draft, now, "interaction"));
  if (!draft.engagement_id.empty() && !LooksLikeEngagementId(draft.engagement_id)) {
    violations.Add("interaction.engagement", "must be an engagement id: 1-64 of [0-9a-f-]");
  }
  RETURN_IF_ERROR(violations.ToStatus());
  ASSIGN_OR_RETURN(CustomerSummary customer,
                   directory_->GetCustomer(caller.Identity(), customer_id));
  if (customer.archived) {
    return WithReason(absl::FailedPreconditionError("the customer is archived"),
                      "CUSTOMER_ARCHIVED");
  }
  draft.interaction_id = NewUuidV7(now);
  draft.customer_id = customer.customer_id;
  draft.redacted = false;
  draft.created_by = caller.principal.subject;
  draft.create_time = now;
  return interactions_->Log(draft, key, caller.Write(now));
}

absl::StatusOr<InteractionList> InteractionService::List(const Caller& caller,
                                                         const std::string& customer_id,
                                                         InteractionKind kind,
                                                         const std::string& page_token,
                                                         int page_size) {
  const std::string canonical =
      absl::StrCat("interactions|customer=", customer_id, "|kind=", static_cast<int>(kind));
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  ASSIGN_OR_RETURN(Page<Interaction> result, interactions_->List(customer_id, kind, page));
  std::string current_manager;
  for (const Interaction& i : result.items) {
    if (i.confidential) {
      ASSIGN_OR_RETURN(std::optional<Assignment> current,
                       managers_->CurrentAssignment(customer_id));
      if (current.has_value()) {
        current_manager = current->manager_id;
      }
      break;
    }
  }
  for (Interaction& i : result.items) {
    if (i.confidential && !MaySeeConfidential(caller.principal, i, current_manager)) {
      Redact(i);
    }
  }
  return InteractionList{std::move(result.items),
                         NextPageToken(canonical, std::move(result.next_key))};
}

}  // namespace ccrm::relationship
