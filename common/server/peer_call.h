// Calling another ccrm service on someone's behalf: the outgoing context carries their bearer
// token and request id and a deadline — theirs, capped by this client's own timeout — and a
// failure comes back with the peer's code and a message that says which peer answered (its
// field violations are about the peer's request, not the caller's, so they are dropped).
//
// Example:
//   grpc::ClientContext context;
//   RETURN_IF_ERROR(PreparePeerContext(context, caller.Identity(), *clock_, timeout_));
//   grpc::Status s = stub_->GetCustomer(&context, request, &response);
//   if (!s.ok()) return PeerError("customer-profile", s);
#pragma once

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/time/clock.h"

namespace ccrm {

// Adds "authorization" and "x-request-id" (when set) and the deadline
// min(identity.deadline, clock.Now() + timeout), converted to wall-clock time.
// DEADLINE_EXCEEDED when the caller's deadline has already passed: do not make the call then
// (gRPC's own check races with a fast peer).
absl::Status PreparePeerContext(grpc::ClientContext& context, const CallIdentity& identity,
                                const Clock& clock, absl::Duration timeout);

// The peer's status code with "<peer>: <message>".
absl::Status PeerError(const std::string& peer, const grpc::Status& status);

}  // namespace ccrm
