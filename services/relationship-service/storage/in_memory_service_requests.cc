#include "services/relationship-service/storage/in_memory_service_requests.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/pagination/keyset.h"
#include "common/status/status_macros.h"
#include "services/relationship-service/storage/service_request_columns.h"

namespace ccrm::relationship {
namespace {

bool Matches(const ServiceRequest& r, const ServiceRequestFilter& filter, absl::Time now) {
  return (filter.customer_id.empty() || r.customer_id == filter.customer_id) &&
         (filter.assignee_manager_id.empty() ||
          r.assignee_manager_id == filter.assignee_manager_id) &&
         (filter.status == ServiceRequestStatus::kUnspecified || r.status == filter.status) &&
         (filter.type == ServiceRequestType::kUnspecified || r.type == filter.type) &&
         (!filter.breached_only || IsBreached(SlaClockOf(r), now));
}

}  // namespace

InMemoryServiceRequests::InMemoryServiceRequests() : sla_table_(DefaultSlaTable()) {}

void InMemoryServiceRequests::SetSlaTable(SlaTable table) {
  absl::MutexLock lock(&mu_);
  sla_table_ = std::move(table);
}

std::vector<events::OutboxEvent> InMemoryServiceRequests::events() const {
  absl::MutexLock lock(&mu_);
  return events_;
}

absl::StatusOr<SlaTable> InMemoryServiceRequests::LoadSlaTable() {
  absl::MutexLock lock(&mu_);
  return sla_table_;
}

absl::StatusOr<ServiceRequest> InMemoryServiceRequests::Create(
    const ServiceRequest& request, const IdempotencyKey& key,
    const RelationshipEventEncoder& encoder, const WriteContext& write) {
  const ServiceRequest stored = TruncatedToMicros(request);
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                   claims_.Find(kServiceRequestCreateScope, key));
  if (earlier.has_value()) {
    auto it = requests_.find(LastNameSegment(*earlier));
    if (it == requests_.end()) {
      return absl::InternalError(
          absl::StrCat("service request ", LastNameSegment(*earlier),
                       " of an earlier request with this request id is gone"));
    }
    return it->second.request;
  }
  if (requests_.count(stored.service_request_id) > 0) {
    return ServiceRequestAlreadyExists(stored.service_request_id);
  }
  Stored& added = requests_[stored.service_request_id];
  added.request = stored;
  RecordLocked(added, CreatedChange(stored, write));
  if (stored.type == ServiceRequestType::kComplaint) {
    AppendLocked(encoder.ComplaintOpened(stored, write), write);
  }
  claims_.Claim(kServiceRequestCreateScope, key,
                ServiceRequestName(stored.customer_id, stored.service_request_id));
  return stored;
}

absl::StatusOr<ServiceRequest> InMemoryServiceRequests::Get(const std::string& customer_id,
                                                            const std::string& service_request_id) {
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(Stored * stored, FindLocked(customer_id, service_request_id));
  return stored->request;
}

absl::StatusOr<Page<ServiceRequest>> InMemoryServiceRequests::List(
    const ServiceRequestFilter& filter, const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  absl::Time after_time;
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(after_time, ParseTimeKey(page.after_key[0]));
  }
  const absl::Time now = TruncateToMicros(filter.now);
  std::vector<ServiceRequest> rows;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, stored] : requests_) {
      if (Matches(stored.request, filter, now)) {
        rows.push_back(stored.request);
      }
    }
  }
  // Newest first: (create_time, service_request_id) descending.
  return PageOf(
      std::move(rows), page,
      [](const ServiceRequest& a, const ServiceRequest& b) {
        return std::tie(b.create_time, b.service_request_id) <
               std::tie(a.create_time, a.service_request_id);
      },
      [&](const ServiceRequest& r) {
        return std::tie(r.create_time, r.service_request_id) <
               std::tie(after_time, page.after_key[1]);
      },
      ServiceRequestPageKey);
}

absl::StatusOr<ServiceRequest> InMemoryServiceRequests::UpdateStatus(
    const std::string& customer_id, const std::string& service_request_id,
    int64_t expected_revision, ServiceRequestStatus to, const std::string& note,
    const WriteContext& write) {
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(Stored * stored, FindLocked(customer_id, service_request_id));
  ServiceRequest changed = stored->request;
  ASSIGN_OR_RETURN(ServiceRequestChange change,
                   ApplyStatusChange(changed, expected_revision, to, note, write));
  stored->request = changed;
  RecordLocked(*stored, std::move(change));
  return changed;
}

absl::StatusOr<std::vector<ServiceRequestChange>> InMemoryServiceRequests::Changes(
    const std::string& customer_id, const std::string& service_request_id) {
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(Stored * stored, FindLocked(customer_id, service_request_id));
  return stored->changes;
}

absl::StatusOr<int> InMemoryServiceRequests::EscalateDue(int limit,
                                                         const RelationshipEventEncoder& encoder,
                                                         const WriteContext& write) {
  const absl::Time now = TruncateToMicros(write.now);
  absl::MutexLock lock(&mu_);
  // Candidates as the MySQL sweep selects them: escalation_due < now, by (escalation_due, id).
  std::vector<std::pair<absl::Time, Stored*>> due;
  for (auto& [id, stored] : requests_) {
    std::optional<absl::Time> at = NextEscalationTime(stored.request);
    if (at.has_value() && *at < now) {
      due.emplace_back(*at, &stored);
    }
  }
  std::sort(due.begin(), due.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second->request.service_request_id) <
           std::tie(b.first, b.second->request.service_request_id);
  });
  int escalated = 0;
  for (auto& [at, stored] : due) {
    if (escalated >= limit) {
      break;
    }
    std::optional<EscalationStep> step = EscalateIfDue(stored->request, write);
    if (!step.has_value()) {
      continue;
    }
    RecordLocked(*stored, std::move(step->change));
    AppendLocked(encoder.SlaBreached(stored->request, step->escalation, write), write);
    ++escalated;
  }
  return escalated;
}

absl::StatusOr<InMemoryServiceRequests::Stored*> InMemoryServiceRequests::FindLocked(
    const std::string& customer_id, const std::string& service_request_id) {
  auto it = requests_.find(service_request_id);
  if (it == requests_.end() || it->second.request.customer_id != customer_id) {
    return ServiceRequestNotFound(service_request_id);
  }
  return &it->second;
}

void InMemoryServiceRequests::RecordLocked(Stored& stored, ServiceRequestChange change) {
  change.change_id = ++last_change_id_;
  stored.changes.push_back(std::move(change));
}

void InMemoryServiceRequests::AppendLocked(events::OutboxEvent event, const WriteContext& write) {
  if (event.event_id.empty()) {
    event.event_id = NewUuidV7(write.now);
  }
  if (event.request_id.empty()) {
    event.request_id = write.request_id;
  }
  if (event.occur_time == absl::UnixEpoch()) {
    event.occur_time = write.now;
  }
  events_.push_back(std::move(event));
}

}  // namespace ccrm::relationship
