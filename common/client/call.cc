#include "common/client/call.h"

#include <chrono>

#include "absl/strings/str_cat.h"

namespace ccrm {

void PrepareClientContext(const CallOptions& options, grpc::ClientContext* context,
                          bool with_deadline) {
  if (!options.token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", options.token));
  }
  if (!options.request_id.empty()) {
    context->AddMetadata("x-request-id", options.request_id);
  }
  if (with_deadline) {
    context->set_deadline(std::chrono::system_clock::now() +
                          absl::ToChronoMilliseconds(options.timeout));
  }
}

}  // namespace ccrm
