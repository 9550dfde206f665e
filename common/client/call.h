// How ccrm code calls a gRPC service as a client: the caller's bearer token and a request id as
// metadata, a deadline, and the reply — or the service's error as absl::Status with its reason
// and field violations kept (common/status/grpc_status.h). One way for the tests, the demo
// loaders and ccrmctl.
//
// Example:
//   CallOptions options;
//   options.token = token;
//   absl::StatusOr<v1::Customer> customer =
//       CallUnary(*stub, &CustomerStub::GetCustomer, options, request);
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/status/grpc_status.h"

namespace ccrm {

struct CallOptions {
  // Sent as "authorization: Bearer <token>" when not empty.
  std::string token;
  absl::Duration timeout = absl::Seconds(30);
  // Sent as "x-request-id" when not empty (the services log it; a create's idempotency key).
  std::string request_id;
};

// Adds the metadata, and the deadline unless `with_deadline` is false (a stream followed until it
// is stopped).
void PrepareClientContext(const CallOptions& options, grpc::ClientContext* context,
                          bool with_deadline = true);

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> CallUnary(Stub& stub,
                                   grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                                const Request&, Response*),
                                   const CallOptions& options, const Request& request) {
  grpc::ClientContext context;
  PrepareClientContext(options, &context);
  Response response;
  const grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) {
    return FromGrpcStatus(status);
  }
  return response;
}

}  // namespace ccrm
