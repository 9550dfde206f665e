// ccrm.common.v1.EventFeed over a service's outbox: StreamEvents sends events after the client's
// cursor in sequence order; with follow=true it keeps polling for new ones until the client goes
// away or the server shuts down. Reads run on the worker pool; the reactor never blocks a gRPC
// thread. Only callers the permission table allows reach it (normally the `service` role).
//
// Example:
//   EventFeedService feed("customer-profile", &reader, &runner.worker_pool(),
//                         &runner.call_registry());
//   runner.AddService(&feed);
#pragma once

#include <string>

#include "absl/time/time.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "common/events/outbox_reader.h"
#include "common/events/outbox_stream.h"
#include "common/server/call_registry.h"
#include "common/server/worker_pool.h"

namespace ccrm::events {

using EventFeedOptions = OutboxStreamOptions;

class EventFeedService final : public ccrm::common::v1::EventFeed::CallbackService {
 public:
  EventFeedService(std::string producer, const OutboxReader* reader, WorkerPool* workers,
                   const CallRegistry* registry, EventFeedOptions options = {});

  grpc::ServerWriteReactor<ccrm::common::v1::Event>* StreamEvents(
      grpc::CallbackServerContext* context,
      const ccrm::common::v1::StreamEventsRequest* request) override;

 private:
  const std::string producer_;
  const OutboxReader* reader_;
  WorkerPool* workers_;
  const CallRegistry* registry_;
  const EventFeedOptions options_;
};

}  // namespace ccrm::events
