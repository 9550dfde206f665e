#include "services/relationship-service/domain/engagement_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/pagination/paging.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::relationship {
namespace {

constexpr int kDefaultHorizonMonths = 12;
constexpr int kMaxHorizonMonths = 36;

absl::CivilDay Today(absl::Time now) { return absl::ToCivilDay(now, absl::UTCTimeZone()); }

bool IsKnownStatus(EngagementStatus status) {
  const int s = static_cast<int>(status);
  return s >= static_cast<int>(EngagementStatus::kUnspecified) &&
         s <= static_cast<int>(EngagementStatus::kMissed);
}

}  // namespace

std::vector<Engagement> EngagementsFor(const EngagementTemplate& engagement_template,
                                       const std::string& customer_id,
                                       const std::string& manager_id, absl::CivilDay start,
                                       int horizon_months, absl::Time now) {
  std::vector<Engagement> engagements;
  for (const PlannedEngagement& planned :
       PlanEngagements(engagement_template, start, horizon_months)) {
    Engagement e;
    e.engagement_id = NewUuidV7(now);
    e.customer_id = customer_id;
    e.kind = planned.kind;
    e.due_date = planned.due_date;
    e.manager_id = manager_id;
    e.template_id = engagement_template.template_id;
    e.grace_days = engagement_template.grace_days;
    e.state = EngagementState::kOpen;
    e.create_time = now;
    engagements.push_back(std::move(e));
  }
  return engagements;
}

absl::StatusOr<EngagementPlan> EngagementService::Generate(const Caller& caller,
                                                           const std::string& customer_id,
                                                           int horizon_months,
                                                           const IdempotencyKey& key) {
  if (horizon_months == 0) {
    horizon_months = kDefaultHorizonMonths;
  }
  if (horizon_months < 1 || horizon_months > kMaxHorizonMonths) {
    return InvalidField("horizon_months", absl::StrCat("must be between 1 and ", kMaxHorizonMonths,
                                                       " (0 = ", kDefaultHorizonMonths, ")"));
  }
  ASSIGN_OR_RETURN(CustomerSummary customer,
                   directory_->GetCustomer(caller.Identity(), customer_id));
  if (customer.archived) {
    return WithReason(absl::FailedPreconditionError("the customer is archived"),
                      "CUSTOMER_ARCHIVED");
  }
  ASSIGN_OR_RETURN(EngagementTemplate engagement_template,
                   TemplateFor(templates_, customer.segment));
  ASSIGN_OR_RETURN(std::optional<Assignment> current,
                   managers_->CurrentAssignment(customer.customer_id));
  const std::string manager_id = current.has_value() ? current->manager_id : "";
  const absl::Time now = clock_->Now();
  const absl::CivilDay start = Today(now);
  ASSIGN_OR_RETURN(
      std::vector<Engagement> stored,
      engagements_->ReplacePlan(customer.customer_id, start,
                                EngagementsFor(engagement_template, customer.customer_id,
                                               manager_id, start, horizon_months, now),
                                key, caller.Write(now)));
  EngagementPlan plan;
  plan.customer_id = customer.customer_id;
  // A replay answers with the first call's plan, whose template is the one its engagements name.
  plan.template_id = stored.empty() ? engagement_template.template_id : stored.front().template_id;
  plan.engagements = std::move(stored);
  return plan;
}

absl::StatusOr<EngagementList> EngagementService::List(
    const std::string& customer_id, const std::string& manager_id, EngagementStatus status,
    std::optional<absl::CivilDay> due_before, const std::string& page_token, int page_size) {
  if (!IsKnownStatus(status)) {
    return InvalidField("status", "must be a known engagement status");
  }
  const std::string canonical = absl::StrCat(
      "engagements|customer=", customer_id, "|manager=", manager_id,
      "|status=", static_cast<int>(status),
      "|due_before=", due_before.has_value() ? absl::FormatCivilTime(*due_before) : "");
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  EngagementFilter filter;
  filter.customer_id = customer_id;
  filter.manager_id = manager_id;
  filter.status = status;
  filter.due_before = due_before;
  filter.today = Today(clock_->Now());
  ASSIGN_OR_RETURN(Page<Engagement> result, engagements_->List(filter, page));
  return EngagementList{std::move(result.items),
                        NextPageToken(canonical, std::move(result.next_key))};
}

absl::StatusOr<int> EngagementService::SweepMissed(int limit) {
  if (limit <= 0) {
    return 0;
  }
  const absl::Time now = clock_->Now();
  const WriteContext write{kEngagementSweepActor, {}, "", now, "grace period ended"};
  return engagements_->SweepMissed(Today(now), limit, *encoder_, write);
}

}  // namespace ccrm::relationship
