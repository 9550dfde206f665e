#include "services/relationship-service/storage/in_memory_repositories.h"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/etag.h"
#include "common/ids/idempotency_key.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/pagination/keyset.h"
#include "common/status/status_macros.h"
#include "services/relationship-service/storage/storage_rules.h"

namespace ccrm::relationship {
namespace {

// The list order of engagements: soonest due first, then by id.
bool DueFirst(const Engagement& a, const Engagement& b) {
  return std::tie(a.due_date, a.engagement_id) < std::tie(b.due_date, b.engagement_id);
}

}  // namespace

// ---- Managers and assignments ----

class InMemoryRelationshipStore::Managers final : public ManagerRepository {
 public:
  explicit Managers(InMemoryRelationshipStore* store) : store_(store) {}

  absl::StatusOr<RelationshipManager> Create(const RelationshipManager& manager,
                                             const IdempotencyKey& key,
                                             const WriteContext& write) override {
    RelationshipManager stored = manager;
    stored.create_time = TruncateToMicros(write.now);
    stored.update_time = stored.create_time;
    stored.revision = 1;
    absl::MutexLock lock(&store_->mu_);
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     store_->requests_.Find(kManagerCreateScope, key));
    if (earlier.has_value()) {
      return GetLocked(LastNameSegment(*earlier));
    }
    if (store_->managers_.count(stored.manager_id) > 0) {
      return ManagerAlreadyExists(stored.manager_id);
    }
    store_->managers_[stored.manager_id] = stored;
    store_->requests_.Claim(kManagerCreateScope, key, ManagerName(stored.manager_id));
    return stored;
  }

  absl::StatusOr<RelationshipManager> Get(const std::string& manager_id) override {
    absl::MutexLock lock(&store_->mu_);
    return GetLocked(manager_id);
  }

  absl::StatusOr<Page<RelationshipManager>> List(const std::string& branch, bool include_inactive,
                                                 const PageQuery& page) override {
    RETURN_IF_ERROR(CheckAfterKey(page, 1));
    std::vector<RelationshipManager> rows;
    {
      absl::MutexLock lock(&store_->mu_);
      for (const auto& [id, m] : store_->managers_) {
        if ((branch.empty() || m.branch == branch) && (include_inactive || m.active)) {
          rows.push_back(m);
        }
      }
    }
    return PageOf(
        std::move(rows), page,
        [](const RelationshipManager& a, const RelationshipManager& b) {
          return a.manager_id < b.manager_id;
        },
        [&](const RelationshipManager& m) { return m.manager_id > page.after_key[0]; },
        ManagerPageKey);
  }

  absl::StatusOr<Assignment> Assign(const Assignment& next,
                                    const std::function<absl::Status(int portfolio_size)>& check,
                                    const WriteContext& write) override {
    Assignment stored = next;
    stored.start_time = TruncateToMicros(write.now);
    stored.end_time.reset();
    absl::MutexLock lock(&store_->mu_);
    Assignment* current = nullptr;
    int portfolio_size = 0;
    for (Assignment& a : store_->assignments_) {
      if (a.end_time.has_value()) {
        continue;
      }
      if (a.customer_id == stored.customer_id) {
        current = &a;
      } else if (a.manager_id == stored.manager_id) {
        ++portfolio_size;
      }
    }
    if (current != nullptr && current->manager_id == stored.manager_id &&
        current->dedicated == stored.dedicated) {
      return AlreadyAssigned(*current);
    }
    RETURN_IF_ERROR(check(portfolio_size));
    if (current != nullptr) {
      current->end_time = stored.start_time;
    }
    store_->assignments_.push_back(stored);
    for (auto& [id, e] : store_->engagements_) {
      if (e.customer_id == stored.customer_id && e.state == EngagementState::kOpen) {
        e.manager_id = stored.manager_id;
      }
    }
    return stored;
  }

  absl::StatusOr<std::optional<Assignment>> CurrentAssignment(
      const std::string& customer_id) override {
    absl::MutexLock lock(&store_->mu_);
    for (const Assignment& a : store_->assignments_) {
      if (a.customer_id == customer_id && !a.end_time.has_value()) {
        return std::optional<Assignment>(a);
      }
    }
    return std::optional<Assignment>();
  }

  absl::StatusOr<Page<Assignment>> AssignmentHistory(const std::string& customer_id,
                                                     const PageQuery& page) override {
    RETURN_IF_ERROR(CheckAfterKey(page, 2));
    absl::Time after_time;
    if (!page.after_key.empty()) {
      ASSIGN_OR_RETURN(after_time, ParseTimeKey(page.after_key[0]));
    }
    std::vector<Assignment> rows;
    {
      absl::MutexLock lock(&store_->mu_);
      for (const Assignment& a : store_->assignments_) {
        if (a.customer_id == customer_id) {
          rows.push_back(a);
        }
      }
    }
    // Newest first: (start_time, manager_id) descending.
    return PageOf(
        std::move(rows), page,
        [](const Assignment& a, const Assignment& b) {
          return std::tie(b.start_time, b.manager_id) < std::tie(a.start_time, a.manager_id);
        },
        [&](const Assignment& a) {
          return std::tie(a.start_time, a.manager_id) < std::tie(after_time, page.after_key[1]);
        },
        HistoryPageKey);
  }

  absl::StatusOr<Page<Assignment>> Portfolio(const std::string& manager_id,
                                             const PageQuery& page) override {
    RETURN_IF_ERROR(CheckAfterKey(page, 1));
    std::vector<Assignment> rows;
    {
      absl::MutexLock lock(&store_->mu_);
      for (const Assignment& a : store_->assignments_) {
        if (a.manager_id == manager_id && !a.end_time.has_value()) {
          rows.push_back(a);
        }
      }
    }
    return PageOf(
        std::move(rows), page,
        [](const Assignment& a, const Assignment& b) { return a.customer_id < b.customer_id; },
        [&](const Assignment& a) { return a.customer_id > page.after_key[0]; }, PortfolioPageKey);
  }

 private:
  absl::StatusOr<RelationshipManager> GetLocked(const std::string& manager_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(store_->mu_) {
    auto it = store_->managers_.find(manager_id);
    if (it == store_->managers_.end()) {
      return ManagerNotFound(manager_id);
    }
    return it->second;
  }

  InMemoryRelationshipStore* store_;
};

// ---- Interactions ----

class InMemoryRelationshipStore::Interactions final : public InteractionRepository {
 public:
  explicit Interactions(InMemoryRelationshipStore* store) : store_(store) {}

  absl::StatusOr<Interaction> Log(const Interaction& interaction, const IdempotencyKey& key,
                                  const WriteContext& write) override {
    Interaction stored = interaction;
    if (stored.interaction_id.empty()) {
      stored.interaction_id = NewUuidV7(write.now);
    }
    stored.redacted = false;
    stored.occur_time = TruncateToMicros(stored.occur_time);
    stored.create_time = TruncateToMicros(stored.create_time);
    absl::MutexLock lock(&store_->mu_);
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     store_->requests_.Find(kInteractionLogScope, key));
    if (earlier.has_value()) {
      auto it = store_->interactions_.find(LastNameSegment(*earlier));
      if (it == store_->interactions_.end()) {
        return absl::InternalError(
            absl::StrCat("interaction ", LastNameSegment(*earlier),
                         " of an earlier request with this request id is gone"));
      }
      return it->second;
    }
    if (store_->interactions_.count(stored.interaction_id) > 0) {
      return InteractionAlreadyExists(stored.interaction_id);
    }
    Engagement* completed = nullptr;
    if (!stored.engagement_id.empty()) {
      auto it = store_->engagements_.find(stored.engagement_id);
      if (it == store_->engagements_.end() || it->second.customer_id != stored.customer_id) {
        return EngagementNotFound(stored.engagement_id);
      }
      if (it->second.state == EngagementState::kCompleted) {
        return EngagementAlreadyCompleted(it->second);
      }
      completed = &it->second;
    }
    if (completed != nullptr) {
      completed->state = EngagementState::kCompleted;
      completed->completed_by = stored.interaction_id;
      completed->complete_time = TruncateToMicros(write.now);
    }
    store_->interactions_[stored.interaction_id] = stored;
    store_->requests_.Claim(kInteractionLogScope, key,
                            InteractionName(stored.customer_id, stored.interaction_id));
    return stored;
  }

  absl::StatusOr<Page<Interaction>> List(const std::string& customer_id, InteractionKind kind,
                                         const PageQuery& page) override {
    RETURN_IF_ERROR(CheckAfterKey(page, 2));
    absl::Time after_time;
    if (!page.after_key.empty()) {
      ASSIGN_OR_RETURN(after_time, ParseTimeKey(page.after_key[0]));
    }
    std::vector<Interaction> rows;
    {
      absl::MutexLock lock(&store_->mu_);
      for (const auto& [id, i] : store_->interactions_) {
        if (i.customer_id == customer_id &&
            (kind == InteractionKind::kUnspecified || i.kind == kind)) {
          rows.push_back(i);
        }
      }
    }
    return PageOf(
        std::move(rows), page,
        [](const Interaction& a, const Interaction& b) {
          return std::tie(b.occur_time, b.interaction_id) <
                 std::tie(a.occur_time, a.interaction_id);
        },
        [&](const Interaction& i) {
          return std::tie(i.occur_time, i.interaction_id) < std::tie(after_time, page.after_key[1]);
        },
        InteractionPageKey);
  }

 private:
  InMemoryRelationshipStore* store_;
};

// ---- Follow-up tasks ----

class InMemoryRelationshipStore::Tasks final : public TaskRepository {
 public:
  explicit Tasks(InMemoryRelationshipStore* store) : store_(store) {}

  absl::StatusOr<FollowUpTask> Upsert(const FollowUpTask& task,
                                      const WriteContext& write) override {
    absl::MutexLock lock(&store_->mu_);
    for (auto& [id, t] : store_->tasks_) {
      if (t.status == TaskStatus::kOpen && t.manager_id == task.manager_id &&
          t.source == task.source) {
        t.title = task.title;
        t.detail = task.detail;
        t.due_date = task.due_date;
        t.revision += 1;
        return t;
      }
    }
    FollowUpTask fresh = task;
    if (fresh.task_id.empty()) {
      fresh.task_id = NewUuidV7(write.now);
    }
    if (store_->tasks_.count(fresh.task_id) > 0) {
      return TaskAlreadyExists(fresh.task_id);
    }
    fresh.status = TaskStatus::kOpen;
    fresh.completion_note.clear();
    fresh.complete_time.reset();
    fresh.create_time = TruncateToMicros(write.now);
    fresh.revision = 1;
    store_->tasks_[fresh.task_id] = fresh;
    return fresh;
  }

  absl::StatusOr<Page<FollowUpTask>> List(const std::string& manager_id, TaskStatus status,
                                          const PageQuery& page) override {
    RETURN_IF_ERROR(CheckAfterKey(page, 2));
    absl::CivilDay after_day;
    if (!page.after_key.empty()) {
      ASSIGN_OR_RETURN(after_day, ParseDayKey(page.after_key[0]));
    }
    std::vector<FollowUpTask> rows;
    {
      absl::MutexLock lock(&store_->mu_);
      for (const auto& [id, t] : store_->tasks_) {
        if (t.manager_id == manager_id &&
            (status == TaskStatus::kUnspecified || t.status == status)) {
          rows.push_back(t);
        }
      }
    }
    return PageOf(
        std::move(rows), page,
        [](const FollowUpTask& a, const FollowUpTask& b) {
          return std::tie(a.due_date, a.task_id) < std::tie(b.due_date, b.task_id);
        },
        [&](const FollowUpTask& t) {
          return std::tie(after_day, page.after_key[1]) < std::tie(t.due_date, t.task_id);
        },
        TaskPageKey);
  }

  absl::StatusOr<FollowUpTask> Complete(const std::string& manager_id, const std::string& task_id,
                                        int64_t expected_revision, const std::string& note,
                                        const WriteContext& write) override {
    absl::MutexLock lock(&store_->mu_);
    auto it = store_->tasks_.find(task_id);
    if (it == store_->tasks_.end() || it->second.manager_id != manager_id) {
      return TaskNotFound(task_id);
    }
    FollowUpTask& task = it->second;
    RETURN_IF_ERROR(
        CheckRevision(absl::StrCat("follow-up task ", task_id), expected_revision, task.revision));
    if (task.status != TaskStatus::kOpen) {
      return TaskNotOpen(task);
    }
    task.status = TaskStatus::kDone;
    task.completion_note = note;
    task.complete_time = TruncateToMicros(write.now);
    task.revision += 1;
    return task;
  }

 private:
  InMemoryRelationshipStore* store_;
};

// ---- Engagements ----

class InMemoryRelationshipStore::Engagements final : public EngagementRepository {
 public:
  explicit Engagements(InMemoryRelationshipStore* store) : store_(store) {}

  absl::StatusOr<std::vector<Engagement>> ReplacePlan(const std::string& customer_id,
                                                      absl::CivilDay start,
                                                      const std::vector<Engagement>& engagements,
                                                      const IdempotencyKey& key,
                                                      const WriteContext& write) override {
    std::vector<Engagement> fresh;
    for (const Engagement& e : engagements) {
      fresh.push_back(AsStored(e, customer_id));
    }
    std::sort(fresh.begin(), fresh.end(), DueFirst);
    absl::MutexLock lock(&store_->mu_);
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     store_->requests_.Find(kEngagementPlanScope, key));
    if (earlier.has_value()) {
      std::vector<Engagement> replay;
      for (const std::string& id : store_->plans_[*earlier]) {
        auto it = store_->engagements_.find(id);
        if (it != store_->engagements_.end()) {
          replay.push_back(it->second);
        }
      }
      std::sort(replay.begin(), replay.end(), DueFirst);
      return replay;
    }
    // What the earlier plan still had ahead goes; ids may only be reused from those.
    std::set<std::string> replaced;
    for (const auto& [id, e] : store_->engagements_) {
      if (e.customer_id == customer_id && e.state == EngagementState::kOpen &&
          e.due_date >= start) {
        replaced.insert(id);
      }
    }
    std::set<std::string> ids;
    for (const Engagement& e : fresh) {
      if (!ids.insert(e.engagement_id).second || (store_->engagements_.count(e.engagement_id) > 0 &&
                                                  replaced.count(e.engagement_id) == 0)) {
        return EngagementAlreadyExists(e.engagement_id);
      }
    }
    for (const std::string& id : replaced) {
      store_->engagements_.erase(id);
    }
    const std::string plan = EngagementPlanName(customer_id, NewUuidV7(write.now));
    std::vector<std::string>& plan_ids = store_->plans_[plan];
    for (const Engagement& e : fresh) {
      store_->engagements_[e.engagement_id] = e;
      plan_ids.push_back(e.engagement_id);
    }
    store_->requests_.Claim(kEngagementPlanScope, key, plan);
    return fresh;
  }

  absl::StatusOr<bool> HasEngagements(const std::string& customer_id) override {
    absl::MutexLock lock(&store_->mu_);
    for (const auto& [id, e] : store_->engagements_) {
      if (e.customer_id == customer_id) {
        return true;
      }
    }
    return false;
  }

  absl::StatusOr<Engagement> Get(const std::string& customer_id,
                                 const std::string& engagement_id) override {
    absl::MutexLock lock(&store_->mu_);
    auto it = store_->engagements_.find(engagement_id);
    if (it == store_->engagements_.end() || it->second.customer_id != customer_id) {
      return EngagementNotFound(engagement_id);
    }
    return it->second;
  }

  absl::StatusOr<Page<Engagement>> List(const EngagementFilter& filter,
                                        const PageQuery& page) override {
    RETURN_IF_ERROR(CheckAfterKey(page, 2));
    absl::CivilDay after_day;
    if (!page.after_key.empty()) {
      ASSIGN_OR_RETURN(after_day, ParseDayKey(page.after_key[0]));
    }
    std::vector<Engagement> rows;
    {
      absl::MutexLock lock(&store_->mu_);
      for (const auto& [id, e] : store_->engagements_) {
        if (MatchesEngagementFilter(e, filter)) {
          rows.push_back(e);
        }
      }
    }
    return PageOf(
        std::move(rows), page, DueFirst,
        [&](const Engagement& e) {
          return std::tie(after_day, page.after_key[1]) < std::tie(e.due_date, e.engagement_id);
        },
        EngagementPageKey);
  }

  absl::StatusOr<int> SweepMissed(absl::CivilDay today, int limit,
                                  const RelationshipEventEncoder& encoder,
                                  const WriteContext& write) override {
    absl::MutexLock lock(&store_->mu_);
    std::vector<Engagement*> missed;
    for (auto& [id, e] : store_->engagements_) {
      if (IsMissedButOpen(e, today)) {
        missed.push_back(&e);
      }
    }
    // The MySQL sweep takes the soonest due first.
    std::sort(missed.begin(), missed.end(),
              [](const Engagement* a, const Engagement* b) { return DueFirst(*a, *b); });
    if (missed.size() > static_cast<size_t>(std::max(limit, 0))) {
      missed.resize(static_cast<size_t>(std::max(limit, 0)));
    }
    for (Engagement* e : missed) {
      e->state = EngagementState::kMissed;
      store_->AppendEventLocked(encoder.EngagementMissed(*e, write), write);
    }
    return static_cast<int>(missed.size());
  }

 private:
  // `e` as ReplacePlan stores it: the customer's, OPEN, not completed, times to the microsecond.
  static Engagement AsStored(const Engagement& e, const std::string& customer_id) {
    Engagement stored = e;
    stored.customer_id = customer_id;
    stored.state = EngagementState::kOpen;
    stored.completed_by.clear();
    stored.complete_time.reset();
    stored.create_time = TruncateToMicros(stored.create_time);
    return stored;
  }

  InMemoryRelationshipStore* store_;
};

// ---- The store ----

InMemoryRelationshipStore::InMemoryRelationshipStore()
    : managers_repository_(std::make_unique<Managers>(this)),
      interactions_repository_(std::make_unique<Interactions>(this)),
      tasks_repository_(std::make_unique<Tasks>(this)),
      engagements_repository_(std::make_unique<Engagements>(this)) {}

InMemoryRelationshipStore::~InMemoryRelationshipStore() = default;

ManagerRepository& InMemoryRelationshipStore::managers() { return *managers_repository_; }
InteractionRepository& InMemoryRelationshipStore::interactions() {
  return *interactions_repository_;
}
TaskRepository& InMemoryRelationshipStore::tasks() { return *tasks_repository_; }
EngagementRepository& InMemoryRelationshipStore::engagements() { return *engagements_repository_; }

std::vector<events::OutboxEvent> InMemoryRelationshipStore::events() const {
  absl::MutexLock lock(&mu_);
  return events_;
}

void InMemoryRelationshipStore::AppendEventLocked(events::OutboxEvent event,
                                                  const WriteContext& write) {
  if (event.event_id.empty()) {
    event.event_id = NewUuidV7(write.now);
  }
  if (event.request_id.empty()) {
    event.request_id = write.request_id;
  }
  if (event.occur_time == absl::UnixEpoch()) {
    event.occur_time = write.now;
  }
  event.occur_time = TruncateToMicros(event.occur_time);
  events_.push_back(std::move(event));
}

}  // namespace ccrm::relationship
