#include "services/relationship-service/domain/task_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/auth/principal.h"
#include "common/ids/etag.h"
#include "common/ids/uuid.h"
#include "common/pagination/paging.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::relationship {

int DaysToDue(int level) {
  switch (level) {
    case 4:
      return 1;
    case 3:
      return 3;
    case 2:
      return 7;
    default:
      return 14;
  }
}

FollowUpTask TaskFromAlert(const AlertFacts& alert, const std::string& manager_id, absl::Time now) {
  FollowUpTask task;
  task.task_id = NewUuidV7(now);
  task.manager_id = manager_id;
  task.customer_id = alert.customer_id;
  task.source = alert.alert;
  task.title = alert.title.empty() ? absl::StrCat("Risk alert: ", alert.indicator) : alert.title;
  task.detail = alert.detail;
  task.status = TaskStatus::kOpen;
  task.due_date = absl::ToCivilDay(now, absl::UTCTimeZone()) + DaysToDue(alert.level);
  task.create_time = now;
  task.revision = 1;
  return task;
}

std::string ResponsibleManagerOf(const AlertFacts& alert, const std::string& current_manager_id) {
  if (!alert.assignee_manager_id.empty()) {
    return alert.assignee_manager_id;
  }
  return current_manager_id.empty() ? std::string(kUnassignedManager) : current_manager_id;
}

absl::StatusOr<std::string> TaskService::ResponsibleManager(const AlertFacts& alert) {
  if (!alert.assignee_manager_id.empty()) {
    return alert.assignee_manager_id;
  }
  ASSIGN_OR_RETURN(std::optional<Assignment> current,
                   managers_->CurrentAssignment(alert.customer_id));
  return ResponsibleManagerOf(alert, current.has_value() ? current->manager_id : "");
}

absl::StatusOr<FollowUpTask> TaskService::ApplyAlert(const AlertFacts& alert) {
  ASSIGN_OR_RETURN(std::string manager_id, ResponsibleManager(alert));
  const absl::Time now = clock_->Now();
  return tasks_->Upsert(TaskFromAlert(alert, manager_id, now),
                        WriteContext{"relationship-service", {}, "", now, "risk alert"});
}

absl::StatusOr<TaskList> TaskService::List(const std::string& manager_id, TaskStatus status,
                                           const std::string& page_token, int page_size) {
  const std::string canonical =
      absl::StrCat("tasks|manager=", manager_id, "|status=", static_cast<int>(status));
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  ASSIGN_OR_RETURN(Page<FollowUpTask> result, tasks_->List(manager_id, status, page));
  return TaskList{std::move(result.items), NextPageToken(canonical, std::move(result.next_key))};
}

absl::StatusOr<FollowUpTask> TaskService::Complete(const Caller& caller,
                                                   const std::string& manager_id,
                                                   const std::string& task_id,
                                                   const std::string& etag,
                                                   const std::string& note) {
  if (caller.principal.subject != manager_id && !caller.principal.HasRole(roles::kRiskOfficer) &&
      !caller.principal.HasRole(roles::kAdmin)) {
    return WithReason(absl::PermissionDeniedError(
                          "only the task's manager, a risk officer or an admin may complete it"),
                      "NOT_TASK_OWNER");
  }
  ASSIGN_OR_RETURN(std::optional<int64_t> expected, ParseEtag(etag));
  if (note.empty()) {
    return InvalidField("note", "is required: say what was done");
  }
  if (note.size() > 4000) {
    return InvalidField("note", "must be at most 4000 bytes");
  }
  return tasks_->Complete(manager_id, task_id, expected.value_or(0), note,
                          caller.Write(clock_->Now()));
}

}  // namespace ccrm::relationship
