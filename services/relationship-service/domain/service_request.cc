#include "services/relationship-service/domain/service_request.h"

namespace ccrm::relationship {

SlaClock SlaClockOf(const ServiceRequest& request) {
  SlaClock clock;
  clock.status = request.status;
  clock.response_due = request.response_due;
  clock.resolution_due = request.resolution_due;
  clock.first_response_time = request.first_response_time;
  clock.escalation_level = request.escalation_level;
  return clock;
}

}  // namespace ccrm::relationship
