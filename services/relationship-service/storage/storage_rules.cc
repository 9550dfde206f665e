#include "services/relationship-service/storage/storage_rules.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/etag.h"
#include "common/ids/idempotency_key.h"
#include "common/pagination/keyset.h"
#include "common/status/errors.h"

namespace ccrm::relationship {
namespace {

template <typename E>
using NameOf = std::pair<E, const char*>;

constexpr NameOf<InteractionKind> kKinds[] = {
    {InteractionKind::kVisit, "VISIT"},
    {InteractionKind::kCall, "CALL"},
    {InteractionKind::kEmail, "EMAIL"},
    {InteractionKind::kMeeting, "MEETING"},
    {InteractionKind::kSiteInspection, "SITE_INSPECTION"}};
constexpr NameOf<TaskStatus> kStatuses[] = {{TaskStatus::kOpen, "OPEN"},
                                            {TaskStatus::kDone, "DONE"}};

template <typename E, size_t N>
std::string NameIn(const NameOf<E> (&table)[N], E value) {
  for (const auto& [v, name] : table) {
    if (v == value) {
      return name;
    }
  }
  return "";
}

template <typename E, size_t N>
absl::StatusOr<E> ParseIn(const NameOf<E> (&table)[N], absl::string_view name, const char* what) {
  if (name.empty()) {
    return E{};
  }
  for (const auto& [v, n] : table) {
    if (name == n) {
      return v;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown ", what, " \"", name, "\""));
}

}  // namespace

std::string ManagerName(const std::string& manager_id) {
  return absl::StrCat("relationshipManagers/", manager_id);
}

std::string InteractionName(const std::string& customer_id, const std::string& interaction_id) {
  return absl::StrCat("customers/", customer_id, "/interactions/", interaction_id);
}

std::string InteractionKindName(InteractionKind kind) { return NameIn(kKinds, kind); }
absl::StatusOr<InteractionKind> ParseInteractionKind(absl::string_view name) {
  return ParseIn(kKinds, name, "interaction kind");
}

std::string TaskStatusName(TaskStatus status) { return NameIn(kStatuses, status); }
absl::StatusOr<TaskStatus> ParseTaskStatus(absl::string_view name) {
  return ParseIn(kStatuses, name, "task status");
}

absl::StatusOr<Segment> ParseSegment(absl::string_view name) {
  for (Segment s :
       {Segment::kUnspecified, Segment::kKey, Segment::kSme, Segment::kFirstTimeBorrower}) {
    if (name == SegmentName(s)) {
      return s;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown segment \"", name, "\""));
}

std::vector<std::string> ManagerPageKey(const RelationshipManager& m) { return {m.manager_id}; }
std::vector<std::string> HistoryPageKey(const Assignment& a) {
  return {TimeKey(a.start_time), a.manager_id};
}
std::vector<std::string> PortfolioPageKey(const Assignment& a) { return {a.customer_id}; }
std::vector<std::string> InteractionPageKey(const Interaction& i) {
  return {TimeKey(i.occur_time), i.interaction_id};
}
std::vector<std::string> TaskPageKey(const FollowUpTask& t) {
  return {DayKey(t.due_date), t.task_id};
}

std::string DayKey(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::StatusOr<absl::CivilDay> ParseDayKey(const std::string& part) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(part, &day)) {
    return InvalidField("page_token", "the page token is malformed");
  }
  return day;
}

absl::Status ManagerNotFound(const std::string& manager_id) {
  return WithReason(
      absl::NotFoundError(absl::StrCat("relationship manager ", manager_id, " does not exist")),
      "MANAGER_NOT_FOUND");
}

absl::Status TaskNotFound(const std::string& task_id) {
  return WithReason(
      absl::NotFoundError(absl::StrCat("follow-up task ", task_id, " does not exist")),
      "TASK_NOT_FOUND");
}

absl::Status ManagerAlreadyExists(const std::string& manager_id) {
  return WithReason(absl::AlreadyExistsError(
                        absl::StrCat("relationship manager ", manager_id, " already exists")),
                    "MANAGER_ALREADY_EXISTS");
}

absl::Status InteractionAlreadyExists(const std::string& interaction_id) {
  return WithReason(
      absl::AlreadyExistsError(absl::StrCat("interaction ", interaction_id, " already exists")),
      "INTERACTION_ALREADY_EXISTS");
}

absl::Status TaskAlreadyExists(const std::string& task_id) {
  return WithReason(
      absl::AlreadyExistsError(absl::StrCat("follow-up task ", task_id, " already exists")),
      "TASK_ALREADY_EXISTS");
}

absl::Status AlreadyAssigned(const Assignment& current) {
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          "customer ", current.customer_id, " is already assigned to ", current.manager_id,
          current.dedicated ? " as a dedicated manager" : " (not dedicated)")),
      "ALREADY_ASSIGNED");
}

absl::Status TaskNotOpen(const FollowUpTask& task) {
  return WithReason(absl::FailedPreconditionError(absl::StrCat("follow-up task ", task.task_id,
                                                               " is not open (it is ",
                                                               TaskStatusName(task.status), ")")),
                    "TASK_NOT_OPEN");
}

}  // namespace ccrm::relationship
