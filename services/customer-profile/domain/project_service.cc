#include "services/customer-profile/domain/project_service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/domain/customer_update.h"
#include "services/customer-profile/domain/customer_validation.h"
#include "common/ids/etag.h"
#include "common/pagination/paging.h"
#include "services/customer-profile/domain/write_context.h"

namespace ccrm::customer {

int32_t InvestmentProgressBps(const Project& project) {
  if (!project.total_investment.has_value() || !project.invested_to_date.has_value()) {
    return 0;
  }
  const absl::int128 total = TotalNanos(*project.total_investment);
  if (total <= 0) {
    return 0;
  }
  const absl::int128 bps = TotalNanos(*project.invested_to_date) * 10000 / total;
  return static_cast<int32_t>(std::clamp<absl::int128>(bps, 0, 10000));
}

absl::StatusOr<Project> ProjectService::Create(const Caller& caller, Project draft,
                                               const IdempotencyKey& key) {
  FieldViolations violations;
  violations.AddAll("project", ValidateProject(draft, Today(*clock_)));
  RETURN_IF_ERROR(violations.ToStatus());
  const WriteContext write = MakeWriteContext(caller, *clock_);
  draft.project_id = NewUuidV7(write.now);
  draft.create_time = write.now;
  draft.update_time = write.now;
  draft.revision = 1;
  return repository_->Create(draft, key, write);
}

absl::StatusOr<Project> ProjectService::Get(const Caller& caller, const std::string& customer_id,
                                            const std::string& project_id) {
  (void)caller;
  return repository_->Get(customer_id, project_id);
}

absl::StatusOr<ProjectList> ProjectService::List(const Caller& caller,
                                                 const std::string& customer_id,
                                                 const std::string& page_token, int page_size) {
  (void)caller;
  const std::string canonical = absl::StrCat("projects|", customer_id);
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  ASSIGN_OR_RETURN(Page<Project> found, repository_->List(customer_id, page));
  return ProjectList{std::move(found.items), NextPageToken(canonical, std::move(found.next_key))};
}

absl::StatusOr<Project> ProjectService::Update(const Caller& caller, const std::string& customer_id,
                                               const std::string& project_id, const Project& patch,
                                               const std::vector<std::string>& paths,
                                               const std::string& etag) {
  Project scratch;
  RETURN_IF_ERROR(ApplyProjectUpdate(patch, paths, scratch));
  ASSIGN_OR_RETURN(std::optional<int64_t> expected, ParseEtag(etag, "project.etag"));
  const absl::CivilDay today = Today(*clock_);
  return repository_->Update(
      customer_id, project_id, expected,
      [&](Project& current) -> absl::StatusOr<std::vector<std::string>> {
        const Project before = current;
        RETURN_IF_ERROR(ApplyProjectUpdate(patch, paths, current));
        FieldViolations violations;
        violations.AddAll("project", ValidateProject(current, today));
        RETURN_IF_ERROR(violations.ToStatus());
        return ChangedProjectFields(before, current);
      },
      MakeWriteContext(caller, *clock_));
}

}  // namespace ccrm::customer
