#include "tools/ccrmctl/rpc_call.h"

#include <chrono>

namespace ccrm::ctl {

void PrepareContext(const CallOptions& options, grpc::ClientContext* context, bool with_deadline) {
  if (!options.authorization.empty()) {
    context->AddMetadata("authorization", options.authorization);
  }
  if (!options.request_id.empty()) {
    context->AddMetadata("x-request-id", options.request_id);
  }
  if (with_deadline) {
    context->set_deadline(std::chrono::system_clock::now() +
                          absl::ToChronoMilliseconds(options.timeout));
  }
}

}  // namespace ccrm::ctl
