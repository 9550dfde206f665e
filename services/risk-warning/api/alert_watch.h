// The alert watch: WatchAlerts streams every alert change (the AlertChange events in the outbox,
// written in the same transaction as the change) after the client's cursor, filtered by level,
// customer and assignee, and keeps following. A client that reconnects with the sequence of the
// last update it received misses nothing and sees nothing twice.
//
// Example:
//   AlertWatch watch(&outbox, &runner.worker_pool(), &runner.call_registry());
//   return watch.Start(context, *request);  // in RiskWarningService::WatchAlerts
#pragma once

#include <grpcpp/support/server_callback.h>

#include "ccrm/risk/v1/risk_warning.pb.h"
#include "common/events/outbox_reader.h"
#include "common/events/outbox_stream.h"
#include "common/server/call_registry.h"
#include "common/server/worker_pool.h"

namespace ccrm::risk {

// True when the change passes the request's filters (min_level on the alert's level after the
// change; customer_id; assignee_manager_id).
bool MatchesWatch(const v1::AlertChange& change, const v1::WatchAlertsRequest& request);

class AlertWatch final {
 public:
  AlertWatch(const events::OutboxReader* reader, WorkerPool* workers, const CallRegistry* registry,
             events::OutboxStreamOptions options = {})
      : reader_(reader), workers_(workers), registry_(registry), options_(options) {}

  // Refuses (INVALID_ARGUMENT) a negative after_sequence, an unknown min_level or a malformed
  // customer_id, and unauthenticated calls; otherwise starts the stream.
  grpc::ServerWriteReactor<v1::AlertUpdate>* Start(grpc::CallbackServerContext* context,
                                                   const v1::WatchAlertsRequest& request);

 private:
  const events::OutboxReader* reader_;
  WorkerPool* workers_;
  const CallRegistry* registry_;
  const events::OutboxStreamOptions options_;
};

}  // namespace ccrm::risk
