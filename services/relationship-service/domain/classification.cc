#include "services/relationship-service/domain/classification.h"

namespace ccrm::relationship {

std::string SegmentName(Segment segment) {
  switch (segment) {
    case Segment::kKey:
      return "KEY";
    case Segment::kSme:
      return "SME";
    case Segment::kFirstTimeBorrower:
      return "FIRST_TIME_BORROWER";
    case Segment::kUnspecified:
      break;
  }
  return "";
}

bool IsGreenChannel(Segment segment, int tier) {
  return segment == Segment::kKey || tier == 1 || tier == 2;
}

}  // namespace ccrm::relationship
