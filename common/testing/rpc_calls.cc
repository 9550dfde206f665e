#include "common/testing/rpc_calls.h"

#include <chrono>

namespace ccrm::testing {

void PrepareContext(grpc::ClientContext& context, const std::string& token,
                    absl::Duration timeout) {
  CallOptions options;
  options.token = token;
  options.timeout = timeout;
  PrepareClientContext(options, &context);
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

absl::StatusOr<std::vector<ccrm::common::v1::Event>> ReadEventFeed(
    ccrm::common::v1::EventFeed::StubInterface& feed, const std::string& token,
    int64_t after_sequence, const std::vector<std::string>& event_types) {
  grpc::ClientContext context;
  PrepareContext(context, token);
  ccrm::common::v1::StreamEventsRequest request;
  request.set_after_sequence(after_sequence);
  request.set_follow(false);
  for (const std::string& type : event_types) {
    request.add_event_types(type);
  }
  std::unique_ptr<grpc::ClientReaderInterface<ccrm::common::v1::Event>> reader =
      feed.StreamEvents(&context, request);
  std::vector<ccrm::common::v1::Event> events;
  ccrm::common::v1::Event event;
  while (reader->Read(&event)) {
    events.push_back(event);
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) {
    return FromGrpcStatus(status);
  }
  return events;
}

}  // namespace ccrm::testing
