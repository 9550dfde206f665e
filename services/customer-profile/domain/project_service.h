// Use cases on a customer's projects (project finance): name, total investment, capital ratio,
// use of funds, planned vs actual dates and milestones, investment progress.
//
// Example:
//   ProjectService projects(&repository, &clock);
//   ASSIGN_OR_RETURN(Project p, projects.Create(caller, draft, key));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/clock.h"
#include "services/customer-profile/domain/caller.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

struct ProjectList {
  std::vector<Project> projects;
  std::string next_page_token;
};

// invested_to_date / total_investment in basis points (0 when either is missing or zero), capped
// at 10000.
int32_t InvestmentProgressBps(const Project& project);

class ProjectService final {
 public:
  ProjectService(ProjectRepository* repository, const Clock* clock)
      : repository_(repository), clock_(clock) {}

  absl::StatusOr<Project> Create(const Caller& caller, Project draft, const IdempotencyKey& key);
  absl::StatusOr<Project> Get(const Caller& caller, const std::string& customer_id,
                              const std::string& project_id);
  absl::StatusOr<ProjectList> List(const Caller& caller, const std::string& customer_id,
                                   const std::string& page_token, int page_size);
  absl::StatusOr<Project> Update(const Caller& caller, const std::string& customer_id,
                                 const std::string& project_id, const Project& patch,
                                 const std::vector<std::string>& paths, const std::string& etag);

 private:
  ProjectRepository* repository_;
  const Clock* clock_;
};

}  // namespace ccrm::customer
