// Identifiers: time-ordered UUIDs (version 7, RFC 9562) so that new rows land at the end of
// InnoDB's clustered index instead of splitting pages at random.
//
// Example:
//   std::string id = NewUuidV7(clock.Now());  // "01937c5e-8f0a-7c3d-9b1e-4f6a2c8d0e11"
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace ccrm {

// 36-character lower-case UUIDv7 whose first 48 bits are `now` in Unix milliseconds.
std::string NewUuidV7(absl::Time now);

// True for a 36-character UUID in canonical lower- or upper-case form.
bool IsUuid(absl::string_view text);

}  // namespace ccrm
