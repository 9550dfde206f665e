// The one mapping between absl::Status and grpc::Status. Codes map one-to-one (Abseil's codes are
// gRPC's); details attached with common/status/errors.h travel as a serialized google.rpc.Status
// in grpc::Status::error_details() (the grpc-status-details-bin trailer).
//
// Example:
//   return ToGrpcStatus(service_.CreateCustomer(caller, request));
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace ccrm {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The inverse, for clients: keeps the reason and field violations as payloads.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace ccrm
