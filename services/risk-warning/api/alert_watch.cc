#include "services/risk-warning/api/alert_watch.h"

#include <optional>
#include <string>

#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"

namespace ccrm::risk {
namespace {

constexpr char kAlertChangeType[] = "ccrm.risk.v1.AlertChange";

absl::Status CheckRequest(const v1::WatchAlertsRequest& request) {
  FieldViolations violations;
  if (request.after_sequence() < 0) {
    violations.Add("after_sequence", "must not be negative");
  }
  if (!v1::AlertLevel_IsValid(request.min_level())) {
    violations.Add("min_level", "is not a known alert level");
  }
  if (!request.customer_id().empty() && !IsUuid(request.customer_id())) {
    violations.Add("customer_id", "must be a customer id (a UUID)");
  }
  if (request.assignee_manager_id().size() > 64) {
    violations.Add("assignee_manager_id", "must be at most 64 characters");
  }
  return violations.ToStatus();
}

}  // namespace

bool MatchesWatch(const v1::AlertChange& change, const v1::WatchAlertsRequest& request) {
  const v1::Alert& alert = change.alert();
  if (request.min_level() != v1::ALERT_LEVEL_UNSPECIFIED && alert.level() < request.min_level()) {
    return false;
  }
  if (!request.customer_id().empty() && alert.customer_id() != request.customer_id()) {
    return false;
  }
  if (!request.assignee_manager_id().empty() &&
      alert.assignee_manager_id() != request.assignee_manager_id()) {
    return false;
  }
  return true;
}

grpc::ServerWriteReactor<v1::AlertUpdate>* AlertWatch::Start(
    grpc::CallbackServerContext* context, const v1::WatchAlertsRequest& request) {
  std::optional<CallState> state = registry_->Find(context);
  absl::Status verdict =
      state.has_value() ? state->verdict : absl::InternalError("call was not authenticated");
  if (verdict.ok()) {
    verdict = CheckRequest(request);
  }
  if (!verdict.ok()) {
    return new events::RefusedStream<v1::AlertUpdate>(ToGrpcStatus(verdict));
  }
  return new events::OutboxStreamReactor<v1::AlertUpdate>(
      reader_, workers_, options_, request.after_sequence(), /*follow=*/true, {kAlertChangeType},
      [request](const events::StoredEvent& stored, v1::AlertUpdate* out) {
        if (!out->mutable_change()->ParseFromString(stored.event.payload) ||
            !MatchesWatch(out->change(), request)) {
          return false;
        }
        out->set_sequence(stored.sequence);
        return true;
      },
      context);
}

}  // namespace ccrm::risk
