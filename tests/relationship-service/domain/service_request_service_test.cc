// ServiceRequestService on the in-memory stores with a fake customer-profile and an injected
// clock: validation, SLA deadlines by channel, routing to the dedicated manager, refusals,
// idempotent replays, status changes and their errors, the change record, lists with
// breached_only, and the SLA sweep as the clock moves past each deadline.
#include "services/relationship-service/domain/service_request_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/auth/principal.h"
#include "common/ids/etag.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "common/time/clock.h"
#include "services/relationship-service/storage/in_memory_repositories.h"
#include "services/relationship-service/storage/in_memory_service_requests.h"
#include "tests/relationship-service/domain/service_fakes.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

using fakes::As;
using fakes::FakeDirectory;
using fakes::kArchived;
using fakes::kKeyCustomer;
using fakes::kSmeCustomer;
using fakes::PlainEventEncoder;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

// "type subject payload" of each event.
std::vector<std::string> Published(const std::vector<events::OutboxEvent>& events) {
  std::vector<std::string> out;
  for (const events::OutboxEvent& e : events) {
    out.push_back(absl::StrCat(e.event_type, " ", e.subject, " ", e.payload));
  }
  return out;
}

class ServiceRequestServiceTest : public ::testing::Test {
 protected:
  ServiceRequestServiceTest()
      : start_(absl::FromCivil(absl::CivilSecond(2026, 11, 2, 9, 0, 0), absl::UTCTimeZone())),
        clock_(start_),
        service_(&requests_, &store_.managers(), &directory_, &encoder_, &clock_) {}

  static ServiceRequest Draft(ServiceRequestType type = ServiceRequestType::kComplaint,
                              Priority priority = Priority::kHigh) {
    ServiceRequest draft;
    draft.type = type;
    draft.priority = priority;
    draft.subject = "贷款利息扣款有误";
    draft.description = "客户称 10 月利息多扣 1,250.00 元。";
    return draft;
  }

  void Assign(const std::string& customer_id, const std::string& manager_id, bool dedicated) {
    Assignment next;
    next.customer_id = customer_id;
    next.manager_id = manager_id;
    next.dedicated = dedicated;
    next.reason = "test";
    ASSERT_OK(store_.managers()
                  .Assign(
                      next, [](int) { return absl::OkStatus(); },
                      WriteContext{"admin-1", {}, "req-a", clock_.Now(), ""})
                  .status());
  }

  std::string Subject(const ServiceRequest& r) {
    return absl::StrCat("customers/", r.customer_id, "/", r.service_request_id);
  }

  const Caller rm_ = As("rm-1", roles::kRelationshipManager);
  const absl::Time start_;
  FakeClock clock_;
  FakeDirectory directory_;
  PlainEventEncoder encoder_;
  InMemoryRelationshipStore store_;
  InMemoryServiceRequests requests_;
  ServiceRequestService service_;
};

TEST_F(ServiceRequestServiceTest, AnInvalidDraftIsRefusedWithEveryProblemBeforeAnyCall) {
  ServiceRequest bad;
  bad.subject = " ";
  bad.description = std::string(4001, 'x');
  absl::StatusOr<ServiceRequest> refused = service_.Create(rm_, kSmeCustomer, bad, {});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Fields(refused.status()),
              ElementsAre("service_request.type", "service_request.priority",
                          "service_request.subject", "service_request.description"));
  EXPECT_EQ(directory_.calls, 0);

  ServiceRequest long_subject = Draft();
  long_subject.subject = std::string(201, 'a');
  long_subject.description = "\xff\xfe";
  EXPECT_THAT(Fields(ValidateServiceRequest(long_subject, "")),
              ElementsAre("subject", "description"));
  // Lengths are in characters, not bytes: 200 Chinese characters are a valid subject.
  ServiceRequest chinese = Draft();
  chinese.subject.clear();
  for (int i = 0; i < 200; ++i) {
    chinese.subject += "投";
  }
  EXPECT_OK(ValidateServiceRequest(chinese, "service_request"));
  chinese.subject += "诉";
  EXPECT_THAT(Fields(ValidateServiceRequest(chinese, "service_request")),
              ElementsAre("service_request.subject"));
}

TEST_F(ServiceRequestServiceTest, TheGreenChannelGetsTheTighterDeadlines) {
  ASSERT_OK_AND_ASSIGN(ServiceRequest key, service_.Create(rm_, kKeyCustomer, Draft(), {}));
  EXPECT_TRUE(key.green_channel);
  EXPECT_EQ(key.response_due, start_ + absl::Hours(2));
  EXPECT_EQ(key.resolution_due, start_ + absl::Hours(24));

  ASSERT_OK_AND_ASSIGN(ServiceRequest sme, service_.Create(rm_, kSmeCustomer, Draft(), {}));
  EXPECT_FALSE(sme.green_channel);
  EXPECT_EQ(sme.response_due, start_ + absl::Hours(4));
  EXPECT_EQ(sme.resolution_due, start_ + absl::Hours(48));

  // An SME of tier 2 is in the green channel too.
  directory_.customers[kSmeCustomer].tier = 2;
  ASSERT_OK_AND_ASSIGN(
      ServiceRequest tier2,
      service_.Create(rm_, kSmeCustomer, Draft(ServiceRequestType::kInquiry, Priority::kLow), {}));
  EXPECT_TRUE(tier2.green_channel);
  EXPECT_EQ(tier2.response_due, start_ + absl::Hours(24));
  EXPECT_EQ(tier2.resolution_due, start_ + absl::Hours(84));

  EXPECT_TRUE(IsUuid(sme.service_request_id));
  EXPECT_EQ(sme.customer_id, kSmeCustomer);
  EXPECT_EQ(sme.status, ServiceRequestStatus::kOpen);
  EXPECT_EQ(sme.escalation_level, 0);
  EXPECT_EQ(sme.created_by, "rm-1");
  EXPECT_EQ(sme.create_time, start_);
  EXPECT_EQ(sme.revision, 1);
  EXPECT_EQ(directory_.last_identity.authorization, "Bearer rm-1-token");
  ASSERT_OK_AND_ASSIGN(ServiceRequest got, service_.Get(kSmeCustomer, sme.service_request_id));
  EXPECT_EQ(got.response_due, sme.response_due);
}

TEST_F(ServiceRequestServiceTest, RequestsGoToTheCustomersDedicatedManagerElseItsManager) {
  Assign(kKeyCustomer, "rm-007", /*dedicated=*/true);
  ASSERT_OK_AND_ASSIGN(ServiceRequest key, service_.Create(rm_, kKeyCustomer, Draft(), {}));
  EXPECT_EQ(key.assignee_manager_id, "rm-007");

  ASSERT_OK_AND_ASSIGN(ServiceRequest unassigned, service_.Create(rm_, kSmeCustomer, Draft(), {}));
  EXPECT_EQ(unassigned.assignee_manager_id, "");

  Assign(kSmeCustomer, "rm-003", /*dedicated=*/false);
  ASSERT_OK_AND_ASSIGN(ServiceRequest sme, service_.Create(rm_, kSmeCustomer, Draft(), {}));
  EXPECT_EQ(sme.assignee_manager_id, "rm-003");
  // Reassigned to a dedicated manager: new requests follow.
  clock_.Advance(absl::Minutes(1));
  Assign(kSmeCustomer, "rm-009", /*dedicated=*/true);
  ASSERT_OK_AND_ASSIGN(ServiceRequest moved, service_.Create(rm_, kSmeCustomer, Draft(), {}));
  EXPECT_EQ(moved.assignee_manager_id, "rm-009");

  ServiceRequestFilter filter;
  filter.assignee_manager_id = "rm-003";
  ASSERT_OK_AND_ASSIGN(ServiceRequestList for_rm3, service_.List(filter, "", 10));
  ASSERT_EQ(for_rm3.service_requests.size(), 1u);
  EXPECT_EQ(for_rm3.service_requests[0].service_request_id, sme.service_request_id);
}

TEST_F(ServiceRequestServiceTest, ArchivedUnknownAndUnreachableCustomersAreRefused) {
  absl::StatusOr<ServiceRequest> archived = service_.Create(rm_, kArchived, Draft(), {});
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(archived.status()), "CUSTOMER_ARCHIVED");
  EXPECT_THAT(service_.Create(rm_, "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f0999", Draft(), {}),
              StatusIs(absl::StatusCode::kNotFound));
  directory_.failure = absl::UnavailableError("customer-profile is down");
  EXPECT_THAT(service_.Create(rm_, kSmeCustomer, Draft(), {}),
              StatusIs(absl::StatusCode::kUnavailable));
  directory_.failure = absl::DeadlineExceededError("customer-profile is slow");
  EXPECT_THAT(service_.Create(rm_, kSmeCustomer, Draft(), {}),
              StatusIs(absl::StatusCode::kDeadlineExceeded));

  ASSERT_OK_AND_ASSIGN(ServiceRequestList all, service_.List({}, "", 10));
  EXPECT_THAT(all.service_requests, IsEmpty());
  EXPECT_THAT(requests_.events(), IsEmpty());
}

TEST_F(ServiceRequestServiceTest, AComplaintIsPublishedOnceAndAReplayReturnsTheFirstRequest) {
  const IdempotencyKey key{"req-77", "fingerprint-1"};
  ASSERT_OK_AND_ASSIGN(ServiceRequest first, service_.Create(rm_, kSmeCustomer, Draft(), key));
  clock_.Advance(absl::Seconds(30));
  ASSERT_OK_AND_ASSIGN(ServiceRequest replay, service_.Create(rm_, kSmeCustomer, Draft(), key));
  EXPECT_EQ(replay.service_request_id, first.service_request_id);
  EXPECT_EQ(replay.create_time, start_);

  absl::StatusOr<ServiceRequest> reused = service_.Create(
      rm_, kSmeCustomer, Draft(ServiceRequestType::kInquiry), {"req-77", "fingerprint-2"});
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");

  // An inquiry publishes nothing.
  ASSERT_OK(service_.Create(rm_, kSmeCustomer, Draft(ServiceRequestType::kInquiry), {}).status());
  EXPECT_THAT(Published(requests_.events()),
              ElementsAre(absl::StrCat("ComplaintOpened ", Subject(first), " 3")));
  EXPECT_EQ(requests_.events()[0].request_id, "req-rm-1");
}

TEST_F(ServiceRequestServiceTest, TheSlaTableIsReadAgainAfterAMinute) {
  ASSERT_OK(service_.Create(rm_, kSmeCustomer, Draft(), {}).status());
  requests_.SetSlaTable(SlaTable{});
  clock_.Advance(absl::Seconds(59));
  // Still the table read a moment ago.
  ASSERT_OK(service_.Create(rm_, kSmeCustomer, Draft(), {}).status());
  clock_.Advance(absl::Seconds(2));
  absl::StatusOr<ServiceRequest> missing = service_.Create(rm_, kSmeCustomer, Draft(), {});
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(missing.status()), "SLA_RULE_MISSING");

  requests_.SetSlaTable(DefaultSlaTable());
  clock_.Advance(absl::Minutes(1));
  EXPECT_OK(service_.Create(rm_, kSmeCustomer, Draft(), {}).status());
}

TEST_F(ServiceRequestServiceTest, StatusChangesCheckTheEtagTheRulesAndTheNote) {
  ASSERT_OK_AND_ASSIGN(ServiceRequest r, service_.Create(rm_, kSmeCustomer, Draft(), {}));
  const std::string id = r.service_request_id;
  clock_.Advance(absl::Minutes(30));
  const Caller other = As("rm-2", roles::kRelationshipManager);
  ASSERT_OK_AND_ASSIGN(
      ServiceRequest working,
      service_.UpdateStatus(other, kSmeCustomer, id, ServiceRequestStatus::kInProgress,
                            "已致电客户", FormatEtag(r.revision)));
  EXPECT_EQ(working.first_response_time, start_ + absl::Minutes(30));
  EXPECT_EQ(working.revision, 2);

  absl::StatusOr<ServiceRequest> stale = service_.UpdateStatus(
      rm_, kSmeCustomer, id, ServiceRequestStatus::kResolved, "已退还多扣利息", "r1");
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");

  absl::StatusOr<ServiceRequest> malformed = service_.UpdateStatus(
      rm_, kSmeCustomer, id, ServiceRequestStatus::kResolved, "已退还多扣利息", "v2");
  EXPECT_THAT(malformed, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Fields(malformed.status()), ElementsAre("etag"));

  absl::StatusOr<ServiceRequest> unspecified = service_.UpdateStatus(
      rm_, kSmeCustomer, id, ServiceRequestStatus::kUnspecified, std::string(4001, 'n'), "");
  EXPECT_THAT(unspecified, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Fields(unspecified.status()), ElementsAre("status", "note"));

  absl::StatusOr<ServiceRequest> skipped =
      service_.UpdateStatus(rm_, kSmeCustomer, id, ServiceRequestStatus::kClosed, "", "");
  EXPECT_THAT(skipped, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(skipped.status()), "INVALID_STATUS_CHANGE");

  absl::StatusOr<ServiceRequest> no_note =
      service_.UpdateStatus(rm_, kSmeCustomer, id, ServiceRequestStatus::kResolved, "", "r2");
  EXPECT_THAT(no_note, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Fields(no_note.status()), ElementsAre("note"));

  absl::StatusOr<ServiceRequest> elsewhere = service_.UpdateStatus(
      rm_, kKeyCustomer, id, ServiceRequestStatus::kResolved, "已退还多扣利息", "");
  EXPECT_THAT(elsewhere, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(elsewhere.status()), "SERVICE_REQUEST_NOT_FOUND");

  clock_.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(ServiceRequest resolved,
                       service_.UpdateStatus(rm_, kSmeCustomer, id, ServiceRequestStatus::kResolved,
                                             "已退还多扣利息", "r2"));
  EXPECT_EQ(resolved.resolution, "已退还多扣利息");
  EXPECT_EQ(resolved.resolve_time, start_ + absl::Minutes(90));

  ASSERT_OK_AND_ASSIGN(std::vector<ServiceRequestChange> changes,
                       service_.Changes(kSmeCustomer, id));
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].action, "created");
  EXPECT_EQ(changes[0].actor, "rm-1");
  EXPECT_EQ(changes[0].change_time, start_);
  EXPECT_EQ(changes[1].action, "status");
  EXPECT_EQ(changes[1].from_status, ServiceRequestStatus::kOpen);
  EXPECT_EQ(changes[1].to_status, ServiceRequestStatus::kInProgress);
  EXPECT_EQ(changes[1].note, "已致电客户");
  EXPECT_EQ(changes[1].actor, "rm-2");
  EXPECT_EQ(changes[2].to_status, ServiceRequestStatus::kResolved);
  EXPECT_EQ(changes[2].change_time, start_ + absl::Minutes(90));
  EXPECT_THAT(service_.Changes(kKeyCustomer, id), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ServiceRequestServiceTest, TheSweepEscalatesAsTheClockPassesEachDeadline) {
  // Complaint, HIGH, normal channel: response in 4 hours, resolution in 48.
  ASSERT_OK_AND_ASSIGN(ServiceRequest r, service_.Create(rm_, kSmeCustomer, Draft(), {}));
  const std::string breached = absl::StrCat("SlaBreached ", Subject(r));
  ASSERT_OK_AND_ASSIGN(int escalated, service_.EscalateDue(100));
  EXPECT_EQ(escalated, 0);

  clock_.Set(r.response_due);
  ASSERT_OK_AND_ASSIGN(escalated, service_.EscalateDue(100));
  EXPECT_EQ(escalated, 0) << "a deadline is met up to and including its instant";

  clock_.Advance(absl::Seconds(1));
  ASSERT_OK_AND_ASSIGN(escalated, service_.EscalateDue(100));
  EXPECT_EQ(escalated, 1);
  ASSERT_OK_AND_ASSIGN(ServiceRequest level1, service_.Get(kSmeCustomer, r.service_request_id));
  EXPECT_EQ(level1.escalation_level, 1);
  EXPECT_EQ(Published(requests_.events()).back(), breached + " response|1");

  clock_.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(escalated, service_.EscalateDue(100));
  EXPECT_EQ(escalated, 0) << "escalated once for the response deadline";

  clock_.Set(r.resolution_due + absl::Minutes(1));
  ASSERT_OK_AND_ASSIGN(escalated, service_.EscalateDue(100));
  EXPECT_EQ(escalated, 1);
  ASSERT_OK_AND_ASSIGN(ServiceRequest level2, service_.Get(kSmeCustomer, r.service_request_id));
  EXPECT_EQ(level2.escalation_level, 2);
  ASSERT_OK_AND_ASSIGN(escalated, service_.EscalateDue(100));
  EXPECT_EQ(escalated, 0);

  EXPECT_THAT(Published(requests_.events()),
              ElementsAre(absl::StrCat("ComplaintOpened ", Subject(r), " 3"),
                          breached + " response|1", breached + " resolution|2"));
  ASSERT_OK_AND_ASSIGN(std::vector<ServiceRequestChange> changes,
                       service_.Changes(kSmeCustomer, r.service_request_id));
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[1].action, "escalated");
  EXPECT_EQ(changes[1].note, "response");
  EXPECT_EQ(changes[1].escalation_level, 1);
  EXPECT_EQ(changes[1].actor, kSlaSweepActor);
  EXPECT_EQ(changes[1].change_time, r.response_due + absl::Seconds(1));
  EXPECT_EQ(changes[2].note, "resolution");
  EXPECT_EQ(changes[2].escalation_level, 2);
}

TEST_F(ServiceRequestServiceTest, ARequestAnsweredInTimeIsNotEscalatedForTheResponse) {
  ASSERT_OK_AND_ASSIGN(ServiceRequest r, service_.Create(rm_, kSmeCustomer, Draft(), {}));
  clock_.Advance(absl::Hours(1));
  ASSERT_OK(service_
                .UpdateStatus(rm_, kSmeCustomer, r.service_request_id,
                              ServiceRequestStatus::kInProgress, "", "")
                .status());
  clock_.Set(r.response_due + absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(int escalated, service_.EscalateDue(100));
  EXPECT_EQ(escalated, 0);

  clock_.Set(r.resolution_due + absl::Seconds(1));
  ASSERT_OK_AND_ASSIGN(escalated, service_.EscalateDue(100));
  EXPECT_EQ(escalated, 1);
  ASSERT_OK_AND_ASSIGN(ServiceRequest late, service_.Get(kSmeCustomer, r.service_request_id));
  EXPECT_EQ(late.escalation_level, 2);
  EXPECT_EQ(Published(requests_.events()).back(),
            absl::StrCat("SlaBreached ", Subject(r), " resolution|2"));
  EXPECT_EQ(requests_.events().size(), 2u);
}

TEST_F(ServiceRequestServiceTest, TheSweepStopsAtItsLimit) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(service_.Create(rm_, kSmeCustomer, Draft(), {}).status());
  }
  clock_.Advance(absl::Hours(5));
  ASSERT_OK_AND_ASSIGN(int escalated, service_.EscalateDue(2));
  EXPECT_EQ(escalated, 2);
  ASSERT_OK_AND_ASSIGN(escalated, service_.EscalateDue(0));
  EXPECT_EQ(escalated, 0);
  ASSERT_OK_AND_ASSIGN(escalated, service_.EscalateDue(2));
  EXPECT_EQ(escalated, 1);
}

TEST_F(ServiceRequestServiceTest, BreachedOnlyIsJudgedAtTheClocksNowAndPagesWithTokens) {
  ASSERT_OK_AND_ASSIGN(ServiceRequest older, service_.Create(rm_, kSmeCustomer, Draft(), {}));
  clock_.Advance(absl::Minutes(10));
  ASSERT_OK_AND_ASSIGN(ServiceRequest newer, service_.Create(rm_, kSmeCustomer, Draft(), {}));

  ServiceRequestFilter breached;
  breached.customer_id = kSmeCustomer;
  breached.breached_only = true;
  ASSERT_OK_AND_ASSIGN(ServiceRequestList none, service_.List(breached, "", 10));
  EXPECT_THAT(none.service_requests, IsEmpty());

  clock_.Set(newer.response_due + absl::Seconds(1));
  ASSERT_OK_AND_ASSIGN(ServiceRequestList first, service_.List(breached, "", 1));
  ASSERT_EQ(first.service_requests.size(), 1u);
  EXPECT_EQ(first.service_requests[0].service_request_id, newer.service_request_id);
  ASSERT_FALSE(first.next_page_token.empty());
  ASSERT_OK_AND_ASSIGN(ServiceRequestList second,
                       service_.List(breached, first.next_page_token, 1));
  ASSERT_EQ(second.service_requests.size(), 1u);
  EXPECT_EQ(second.service_requests[0].service_request_id, older.service_request_id);
  EXPECT_EQ(second.next_page_token, "");

  // A token belongs to the query it was issued for.
  ServiceRequestFilter all;
  all.customer_id = kSmeCustomer;
  EXPECT_THAT(service_.List(all, first.next_page_token, 1),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(service_.List(all, "", -1), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace ccrm::relationship
