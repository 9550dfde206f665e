// One call as ccrmctl makes it: the bearer token as "authorization" metadata, the --timeout
// deadline, an "x-request-id" the services log (the create's idempotency key, when there is
// one), and the result as absl::StatusOr with the service's error reason and field violations
// kept (common/status/grpc_status.h) for RenderError to show.
//
// Example:
//   CallOptions options{"Bearer eyJ...", absl::Seconds(10)};
//   absl::StatusOr<v1::Customer> customer =
//       CallUnary(*stub, &CustomerStub::GetCustomer, options, request);
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/status/grpc_status.h"

namespace ccrm::ctl {

struct CallOptions {
  // "Bearer <token>", or empty to send none.
  std::string authorization;
  absl::Duration timeout = absl::Seconds(10);
  // Sent as x-request-id when not empty.
  std::string request_id;
};

// Adds the metadata, and the deadline unless `with_deadline` is false (a watch runs until it is
// stopped).
void PrepareContext(const CallOptions& options, grpc::ClientContext* context,
                    bool with_deadline = true);

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> CallUnary(Stub& stub,
                                   grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                                const Request&, Response*),
                                   const CallOptions& options, const Request& request) {
  grpc::ClientContext context;
  PrepareContext(options, &context);
  Response response;
  const grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) {
    return FromGrpcStatus(status);
  }
  return response;
}

}  // namespace ccrm::ctl
