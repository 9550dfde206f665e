// Fakes and sample data for unit tests of the credit-rating use cases (ModelService,
// RatingService, ReratingRunner) without customer-profile, a bureau, gRPC or a database: a
// customer directory and a credit bureau held in maps (each can be told to fail, counts its calls
// and records what it was asked), an event encoder with readable payloads, sample statements,
// callers and a test bed wiring them to the in-memory repositories.
//
// Example:
//   RatingTestBed bed;  // the default model seeded, a clock at 2025-06-30 10:00 UTC
//   bed.directory.AddCustomer(SampleCustomer("cust-1"), SampleStatements(2024));
//   ASSERT_OK_AND_ASSIGN(Rating draft, bed.service.Rate(Analyst(), SampleRateRequest("cust-1"),
//                                                       IdempotencyKey{"req-1", "fp-1"}));
//   bed.directory.FailEveryCall(absl::UnavailableError("customer-profile is down"));
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/time/clock.h"
#include "services/credit-rating/domain/caller.h"
#include "services/credit-rating/domain/credit_bureau.h"
#include "services/credit-rating/domain/customer_directory.h"
#include "services/credit-rating/domain/model_service.h"
#include "services/credit-rating/domain/rating_service.h"
#include "services/credit-rating/domain/repositories.h"
#include "services/credit-rating/storage/in_memory_repositories.h"

namespace ccrm::rating {

// customer-profile as maps: customers by id, their statements, thread-safe (the re-rating runner
// calls it from several threads).
class FakeCustomerDirectory final : public CustomerDirectory {
 public:
  // Adds or replaces a customer and its statements.
  void AddCustomer(const CustomerRecord& customer, std::vector<StatementFigures> statements = {});
  // Every later call fails with `status` (OK: calls answer again).
  void FailEveryCall(absl::Status status);
  // Later GetCustomer / ListStatements calls about `customer_id` fail with `status`.
  void FailCustomer(const std::string& customer_id, absl::Status status);

  // Calls of any kind so far.
  int calls() const;
  // GetCustomer calls about `customer_id` so far.
  int GetCustomerCalls(const std::string& customer_id) const;
  // The identity of every call so far, in order.
  std::vector<CallIdentity> identities() const;
  // The page token of every ListCustomers call so far, in order.
  std::vector<std::string> listed_page_tokens() const;

  // NOT_FOUND (reason CUSTOMER_NOT_FOUND) for an unknown customer.
  absl::StatusOr<CustomerRecord> GetCustomer(const CallIdentity& identity,
                                             const std::string& customer_id) override;
  // Newest period first; NOT_FOUND for an unknown customer.
  absl::StatusOr<std::vector<StatementFigures>> ListStatements(
      const CallIdentity& identity, const std::string& customer_id) override;
  // Non-archived customers of `segment` in id order; the page token is the id of the last
  // customer of the previous page ("" on the last page).
  absl::StatusOr<CustomerPage> ListCustomers(const CallIdentity& identity, Segment segment,
                                             const std::string& page_token, int page_size) override;

 private:
  // The failure set for this call, or OK; records the call.
  absl::Status RecordCallLocked(const CallIdentity& identity, const std::string& customer_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, CustomerRecord> customers_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<StatementFigures>> statements_ ABSL_GUARDED_BY(mu_);
  absl::Status fail_every_call_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, absl::Status> customer_failures_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int> get_customer_calls_ ABSL_GUARDED_BY(mu_);
  std::vector<CallIdentity> identities_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> listed_page_tokens_ ABSL_GUARDED_BY(mu_);
};

// A credit bureau as a map of reports by unified social credit code.
class FakeCreditBureau final : public CreditBureau {
 public:
  void SetReport(const std::string& unified_social_credit_code, const BureauReport& report);
  // Every later call fails with `status` (OK: calls answer again).
  void FailEveryCall(absl::Status status);
  int calls() const;

  // The subject's report, nullopt when there is none; the failure set by FailEveryCall.
  absl::StatusOr<std::optional<BureauReport>> Fetch(const BureauSubject& subject) override;

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, BureauReport> reports_ ABSL_GUARDED_BY(mu_);
  absl::Status fail_every_call_ ABSL_GUARDED_BY(mu_);
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
};

// Events with event_type "RatingApproved" / "RatingDowngraded", subject
// "customers/{id}/ratings/{id}" and a readable payload:
//   RatingApproved:   "grade=BBB previous=<rating id or none>"
//   RatingDowngraded: "from=A to=BB notches=3"
class FakeRatingEventEncoder final : public RatingEventEncoder {
 public:
  events::OutboxEvent RatingApproved(const Rating& rating, const std::optional<Rating>& previous,
                                     const WriteContext& write) const override;
  events::OutboxEvent RatingDowngraded(const Rating& rating, const Rating& previous, int notches,
                                       const WriteContext& write) const override;
};

// ---- Sample data ----

// `y-m-d h:mm` UTC.
absl::Time Utc(int year, int month, int day, int hour = 10, int minute = 0);

// A corporate customer: legal name, a USCC derived from the id, industry C3021.
CustomerRecord SampleCustomer(const std::string& customer_id, Segment segment = Segment::kSme);

// The annual statements of `latest_year` and the year before (audited, CNY, periods ending
// 31 Dec) of a mid-market manufacturer, every line item the default model reads reported.
std::vector<StatementFigures> SampleStatements(int latest_year);

// A complete qualitative assessment.
QualitativeInputs SampleQualitative();

// A request to rate `customer_id` with SampleQualitative() and the active corporate model.
RateRequest SampleRateRequest(const std::string& customer_id);

// A bureau report with default evidence: 120 days past due, an amount overdue now.
BureauReport DefaultingBureauReport();

// Callers: an analyst (maker), two approvers, and a risk officer who starts re-rating jobs.
Caller Analyst(const std::string& request_id = "req-analyst");
Caller Approver(const std::string& subject = "approver-3",
                const std::string& request_id = "req-approver");
Caller RiskOfficer();

// The directory, bureau, encoder, clock and in-memory store wired to a ModelService and a
// RatingService, with the shipped default model seeded (ACTIVE v1 of "corporate").
struct RatingTestBed {
  RatingTestBed();

  FakeClock clock{Utc(2025, 6, 30)};
  InMemoryRatingStore store;
  FakeCustomerDirectory directory;
  FakeCreditBureau bureau;
  FakeRatingEventEncoder encoder;
  ModelService models{&store.models(), &clock};
  RatingService service{RatingServiceDeps{&store.ratings(), &models, &store.pricing(), &directory,
                                          &bureau, &encoder, &clock}};
};

}  // namespace ccrm::rating
