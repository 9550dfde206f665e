#include "services/relationship-service/domain/manager_service.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/pagination/paging.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/relationship-service/domain/interaction_rules.h"

namespace ccrm::relationship {
namespace {

constexpr int kMaxPortfolioLimit = 10000;

absl::Status ValidateManager(const RelationshipManager& m) {
  FieldViolations v;
  if (!IsStaffId(m.manager_id)) {
    v.Add("manager.manager_id", "must be 1-64 of a-z 0-9 . _ -");
  }
  if (m.display_name.empty() || m.display_name.size() > 300) {
    v.Add("manager.display_name", "is required (at most 100 characters)");
  }
  if (m.branch.size() > 300) {
    v.Add("manager.branch", "must be at most 100 characters");
  }
  if (!m.email.empty() && (m.email.size() > 254 || !absl::StrContains(m.email, "@") ||
                           m.email.front() == '@' || m.email.back() == '@')) {
    v.Add("manager.email", "must be an e-mail address");
  }
  if (m.max_portfolio_size < 0 || m.max_portfolio_size > kMaxPortfolioLimit) {
    v.Add("manager.max_portfolio_size", absl::StrCat("must be 0..", kMaxPortfolioLimit));
  }
  return v.ToStatus();
}

}  // namespace

absl::StatusOr<RelationshipManager> ManagerService::Create(const Caller& caller,
                                                           RelationshipManager draft,
                                                           const IdempotencyKey& key) {
  RETURN_IF_ERROR(ValidateManager(draft));
  const absl::Time now = clock_->Now();
  draft.create_time = now;
  draft.update_time = now;
  draft.revision = 1;
  return repository_->Create(draft, key, caller.Write(now));
}

absl::StatusOr<RelationshipManager> ManagerService::Get(const std::string& manager_id) {
  return repository_->Get(manager_id);
}

absl::StatusOr<ManagerList> ManagerService::List(const std::string& branch, bool include_inactive,
                                                 const std::string& page_token, int page_size) {
  const std::string canonical =
      absl::StrCat("managers|branch=", branch, "|inactive=", include_inactive);
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  ASSIGN_OR_RETURN(Page<RelationshipManager> result,
                   repository_->List(branch, include_inactive, page));
  return ManagerList{std::move(result.items), NextPageToken(canonical, std::move(result.next_key))};
}

absl::StatusOr<Assignment> ManagerService::Assign(const Caller& caller,
                                                  const std::string& customer_id,
                                                  const std::string& manager_id, bool dedicated,
                                                  const std::string& reason) {
  if (!IsStaffId(manager_id)) {
    return InvalidField("manager_id", "must be 1-64 of a-z 0-9 . _ -");
  }
  if (reason.size() > 1000) {
    return InvalidField("reason", "must be at most 1000 bytes");
  }
  ASSIGN_OR_RETURN(RelationshipManager manager, repository_->Get(manager_id));
  if (!manager.active) {
    return WithReason(absl::FailedPreconditionError(
                          absl::StrCat("relationship manager ", manager_id, " is inactive")),
                      "MANAGER_INACTIVE");
  }
  ASSIGN_OR_RETURN(CustomerSummary customer,
                   directory_->GetCustomer(caller.Identity(), customer_id));
  if (customer.archived) {
    return WithReason(absl::FailedPreconditionError("the customer is archived"),
                      "CUSTOMER_ARCHIVED");
  }
  ASSIGN_OR_RETURN(std::optional<Assignment> current, repository_->CurrentAssignment(customer_id));
  // Moving a customer to another manager needs a reason; the same manager again is either
  // ALREADY_ASSIGNED (the repository says so) or only a change of the dedicated flag.
  if (current.has_value() && current->manager_id != manager_id && reason.empty()) {
    return InvalidField("reason", "is required to reassign a customer (who it moves from: " +
                                      current->manager_id + ")");
  }
  Assignment next;
  next.customer_id = customer.customer_id;
  next.manager_id = manager_id;
  // 重点客户: a key customer always has a dedicated manager.
  next.dedicated = dedicated || customer.segment == Segment::kKey;
  next.segment = customer.segment;
  next.reason = reason;
  next.assigned_by = caller.principal.subject;
  const int limit = manager.max_portfolio_size;
  return repository_->Assign(
      next,
      [limit, &manager_id](int portfolio_size) -> absl::Status {
        if (limit > 0 && portfolio_size >= limit) {
          return WithReason(absl::FailedPreconditionError(absl::StrCat(
                                "relationship manager ", manager_id, " already looks after ",
                                portfolio_size, " customers (the limit)")),
                            "PORTFOLIO_FULL");
        }
        return absl::OkStatus();
      },
      caller.Write(clock_->Now(), reason));
}

absl::StatusOr<AssignmentList> ManagerService::History(const std::string& customer_id,
                                                       const std::string& page_token,
                                                       int page_size) {
  const std::string canonical = absl::StrCat("history|customer=", customer_id);
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  ASSIGN_OR_RETURN(Page<Assignment> result, repository_->AssignmentHistory(customer_id, page));
  return AssignmentList{std::move(result.items),
                        NextPageToken(canonical, std::move(result.next_key))};
}

absl::StatusOr<AssignmentList> ManagerService::Portfolio(const std::string& manager_id,
                                                         const std::string& page_token,
                                                         int page_size) {
  RETURN_IF_ERROR(repository_->Get(manager_id).status());
  const std::string canonical = absl::StrCat("portfolio|manager=", manager_id);
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  ASSIGN_OR_RETURN(Page<Assignment> result, repository_->Portfolio(manager_id, page));
  return AssignmentList{std::move(result.items),
                        NextPageToken(canonical, std::move(result.next_key))};
}

}  // namespace ccrm::relationship
