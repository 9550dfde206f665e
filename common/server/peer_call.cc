#include "common/server/peer_call.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "common/status/grpc_status.h"

namespace ccrm {

absl::Status PreparePeerContext(grpc::ClientContext& context, const CallIdentity& identity,
                                const Clock& clock, absl::Duration timeout) {
  if (!identity.authorization.empty()) {
    context.AddMetadata("authorization", identity.authorization);
  }
  if (!identity.request_id.empty()) {
    context.AddMetadata("x-request-id", identity.request_id);
  }
  const absl::Time now = clock.Now();
  if (identity.deadline <= now) {
    return absl::DeadlineExceededError("the caller's deadline passed before the call was made");
  }
  const absl::Time deadline = std::min(identity.deadline, now + timeout);
  // The clock is injected for logic; gRPC deadlines are wall-clock, so pass the time remaining.
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoMicroseconds(deadline - now));
  return absl::OkStatus();
}

absl::Status PeerError(const std::string& peer, const grpc::Status& status) {
  absl::Status s = FromGrpcStatus(status);
  return absl::Status(s.code(), absl::StrCat(peer, ": ", s.message()));
}

}  // namespace ccrm
