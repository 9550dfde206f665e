#include "services/credit-rating/domain/rerating_runner.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/pagination/paging.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::rating {
namespace {

bool IsTransient(const absl::Status& s) {
  return absl::IsUnavailable(s) || absl::IsDeadlineExceeded(s) || absl::IsAborted(s);
}

// Outcomes that mean "nothing to rate here", not a failure of the job.
bool IsSkip(const absl::Status& s) { return absl::IsFailedPrecondition(s) || absl::IsNotFound(s); }

}  // namespace

ReratingRunner::~ReratingRunner() { Stop(); }

absl::StatusOr<ReratingJob> ReratingRunner::Start(const Caller& caller, Segment segment,
                                                  const std::string& model_family,
                                                  const IdempotencyKey& key) {
  if (model_family.empty()) {
    return InvalidField("model_family", "is required");
  }
  // Refuse up front rather than skipping every customer.
  RETURN_IF_ERROR(deps_.ratings->CheckModelFamily(model_family));
  const absl::Time now = deps_.clock->Now();
  ReratingJob job;
  job.job_id = NewUuidV7(now);
  job.state = ReratingJobState::kRunning;
  job.segment = segment;
  job.model_family = model_family;
  job.created_by = caller.principal.subject;
  job.create_time = now;
  job.update_time = now;
  ASSIGN_OR_RETURN(ReratingJob stored, deps_.jobs->Create(job, key, caller.Write(now)));
  if (stored.state == ReratingJobState::kRunning) {
    absl::MutexLock lock(&mu_);
    queue_.push_back(stored.job_id);
  }
  return stored;
}

absl::StatusOr<ReratingJob> ReratingRunner::Get(const std::string& job_id) {
  return deps_.jobs->Get(job_id);
}

absl::StatusOr<ReratingJobList> ReratingRunner::List(const std::string& page_token, int page_size) {
  const std::string canonical = "rerating_jobs";
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  ASSIGN_OR_RETURN(Page<ReratingJob> result, deps_.jobs->List(page));
  return ReratingJobList{std::move(result.items),
                         NextPageToken(canonical, std::move(result.next_key))};
}

absl::StatusOr<ReratingJob> ReratingRunner::Cancel(const Caller& caller,
                                                   const std::string& job_id) {
  return deps_.jobs->Finish(job_id, ReratingJobState::kCancelled,
                            absl::StrCat("cancelled by ", caller.principal.subject),
                            deps_.clock->Now());
}

absl::Status ReratingRunner::Resume() {
  ASSIGN_OR_RETURN(std::vector<ReratingJob> running, deps_.jobs->ListRunning());
  absl::MutexLock lock(&mu_);
  for (const ReratingJob& job : running) {
    queue_.push_back(job.job_id);
  }
  stopping_ = false;
  if (!worker_.joinable()) {
    worker_ = std::thread([this] { WorkLoop(); });
  }
  return absl::OkStatus();
}

void ReratingRunner::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (worker_.joinable()) {
    worker_.join();
  }
}

bool ReratingRunner::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

void ReratingRunner::WorkLoop() {
  while (true) {
    std::string job_id;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]()
                       ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_ || !queue_.empty(); };
      mu_.AwaitWithTimeout(absl::Condition(&ready), absl::Seconds(1));
      if (stopping_) {
        return;
      }
      if (queue_.empty()) {
        continue;
      }
      job_id = std::move(queue_.front());
      queue_.pop_front();
    }
    // A failed job is recorded as FAILED by RunJob; the loop goes on with the next one.
    (void)RunJob(job_id);
  }
}

void ReratingRunner::RateCustomer(const ReratingJob& job, const CustomerRecord& customer,
                                  Outcome& outcome) {
  ++outcome.counts.processed;
  // Drafts are made on behalf of the job's creator (so they cannot approve them), with the
  // service's own credentials towards customer-profile.
  Caller caller{Principal{job.created_by, {}}, "", deps_.service_authorization(),
                absl::InfiniteFuture()};
  RateRequest request;
  request.customer_id = customer.customer_id;
  request.model_family = job.model_family;
  request.rerating_job = absl::StrCat("reratingJobs/", job.job_id);
  const IdempotencyKey key{absl::StrCat("rerate-", job.job_id, "-", customer.customer_id),
                           "portfolio-rerating"};
  absl::Status status;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    caller.request_id = key.request_id;
    caller.deadline = deps_.clock->Now() + options_.call_timeout;
    // The analyst's assessment carries forward from the approved rating; only "there is none"
    // (NOT_FOUND) means unassessed — a failed read must not silently drop the assessment.
    absl::StatusOr<Rating> approved = deps_.ratings->LatestApproved(customer.customer_id);
    if (approved.ok()) {
      request.qualitative = approved->qualitative;
      status = deps_.ratings->Rate(caller, request, key).status();
    } else if (absl::IsNotFound(approved.status())) {
      request.qualitative = QualitativeInputs{};
      status = deps_.ratings->Rate(caller, request, key).status();
    } else {
      status = absl::Status(approved.status().code(), absl::StrCat("reading the approved rating: ",
                                                                   approved.status().message()));
    }
    if (status.ok() || !IsTransient(status) || attempt == options_.max_attempts) {
      break;
    }
    absl::SleepFor(options_.retry_backoff * attempt);
  }
  if (status.ok()) {
    ++outcome.counts.rated;
  } else if (IsSkip(status)) {
    ++outcome.counts.skipped;
  } else {
    ++outcome.counts.failed;
    outcome.last_error = absl::StrCat("customers/", customer.customer_id, ": ", status.message());
  }
}

absl::Status ReratingRunner::RunJob(const std::string& job_id) {
  ASSIGN_OR_RETURN(ReratingJob job, deps_.jobs->Get(job_id));
  while (job.state == ReratingJobState::kRunning && !stopping()) {
    const CallIdentity identity{deps_.service_authorization(), absl::StrCat("rerate-", job_id),
                                deps_.clock->Now() + options_.call_timeout};
    absl::StatusOr<CustomerPage> page =
        deps_.directory->ListCustomers(identity, job.segment, job.page_token, options_.page_size);
    if (!page.ok()) {
      if (IsTransient(page.status())) {
        // customer-profile is away: keep the job RUNNING and try again shortly.
        absl::SleepFor(options_.retry_backoff);
        continue;
      }
      (void)deps_.jobs->Finish(job_id, ReratingJobState::kFailed,
                               absl::StrCat("listing customers: ", page.status().message()),
                               deps_.clock->Now());
      return page.status();
    }
    std::vector<Outcome> outcomes(std::max(1, options_.parallelism));
    std::vector<std::thread> threads;
    for (size_t t = 0; t < outcomes.size(); ++t) {
      threads.emplace_back([&, t] {
        for (size_t i = t; i < page->customers.size(); i += outcomes.size()) {
          RateCustomer(job, page->customers[i], outcomes[t]);
        }
      });
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
    ReratingProgress progress;
    std::string last_error;
    for (const Outcome& o : outcomes) {
      progress.processed += o.counts.processed;
      progress.rated += o.counts.rated;
      progress.skipped += o.counts.skipped;
      progress.failed += o.counts.failed;
      if (!o.last_error.empty()) {
        last_error = o.last_error;
      }
    }
    ASSIGN_OR_RETURN(
        job, deps_.jobs->RecordProgress(job_id, job.page_token, progress, page->next_page_token,
                                        last_error, deps_.clock->Now()));
    if (page->next_page_token.empty() && job.state == ReratingJobState::kRunning) {
      ASSIGN_OR_RETURN(
          job, deps_.jobs->Finish(job_id, ReratingJobState::kSucceeded, "", deps_.clock->Now()));
    }
  }
  return absl::OkStatus();
}

}  // namespace ccrm::rating
