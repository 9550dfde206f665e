#include "services/risk-warning/api/signal_consumers.h"

#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/status/status_macros.h"
#include "services/risk-warning/api/signal_events.h"
#include "services/risk-warning/storage/mysql_risk_store.h"

namespace ccrm::risk {

events::EventHandler SignalHandler(const MonitoringService* monitoring, const Clock* clock) {
  return [monitoring, clock](const ccrm::common::v1::Event& event,
                             mysql::Session& session) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<Signal> signal, SignalFromEvent(event));
    if (!signal.has_value()) {
      return absl::OkStatus();
    }
    if (!IsUuid(signal->customer_id)) {
      return absl::InvalidArgumentError(
          absl::StrCat("event ", event.event_id(), " names no valid customer id"));
    }
    std::unique_ptr<CustomerLedger> ledger = OpenLedger(session, signal->customer_id);
    const WriteContext write{
        kSystemActor,
        {},
        event.request_id(),
        clock->Now(),
        absl::StrCat("event ", event.event_type(), " from ", event.producer())};
    return monitoring->ApplySignalIn(*ledger, *signal, write);
  };
}

}  // namespace ccrm::risk
