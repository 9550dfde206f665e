#include "common/testing/rpc_calls.h"

#include <chrono>

namespace ccrm::testing {

void PrepareContext(grpc::ClientContext& context, const std::string& token,
                    absl::Duration timeout) {
  if (!token.empty()) {
    context.AddMetadata("authorization", "Bearer " + token);
  }
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

}  // namespace ccrm::testing
