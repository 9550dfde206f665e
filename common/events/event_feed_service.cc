#include "common/events/event_feed_service.h"

#include <utility>

#include "common/events/outbox_stream.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"
#include "google/protobuf/util/time_util.h"

namespace ccrm::events {
namespace {

using ccrm::common::v1::Event;
using ccrm::common::v1::StreamEventsRequest;

void ToProto(const std::string& producer, const StoredEvent& stored, Event* out) {
  out->set_sequence(stored.sequence);
  out->set_event_id(stored.event.event_id);
  out->set_producer(producer);
  out->set_event_type(stored.event.event_type);
  out->set_subject(stored.event.subject);
  out->set_request_id(stored.event.request_id);
  *out->mutable_occur_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      absl::ToUnixMicros(stored.event.occur_time));
  out->mutable_payload()->set_type_url("type.googleapis.com/" + stored.event.event_type);
  out->mutable_payload()->set_value(stored.event.payload);
}

}  // namespace

EventFeedService::EventFeedService(std::string producer, const OutboxReader* reader,
                                   WorkerPool* workers, const CallRegistry* registry,
                                   EventFeedOptions options)
    : producer_(std::move(producer)),
      reader_(reader),
      workers_(workers),
      registry_(registry),
      options_(options) {}

grpc::ServerWriteReactor<Event>* EventFeedService::StreamEvents(
    grpc::CallbackServerContext* context, const StreamEventsRequest* request) {
  std::optional<CallState> state = registry_->Find(context);
  absl::Status verdict =
      state.has_value() ? state->verdict : absl::InternalError("call was not authenticated");
  if (!verdict.ok() || request->after_sequence() < 0) {
    if (verdict.ok()) {
      verdict = InvalidField("after_sequence", "must not be negative");
    }
    return new RefusedStream<Event>(ToGrpcStatus(verdict));
  }
  return new OutboxStreamReactor<Event>(
      reader_, workers_, options_, request->after_sequence(), request->follow(),
      {request->event_types().begin(), request->event_types().end()},
      [this](const StoredEvent& stored, Event* out) {
        ToProto(producer_, stored, out);
        return true;
      },
      context);
}

}  // namespace ccrm::events
