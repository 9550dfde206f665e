// Portfolio re-rating: a job walks customer-profile's customer list page by page (with the
// service's own identity) and drafts a fresh rating of every customer with the active model,
// on background threads of its own, so it never takes the RPC workers. Qualitative assessments
// are carried forward from the customer's approved rating (unassessed when there is none);
// drafts still need a checker. After each page the job's counters and cursor are stored, so a
// restarted service resumes where it stopped; drafts are idempotent per job and customer
// ("rerate-<job>-<customer>"), so a page redone after a crash creates nothing twice.
//
// Example:
//   ReratingRunner runner(deps, options);
//   RETURN_IF_ERROR(runner.Resume());           // at start-up: background thread + RUNNING jobs
//   ASSIGN_OR_RETURN(ReratingJob job, runner.Start(caller, Segment::kUnspecified, "corporate",
//                                                  key));
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/time/clock.h"
#include "services/credit-rating/domain/caller.h"
#include "services/credit-rating/domain/rating_service.h"

namespace ccrm::rating {

struct ReratingRunnerDeps {
  ReratingJobRepository* jobs = nullptr;
  RatingService* ratings = nullptr;
  CustomerDirectory* directory = nullptr;
  const Clock* clock = nullptr;
  // "Bearer <token>" of the service's own identity, for background calls to customer-profile.
  std::function<std::string()> service_authorization;
};

struct ReratingOptions {
  int page_size = 100;
  // Customers of a page rated at once.
  int parallelism = 2;
  // Per call to customer-profile.
  absl::Duration call_timeout = absl::Seconds(10);
  // Attempts per customer on UNAVAILABLE / DEADLINE_EXCEEDED / ABORTED.
  int max_attempts = 3;
  absl::Duration retry_backoff = absl::Milliseconds(200);
};

struct ReratingJobList {
  std::vector<ReratingJob> jobs;
  std::string next_page_token;
};

class ReratingRunner final {
 public:
  ReratingRunner(ReratingRunnerDeps deps, ReratingOptions options)
      : deps_(std::move(deps)), options_(options) {}
  ~ReratingRunner();

  // Creates a RUNNING job and queues it. INVALID_ARGUMENT for an empty family;
  // FAILED_PRECONDITION (NO_ACTIVE_MODEL) when the family has no active model. Idempotent by key.
  absl::StatusOr<ReratingJob> Start(const Caller& caller, Segment segment,
                                    const std::string& model_family, const IdempotencyKey& key);
  absl::StatusOr<ReratingJob> Get(const std::string& job_id);
  absl::StatusOr<ReratingJobList> List(const std::string& page_token, int page_size);
  // RUNNING → CANCELLED; the worker stops after the page in progress. FAILED_PRECONDITION
  // (JOB_NOT_RUNNING) otherwise.
  absl::StatusOr<ReratingJob> Cancel(const Caller& caller, const std::string& job_id);

  // Starts the background thread and queues every RUNNING job found in the database.
  absl::Status Resume();
  // Stops the background thread after the page in progress (the job stays RUNNING and resumes
  // on the next start).
  void Stop();

  // Runs a job until it finishes, is cancelled, or Stop() is called; on the calling thread.
  absl::Status RunJob(const std::string& job_id);

 private:
  struct Outcome {
    ReratingProgress counts;
    std::string last_error;
  };
  void RateCustomer(const ReratingJob& job, const CustomerRecord& customer, Outcome& outcome);
  void WorkLoop();
  bool stopping() const;

  ReratingRunnerDeps deps_;
  const ReratingOptions options_;
  mutable absl::Mutex mu_;
  std::deque<std::string> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread worker_;
};

}  // namespace ccrm::rating
