#include "services/relationship-service/api/customer_events.h"

#include "absl/strings/str_cat.h"
#include "ccrm/customer/v1/customer_profile.pb.h"
#include "common/wire/money_time_mapping.h"
#include "services/relationship-service/clients/customer_profile_client.h"
#include "services/relationship-service/domain/engagement_service.h"
#include "services/relationship-service/storage/mysql_engagement_repository.h"

namespace ccrm::relationship {
namespace {

constexpr char kCustomerCreated[] = "ccrm.customer.v1.CustomerCreated";
// The horizon of a new customer's plan.
constexpr int kNewCustomerHorizonMonths = 12;

}  // namespace

std::vector<std::string> CustomerEventTypes() { return {kCustomerCreated}; }

absl::Status ApplyCustomerEvent(const std::vector<EngagementTemplate>& templates,
                                const ccrm::common::v1::Event& event, mysql::Session& session) {
  if (event.event_type() != kCustomerCreated) {
    return absl::OkStatus();
  }
  customer::v1::CustomerCreated created;
  if (!event.payload().UnpackTo(&created)) {
    return absl::InvalidArgumentError(
        absl::StrCat("event ", event.event_id(), " (", event.event_type(), ") does not parse"));
  }
  const CustomerSummary customer = ToCustomerSummary(created.customer());
  absl::StatusOr<EngagementTemplate> engagement_template = TemplateFor(templates, customer.segment);
  if (!engagement_template.ok()) {
    return absl::OkStatus();
  }
  const absl::Time occurred = FromProto(event.occur_time());
  const std::vector<Engagement> engagements = EngagementsFor(
      *engagement_template, customer.customer_id, created.customer().relationship_manager_id(),
      absl::ToCivilDay(occurred, absl::UTCTimeZone()), kNewCustomerHorizonMonths, occurred);
  return PlanNewCustomerIn(session, customer.customer_id, engagements).status();
}

}  // namespace ccrm::relationship
