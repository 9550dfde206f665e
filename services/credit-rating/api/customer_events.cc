#include "services/credit-rating/api/customer_events.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ccrm/customer/v1/customer_profile.pb.h"
#include "common/wire/money_time_mapping.h"
#include "services/credit-rating/storage/mysql_rating_repository.h"

namespace ccrm::rating {
namespace {

namespace cv1 = ::ccrm::customer::v1;

constexpr char kStatementSubmitted[] = "ccrm.customer.v1.FinancialStatementSubmitted";
constexpr char kCustomerUpdated[] = "ccrm.customer.v1.CustomerUpdated";

absl::Status Unparsable(const ccrm::common::v1::Event& event) {
  return absl::InvalidArgumentError(
      absl::StrCat("event ", event.event_id(), " (", event.event_type(), ") does not parse"));
}

}  // namespace

std::vector<std::string> CustomerEventTypes() { return {kStatementSubmitted, kCustomerUpdated}; }

absl::Status ApplyCustomerEvent(const ccrm::common::v1::Event& event, mysql::Session& session) {
  const absl::Time occurred = FromProto(event.occur_time());
  if (event.event_type() == kStatementSubmitted) {
    cv1::FinancialStatementSubmitted submitted;
    if (!event.payload().UnpackTo(&submitted)) {
      return Unparsable(event);
    }
    const std::string period =
        submitted.period_type() == cv1::PERIOD_TYPE_ANNUAL
            ? absl::StrCat("FY", submitted.fiscal_year())
            : absl::StrCat("FY", submitted.fiscal_year(), " Q", submitted.fiscal_quarter());
    return MarkReviewRequiredIn(session, submitted.customer_id(),
                                absl::StrCat("new financial statement ", period), occurred)
        .status();
  }
  if (event.event_type() == kCustomerUpdated) {
    cv1::CustomerUpdated updated;
    if (!event.payload().UnpackTo(&updated)) {
      return Unparsable(event);
    }
    const auto& fields = updated.changed_fields();
    const bool stage_changed =
        std::find(fields.begin(), fields.end(), "lifecycle_stage") != fields.end();
    if (stage_changed && updated.customer().lifecycle_stage() == cv1::LIFECYCLE_STAGE_WATCH) {
      return MarkReviewRequiredIn(session, updated.customer().customer_id(),
                                  "customer moved to the watch list", occurred)
          .status();
    }
  }
  return absl::OkStatus();
}

}  // namespace ccrm::rating
