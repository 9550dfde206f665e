// Follow-up tasks from risk alerts: every new or escalated alert becomes a task for the
// responsible manager (the alert's assignee, else the customer's current manager, else the
// "unassigned" queue risk officers watch), due sooner the higher the level; an escalation of an
// alert whose task is still open updates that task instead of adding one. Managers list and
// complete their tasks.
//
// Example:
//   FollowUpTask task = TaskFromAlert(alert, manager_id, now);
//   ASSIGN_OR_RETURN(FollowUpTask done, tasks.Complete(caller, "rm-042", task_id, etag, note));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/clock.h"
#include "services/relationship-service/domain/caller.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

// The manager id tasks go to when no manager can be found.
inline constexpr char kUnassignedManager[] = "unassigned";

// What an alert event says (ccrm.risk.v1.AlertRaised, mapped in api/).
struct AlertFacts {
  // "alerts/{id}".
  std::string alert;
  std::string customer_id;
  std::string indicator;
  // 1 blue … 4 red.
  int level = 0;
  bool escalated = false;
  std::string assignee_manager_id;
  std::string title;
  std::string detail;
};

// Days to the due date by level: red 1, orange 3, yellow 7, blue (and anything else) 14.
int DaysToDue(int level);

// The manager an alert's task goes to: the alert's assignee, else `current_manager_id` (the
// customer's current manager, "" when none), else kUnassignedManager.
std::string ResponsibleManagerOf(const AlertFacts& alert, const std::string& current_manager_id);

// The task an alert makes for `manager_id` at `now` (task id a UUIDv7 of now).
FollowUpTask TaskFromAlert(const AlertFacts& alert, const std::string& manager_id, absl::Time now);

struct TaskList {
  std::vector<FollowUpTask> tasks;
  std::string next_page_token;
};

class TaskService final {
 public:
  TaskService(TaskRepository* tasks, ManagerRepository* managers, const Clock* clock)
      : tasks_(tasks), managers_(managers), clock_(clock) {}

  // The manager an alert's task goes to: the assignee, else the customer's current manager,
  // else kUnassignedManager.
  absl::StatusOr<std::string> ResponsibleManager(const AlertFacts& alert);
  // Creates (or, for an open task of the same alert, updates) the alert's task.
  absl::StatusOr<FollowUpTask> ApplyAlert(const AlertFacts& alert);

  // INVALID_ARGUMENT for a bad status filter or page token.
  absl::StatusOr<TaskList> List(const std::string& manager_id, TaskStatus status,
                                const std::string& page_token, int page_size);
  // Only the manager the task belongs to, a risk officer or an admin may complete it
  // (PERMISSION_DENIED NOT_TASK_OWNER); INVALID_ARGUMENT ("note") without a note; NOT_FOUND;
  // ABORTED on a stale etag; FAILED_PRECONDITION TASK_NOT_OPEN.
  absl::StatusOr<FollowUpTask> Complete(const Caller& caller, const std::string& manager_id,
                                        const std::string& task_id, const std::string& etag,
                                        const std::string& note);

 private:
  TaskRepository* tasks_;
  ManagerRepository* managers_;
  const Clock* clock_;
};

}  // namespace ccrm::relationship
