// What relationship-service knows of a customer's classification (from customer-profile): the
// segment that picks its engagement template and SLA, and the tier that, with the segment,
// decides the green channel.
//
// Example:
//   if (IsGreenChannel(Segment::kKey, 3)) { ... tighter SLA, dedicated manager first ... }
#pragma once

#include <string>

namespace ccrm::relationship {

enum class Segment { kUnspecified = 0, kKey = 1, kSme = 2, kFirstTimeBorrower = 3 };

// "KEY", "SME", "FIRST_TIME_BORROWER"; "" for kUnspecified.
std::string SegmentName(Segment segment);

// Key customers and tier 1-2 customers (tier 1 is the highest; 0 = unknown) get the green
// channel: tighter SLAs and routing to their dedicated manager first.
bool IsGreenChannel(Segment segment, int tier);

}  // namespace ccrm::relationship
