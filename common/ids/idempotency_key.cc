#include "common/ids/idempotency_key.h"

#include "common/status/errors.h"

namespace ccrm {

absl::Status RequestIdReused() {
  return WithReason(InvalidField("request_id",
                                 "was already used for a different request; use a new request "
                                 "id for a new request"),
                    "REQUEST_ID_REUSED");
}

}  // namespace ccrm
