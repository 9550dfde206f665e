// The contract of ServiceRequestRepository (see service_request_contract.h), run against each
// implementation.
#include "tests/relationship-service/storage/service_request_contract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "common/pagination/keyset.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kHour = 3600;

std::vector<std::string> Ids(const Page<ServiceRequest>& page) {
  std::vector<std::string> ids;
  for (const ServiceRequest& r : page.items) {
    ids.push_back(r.service_request_id);
  }
  return ids;
}

std::vector<std::string> EventsOfType(const std::vector<events::OutboxEvent>& events,
                                      const std::string& type) {
  std::vector<std::string> out;
  for (const events::OutboxEvent& e : events) {
    if (e.event_type == type) {
      out.push_back(absl::StrCat(e.subject, " ", e.payload));
    }
  }
  return out;
}

std::string Subject(const std::string& customer_id, int n) {
  return absl::StrCat("customers/", customer_id, "/", ServiceRequestId(n));
}

using RuleRow = std::tuple<int, int, bool, int, int>;

std::vector<RuleRow> Rows(const SlaTable& table) {
  std::vector<RuleRow> rows;
  for (const SlaRule& r : table.rules) {
    rows.emplace_back(static_cast<int>(r.type), static_cast<int>(r.priority), r.green_channel,
                      r.response_hours, r.resolution_hours);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST_P(ServiceRequestContractTest, TheSlaTableIsTheShippedOne) {
  ASSERT_OK_AND_ASSIGN(SlaTable table, requests().LoadSlaTable());
  EXPECT_EQ(table.rules.size(), 16u);
  EXPECT_EQ(Rows(table), Rows(DefaultSlaTable()));
}

TEST_P(ServiceRequestContractTest, CreateStoresTheRequestAndItsCreatedChange) {
  ServiceRequest draft = SampleServiceRequest(1, CustomerId(1), 0);
  draft.green_channel = true;
  ASSERT_OK_AND_ASSIGN(ServiceRequest created,
                       requests().Create(draft, Key("r1", "f1"), encoder_, Write(0)));
  EXPECT_EQ(created.create_time, Micros(At(0)));
  EXPECT_EQ(created.response_due, Micros(At(0) + absl::Hours(4)));

  ASSERT_OK_AND_ASSIGN(ServiceRequest got, requests().Get(CustomerId(1), ServiceRequestId(1)));
  EXPECT_EQ(got.service_request_id, ServiceRequestId(1));
  EXPECT_EQ(got.customer_id, CustomerId(1));
  EXPECT_EQ(got.type, ServiceRequestType::kInquiry);
  EXPECT_EQ(got.priority, Priority::kHigh);
  EXPECT_EQ(got.subject, draft.subject);
  EXPECT_EQ(got.description, draft.description);
  EXPECT_EQ(got.status, ServiceRequestStatus::kOpen);
  EXPECT_EQ(got.response_due, Micros(At(0) + absl::Hours(4)));
  EXPECT_EQ(got.resolution_due, Micros(At(0) + absl::Hours(48)));
  EXPECT_EQ(got.first_response_time, std::nullopt);
  EXPECT_EQ(got.resolve_time, std::nullopt);
  EXPECT_EQ(got.assignee_manager_id, "rm-1");
  EXPECT_TRUE(got.green_channel);
  EXPECT_EQ(got.escalation_level, 0);
  EXPECT_EQ(got.resolution, "");
  EXPECT_EQ(got.created_by, "rm-1");
  EXPECT_EQ(got.create_time, Micros(At(0)));
  EXPECT_EQ(got.update_time, Micros(At(0)));
  EXPECT_EQ(got.revision, 1);

  ASSERT_OK_AND_ASSIGN(std::vector<ServiceRequestChange> changes,
                       requests().Changes(CustomerId(1), ServiceRequestId(1)));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_GT(changes[0].change_id, 0);
  EXPECT_EQ(changes[0].action, "created");
  EXPECT_EQ(changes[0].from_status, ServiceRequestStatus::kUnspecified);
  EXPECT_EQ(changes[0].to_status, ServiceRequestStatus::kOpen);
  EXPECT_EQ(changes[0].escalation_level, 0);
  EXPECT_EQ(changes[0].actor, "rm-admin");
  EXPECT_EQ(changes[0].change_time, Micros(At(0)));
  // An inquiry publishes nothing.
  EXPECT_THAT(Events(), IsEmpty());
}

TEST_P(ServiceRequestContractTest, AComplaintPublishesComplaintOpenedWithIt) {
  ASSERT_OK(requests()
                .Create(SampleServiceRequest(1, CustomerId(1), 0, ServiceRequestType::kComplaint),
                        Key("r1", "f1"), encoder_, Write(0))
                .status());
  std::vector<events::OutboxEvent> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event_type, "ComplaintOpened");
  EXPECT_EQ(events[0].subject, Subject(CustomerId(1), 1));
  EXPECT_EQ(events[0].payload, "3");
  EXPECT_EQ(events[0].request_id, "req-1");
  EXPECT_EQ(Micros(events[0].occur_time), Micros(At(0)));
  EXPECT_FALSE(events[0].event_id.empty());
}

TEST_P(ServiceRequestContractTest, CreateIsIdempotentByKey) {
  const ServiceRequest first =
      SampleServiceRequest(1, CustomerId(1), 0, ServiceRequestType::kComplaint);
  ASSERT_OK(requests().Create(first, Key("r1", "f1"), encoder_, Write(0)).status());
  // A replay (the service gave it a new id and time) returns the first request.
  ASSERT_OK_AND_ASSIGN(
      ServiceRequest replay,
      requests().Create(SampleServiceRequest(2, CustomerId(1), 60, ServiceRequestType::kComplaint),
                        Key("r1", "f1"), encoder_, Write(60)));
  EXPECT_EQ(replay.service_request_id, ServiceRequestId(1));
  EXPECT_EQ(replay.create_time, Micros(At(0)));
  EXPECT_EQ(replay.revision, 1);

  absl::StatusOr<ServiceRequest> reused = requests().Create(
      SampleServiceRequest(3, CustomerId(1), 60), Key("r1", "other"), encoder_, Write(60));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");

  ASSERT_OK_AND_ASSIGN(Page<ServiceRequest> all, requests().List({}, {}));
  EXPECT_THAT(Ids(all), ElementsAre(ServiceRequestId(1)));
  EXPECT_EQ(Events().size(), 1u);
}

TEST_P(ServiceRequestContractTest, CreateRefusesATakenIdAndPublishesNothingForIt) {
  Store(SampleServiceRequest(1, CustomerId(1), 0));
  absl::StatusOr<ServiceRequest> taken =
      requests().Create(SampleServiceRequest(1, CustomerId(2), 60, ServiceRequestType::kComplaint),
                        Key("r2", "f2"), encoder_, Write(60));
  EXPECT_THAT(taken, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(taken.status()), "SERVICE_REQUEST_ALREADY_EXISTS");
  EXPECT_THAT(Events(), IsEmpty());
  ASSERT_OK_AND_ASSIGN(std::vector<ServiceRequestChange> changes,
                       requests().Changes(CustomerId(1), ServiceRequestId(1)));
  EXPECT_EQ(changes.size(), 1u);
  // The failed create did not claim its request id.
  ASSERT_OK_AND_ASSIGN(ServiceRequest retried,
                       requests().Create(SampleServiceRequest(2, CustomerId(2), 60),
                                         Key("r2", "f2"), encoder_, Write(60)));
  EXPECT_EQ(retried.service_request_id, ServiceRequestId(2));
}

TEST_P(ServiceRequestContractTest, AnotherCustomersRequestIsNotFound) {
  Store(SampleServiceRequest(1, CustomerId(1), 0));
  for (const auto& [customer, id] : {std::pair(CustomerId(2), ServiceRequestId(1)),
                                     std::pair(CustomerId(1), ServiceRequestId(9))}) {
    absl::StatusOr<ServiceRequest> got = requests().Get(customer, id);
    EXPECT_THAT(got, StatusIs(absl::StatusCode::kNotFound));
    EXPECT_EQ(ErrorReason(got.status()), "SERVICE_REQUEST_NOT_FOUND");
    absl::StatusOr<std::vector<ServiceRequestChange>> changes = requests().Changes(customer, id);
    EXPECT_THAT(changes, StatusIs(absl::StatusCode::kNotFound));
    EXPECT_EQ(ErrorReason(changes.status()), "SERVICE_REQUEST_NOT_FOUND");
    absl::StatusOr<ServiceRequest> updated =
        requests().UpdateStatus(customer, id, 0, ServiceRequestStatus::kInProgress, "", Write(60));
    EXPECT_THAT(updated, StatusIs(absl::StatusCode::kNotFound));
    EXPECT_EQ(ErrorReason(updated.status()), "SERVICE_REQUEST_NOT_FOUND");
  }
}

TEST_P(ServiceRequestContractTest, ListFiltersAndPagesNewestFirst) {
  Store(SampleServiceRequest(1, CustomerId(1), 0));
  Store(SampleServiceRequest(2, CustomerId(1), 10, ServiceRequestType::kComplaint, "rm-2"));
  Store(SampleServiceRequest(3, CustomerId(2), 20));
  Store(SampleServiceRequest(4, CustomerId(1), 30));
  // Same instant as 4: the id breaks the tie (descending).
  Store(SampleServiceRequest(5, CustomerId(1), 30));
  ASSERT_OK(requests()
                .UpdateStatus(CustomerId(1), ServiceRequestId(4), 1,
                              ServiceRequestStatus::kInProgress, "", Write(40))
                .status());

  ServiceRequestFilter customer1;
  customer1.customer_id = CustomerId(1);
  ASSERT_OK_AND_ASSIGN(Page<ServiceRequest> first, requests().List(customer1, {2, {}}));
  EXPECT_THAT(Ids(first), ElementsAre(ServiceRequestId(5), ServiceRequestId(4)));
  EXPECT_THAT(first.next_key, ElementsAre(TimeKey(Micros(At(30))), ServiceRequestId(4)));
  ASSERT_OK_AND_ASSIGN(Page<ServiceRequest> second,
                       requests().List(customer1, {2, first.next_key}));
  EXPECT_THAT(Ids(second), ElementsAre(ServiceRequestId(2), ServiceRequestId(1)));
  EXPECT_THAT(second.next_key, IsEmpty());

  ServiceRequestFilter rm1;
  rm1.assignee_manager_id = "rm-1";
  ASSERT_OK_AND_ASSIGN(Page<ServiceRequest> assigned, requests().List(rm1, {}));
  EXPECT_THAT(Ids(assigned), ElementsAre(ServiceRequestId(5), ServiceRequestId(4),
                                         ServiceRequestId(3), ServiceRequestId(1)));

  ServiceRequestFilter in_progress;
  in_progress.status = ServiceRequestStatus::kInProgress;
  ASSERT_OK_AND_ASSIGN(Page<ServiceRequest> working, requests().List(in_progress, {}));
  EXPECT_THAT(Ids(working), ElementsAre(ServiceRequestId(4)));

  ServiceRequestFilter complaints;
  complaints.type = ServiceRequestType::kComplaint;
  ASSERT_OK_AND_ASSIGN(Page<ServiceRequest> complained, requests().List(complaints, {}));
  EXPECT_THAT(Ids(complained), ElementsAre(ServiceRequestId(2)));
  complaints.customer_id = CustomerId(2);
  ASSERT_OK_AND_ASSIGN(Page<ServiceRequest> none, requests().List(complaints, {}));
  EXPECT_THAT(none.items, IsEmpty());

  EXPECT_THAT(requests().List(customer1, {2, {"not a time", ServiceRequestId(1)}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(requests().List(customer1, {2, {"rm-1"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(ServiceRequestContractTest, BreachedOnlyListsDeadlinesPassedUnmetAtNow) {
  const absl::Time now = At(5 * kHour);
  // 1: unanswered and OPEN past its response deadline: breached.
  Store(SampleServiceRequest(1, CustomerId(1), 0));
  // 2: unanswered, but its response deadline is later: not breached.
  ServiceRequest later = SampleServiceRequest(2, CustomerId(1), 1);
  later.response_due = At(10 * kHour);
  Store(later);
  // 3: answered in time, resolution still ahead: not breached.
  Store(SampleServiceRequest(3, CustomerId(1), 2));
  ASSERT_OK(requests()
                .UpdateStatus(CustomerId(1), ServiceRequestId(3), 0,
                              ServiceRequestStatus::kInProgress, "", Write(kHour))
                .status());
  // 4: answered late, then resolved: breached (its response came after the deadline).
  Store(SampleServiceRequest(4, CustomerId(1), 3));
  ASSERT_OK(requests()
                .UpdateStatus(CustomerId(1), ServiceRequestId(4), 0,
                              ServiceRequestStatus::kInProgress, "", Write(4 * kHour + 30))
                .status());
  ASSERT_OK(requests()
                .UpdateStatus(CustomerId(1), ServiceRequestId(4), 0,
                              ServiceRequestStatus::kResolved, "已更正", Write(4 * kHour + 60))
                .status());
  // 5: answered in time, unresolved past its resolution deadline: breached.
  ServiceRequest short_resolution = SampleServiceRequest(5, CustomerId(1), 4);
  short_resolution.resolution_due = At(4 * kHour + 1800);
  Store(short_resolution);
  ASSERT_OK(requests()
                .UpdateStatus(CustomerId(1), ServiceRequestId(5), 0,
                              ServiceRequestStatus::kInProgress, "", Write(kHour))
                .status());
  // 6: answered and resolved in time, resolution deadline since passed: not breached.
  ServiceRequest resolved = short_resolution;
  resolved.service_request_id = ServiceRequestId(6);
  resolved.create_time = At(5);
  Store(resolved);
  ASSERT_OK(requests()
                .UpdateStatus(CustomerId(1), ServiceRequestId(6), 0,
                              ServiceRequestStatus::kResolved, "已解释", Write(kHour))
                .status());
  // 7: its response deadline is `now` itself: met up to and including the instant.
  ServiceRequest boundary = SampleServiceRequest(7, CustomerId(1), 6);
  boundary.response_due = now;
  Store(boundary);

  ServiceRequestFilter breached;
  breached.breached_only = true;
  breached.now = now;
  ASSERT_OK_AND_ASSIGN(Page<ServiceRequest> page, requests().List(breached, {}));
  EXPECT_THAT(Ids(page),
              ElementsAre(ServiceRequestId(5), ServiceRequestId(4), ServiceRequestId(1)));

  // With the other filters.
  breached.status = ServiceRequestStatus::kOpen;
  ASSERT_OK_AND_ASSIGN(Page<ServiceRequest> open, requests().List(breached, {}));
  EXPECT_THAT(Ids(open), ElementsAre(ServiceRequestId(1)));
  // A microsecond later the boundary request is breached too.
  breached.now = now + absl::Microseconds(1);
  ASSERT_OK_AND_ASSIGN(Page<ServiceRequest> after, requests().List(breached, {}));
  EXPECT_THAT(Ids(after), ElementsAre(ServiceRequestId(7), ServiceRequestId(1)));
}

TEST_P(ServiceRequestContractTest, StatusChangesSetTheirTimesAndAreRecorded) {
  Store(SampleServiceRequest(1, CustomerId(1), 0));
  ASSERT_OK_AND_ASSIGN(
      ServiceRequest responded,
      requests().UpdateStatus(CustomerId(1), ServiceRequestId(1), 1,
                              ServiceRequestStatus::kInProgress, "已联系客户", Write(600)));
  EXPECT_EQ(responded.status, ServiceRequestStatus::kInProgress);
  EXPECT_EQ(responded.first_response_time, Micros(At(600)));
  EXPECT_EQ(responded.update_time, Micros(At(600)));
  EXPECT_EQ(responded.revision, 2);

  ASSERT_OK_AND_ASSIGN(
      ServiceRequest resolved,
      requests().UpdateStatus(CustomerId(1), ServiceRequestId(1), 0,
                              ServiceRequestStatus::kResolved, "已更正对账单", Write(1200)));
  EXPECT_EQ(resolved.resolve_time, Micros(At(1200)));
  EXPECT_EQ(resolved.resolution, "已更正对账单");
  EXPECT_EQ(resolved.first_response_time, Micros(At(600)));
  EXPECT_EQ(resolved.revision, 3);

  ASSERT_OK_AND_ASSIGN(
      ServiceRequest reopened,
      requests().UpdateStatus(CustomerId(1), ServiceRequestId(1), 3,
                              ServiceRequestStatus::kInProgress, "客户仍有疑问", Write(1800)));
  EXPECT_EQ(reopened.resolve_time, std::nullopt);
  EXPECT_EQ(reopened.resolution, "");
  EXPECT_EQ(reopened.first_response_time, Micros(At(600)));

  ASSERT_OK(requests()
                .UpdateStatus(CustomerId(1), ServiceRequestId(1), 0,
                              ServiceRequestStatus::kResolved, "已重新出具对账单", Write(2400))
                .status());
  ASSERT_OK_AND_ASSIGN(ServiceRequest closed,
                       requests().UpdateStatus(CustomerId(1), ServiceRequestId(1), 5,
                                               ServiceRequestStatus::kClosed, "", Write(3000)));
  EXPECT_EQ(closed.status, ServiceRequestStatus::kClosed);
  EXPECT_EQ(closed.resolution, "已重新出具对账单");
  EXPECT_EQ(closed.resolve_time, Micros(At(2400)));
  EXPECT_EQ(closed.revision, 6);

  ASSERT_OK_AND_ASSIGN(ServiceRequest got, requests().Get(CustomerId(1), ServiceRequestId(1)));
  EXPECT_EQ(got.status, closed.status);
  EXPECT_EQ(got.resolution, closed.resolution);
  EXPECT_EQ(got.resolve_time, closed.resolve_time);
  EXPECT_EQ(got.first_response_time, closed.first_response_time);
  EXPECT_EQ(got.update_time, Micros(At(3000)));
  EXPECT_EQ(got.revision, 6);

  ASSERT_OK_AND_ASSIGN(std::vector<ServiceRequestChange> changes,
                       requests().Changes(CustomerId(1), ServiceRequestId(1)));
  ASSERT_EQ(changes.size(), 6u);
  using S = ServiceRequestStatus;
  const std::vector<std::tuple<std::string, S, S, std::string, absl::Time>> expected = {
      {"created", S::kUnspecified, S::kOpen, "", Micros(At(0))},
      {"status", S::kOpen, S::kInProgress, "已联系客户", Micros(At(600))},
      {"status", S::kInProgress, S::kResolved, "已更正对账单", Micros(At(1200))},
      {"status", S::kResolved, S::kInProgress, "客户仍有疑问", Micros(At(1800))},
      {"status", S::kInProgress, S::kResolved, "已重新出具对账单", Micros(At(2400))},
      {"status", S::kResolved, S::kClosed, "", Micros(At(3000))}};
  for (size_t i = 0; i < changes.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(std::tie(changes[i].action, changes[i].from_status, changes[i].to_status,
                       changes[i].note, changes[i].change_time),
              expected[i]);
    EXPECT_EQ(changes[i].actor, "rm-admin");
    if (i > 0) {
      EXPECT_GT(changes[i].change_id, changes[i - 1].change_id);
    }
  }
}

TEST_P(ServiceRequestContractTest, ResolvingStraightFromOpenIsTheFirstResponse) {
  Store(SampleServiceRequest(1, CustomerId(1), 0));
  ASSERT_OK_AND_ASSIGN(
      ServiceRequest resolved,
      requests().UpdateStatus(CustomerId(1), ServiceRequestId(1), 0,
                              ServiceRequestStatus::kResolved, "电话中已解答", Write(300)));
  EXPECT_EQ(resolved.first_response_time, Micros(At(300)));
  EXPECT_EQ(resolved.resolve_time, Micros(At(300)));
}

TEST_P(ServiceRequestContractTest, RefusedStatusChangesFailInOrderAndChangeNothing) {
  Store(SampleServiceRequest(1, CustomerId(1), 0));
  // A stale revision is reported before the change itself is judged.
  absl::StatusOr<ServiceRequest> stale = requests().UpdateStatus(
      CustomerId(1), ServiceRequestId(1), 5, ServiceRequestStatus::kClosed, "", Write(60));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");

  absl::StatusOr<ServiceRequest> skipped = requests().UpdateStatus(
      CustomerId(1), ServiceRequestId(1), 1, ServiceRequestStatus::kClosed, "", Write(60));
  EXPECT_THAT(skipped, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(skipped.status()), "INVALID_STATUS_CHANGE");

  EXPECT_THAT(requests().UpdateStatus(CustomerId(1), ServiceRequestId(1), 1,
                                      ServiceRequestStatus::kResolved, "  ", Write(60)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(requests().UpdateStatus(CustomerId(1), ServiceRequestId(1), 1,
                                      ServiceRequestStatus::kOpen, "", Write(60)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(requests().UpdateStatus(CustomerId(1), ServiceRequestId(1), 1,
                                      ServiceRequestStatus::kUnspecified, "", Write(60)),
              StatusIs(absl::StatusCode::kInvalidArgument));

  ASSERT_OK_AND_ASSIGN(ServiceRequest got, requests().Get(CustomerId(1), ServiceRequestId(1)));
  EXPECT_EQ(got.status, ServiceRequestStatus::kOpen);
  EXPECT_EQ(got.revision, 1);
  EXPECT_EQ(got.first_response_time, std::nullopt);
  EXPECT_EQ(got.update_time, Micros(At(0)));
  ASSERT_OK_AND_ASSIGN(std::vector<ServiceRequestChange> changes,
                       requests().Changes(CustomerId(1), ServiceRequestId(1)));
  EXPECT_EQ(changes.size(), 1u);
}

TEST_P(ServiceRequestContractTest, EscalationRaisesOneLevelPerPassedDeadline) {
  Store(SampleServiceRequest(1, CustomerId(1), 0, ServiceRequestType::kComplaint));
  // The response deadline is met up to and including its instant.
  ASSERT_OK_AND_ASSIGN(int at_deadline, requests().EscalateDue(10, encoder_, Sweep(4 * kHour)));
  EXPECT_EQ(at_deadline, 0);

  ASSERT_OK_AND_ASSIGN(int first, requests().EscalateDue(10, encoder_, Sweep(4 * kHour + 1)));
  EXPECT_EQ(first, 1);
  ASSERT_OK_AND_ASSIGN(ServiceRequest level1, requests().Get(CustomerId(1), ServiceRequestId(1)));
  EXPECT_EQ(level1.escalation_level, 1);
  EXPECT_EQ(level1.status, ServiceRequestStatus::kOpen);
  EXPECT_EQ(level1.revision, 2);
  EXPECT_EQ(level1.update_time, Micros(At(4 * kHour + 1)));

  ASSERT_OK_AND_ASSIGN(int again, requests().EscalateDue(10, encoder_, Sweep(4 * kHour + 2)));
  EXPECT_EQ(again, 0);

  ASSERT_OK_AND_ASSIGN(int second, requests().EscalateDue(10, encoder_, Sweep(48 * kHour + 1)));
  EXPECT_EQ(second, 1);
  ASSERT_OK_AND_ASSIGN(int ceiling, requests().EscalateDue(10, encoder_, Sweep(100 * kHour)));
  EXPECT_EQ(ceiling, 0);
  ASSERT_OK_AND_ASSIGN(ServiceRequest level2, requests().Get(CustomerId(1), ServiceRequestId(1)));
  EXPECT_EQ(level2.escalation_level, 2);
  EXPECT_EQ(level2.revision, 3);

  EXPECT_THAT(EventsOfType(Events(), "SlaBreached"),
              ElementsAre(Subject(CustomerId(1), 1) + " response|1",
                          Subject(CustomerId(1), 1) + " resolution|2"));
  ASSERT_OK_AND_ASSIGN(std::vector<ServiceRequestChange> changes,
                       requests().Changes(CustomerId(1), ServiceRequestId(1)));
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[1].action, "escalated");
  EXPECT_EQ(changes[1].escalation_level, 1);
  EXPECT_EQ(changes[1].note, "response");
  EXPECT_EQ(changes[1].actor, "system:sla-sweep");
  EXPECT_EQ(changes[1].change_time, Micros(At(4 * kHour + 1)));
  EXPECT_EQ(changes[1].from_status, ServiceRequestStatus::kOpen);
  EXPECT_EQ(changes[1].to_status, ServiceRequestStatus::kOpen);
  EXPECT_EQ(changes[2].action, "escalated");
  EXPECT_EQ(changes[2].escalation_level, 2);
  EXPECT_EQ(changes[2].note, "resolution");
}

TEST_P(ServiceRequestContractTest, OneSweepTakesOneStepEvenWhenBothDeadlinesPassed) {
  Store(SampleServiceRequest(1, CustomerId(1), 0));
  ASSERT_OK_AND_ASSIGN(int first, requests().EscalateDue(10, encoder_, Sweep(50 * kHour)));
  EXPECT_EQ(first, 1);
  ASSERT_OK_AND_ASSIGN(ServiceRequest level1, requests().Get(CustomerId(1), ServiceRequestId(1)));
  EXPECT_EQ(level1.escalation_level, 1);
  ASSERT_OK_AND_ASSIGN(int second, requests().EscalateDue(10, encoder_, Sweep(50 * kHour)));
  EXPECT_EQ(second, 1);
  ASSERT_OK_AND_ASSIGN(int third, requests().EscalateDue(10, encoder_, Sweep(50 * kHour)));
  EXPECT_EQ(third, 0);
  EXPECT_THAT(EventsOfType(Events(), "SlaBreached"),
              ElementsAre(Subject(CustomerId(1), 1) + " response|1",
                          Subject(CustomerId(1), 1) + " resolution|2"));
}

TEST_P(ServiceRequestContractTest, MetDeadlinesAreNotEscalated) {
  // Answered in time: never escalated for the response, straight to 2 when unresolved late.
  Store(SampleServiceRequest(1, CustomerId(1), 0));
  ASSERT_OK(requests()
                .UpdateStatus(CustomerId(1), ServiceRequestId(1), 0,
                              ServiceRequestStatus::kInProgress, "", Write(kHour))
                .status());
  // Resolved in time, and closed: never escalated.
  Store(SampleServiceRequest(2, CustomerId(1), 0));
  ASSERT_OK(requests()
                .UpdateStatus(CustomerId(1), ServiceRequestId(2), 0,
                              ServiceRequestStatus::kResolved, "已解答", Write(kHour))
                .status());
  Store(SampleServiceRequest(3, CustomerId(1), 0));
  ASSERT_OK(requests()
                .UpdateStatus(CustomerId(1), ServiceRequestId(3), 0,
                              ServiceRequestStatus::kResolved, "已解答", Write(kHour))
                .status());
  ASSERT_OK(requests()
                .UpdateStatus(CustomerId(1), ServiceRequestId(3), 0, ServiceRequestStatus::kClosed,
                              "", Write(2 * kHour))
                .status());

  ASSERT_OK_AND_ASSIGN(int after_response, requests().EscalateDue(10, encoder_, Sweep(5 * kHour)));
  EXPECT_EQ(after_response, 0);
  ASSERT_OK_AND_ASSIGN(int after_resolution,
                       requests().EscalateDue(10, encoder_, Sweep(49 * kHour)));
  EXPECT_EQ(after_resolution, 1);
  ASSERT_OK_AND_ASSIGN(ServiceRequest late, requests().Get(CustomerId(1), ServiceRequestId(1)));
  EXPECT_EQ(late.escalation_level, 2);
  EXPECT_THAT(EventsOfType(Events(), "SlaBreached"),
              ElementsAre(Subject(CustomerId(1), 1) + " resolution|2"));
  ASSERT_OK_AND_ASSIGN(int later, requests().EscalateDue(10, encoder_, Sweep(500 * kHour)));
  EXPECT_EQ(later, 0);
}

TEST_P(ServiceRequestContractTest, EscalationStopsAtTheLimitMostOverdueFirst) {
  const int64_t hours[] = {3, 1, 2, 10};
  for (int n = 1; n <= 4; ++n) {
    ServiceRequest r = SampleServiceRequest(n, CustomerId(1), n);
    r.response_due = At(hours[n - 1] * kHour);
    Store(r);
  }
  ASSERT_OK_AND_ASSIGN(int two, requests().EscalateDue(2, encoder_, Sweep(5 * kHour)));
  EXPECT_EQ(two, 2);
  ASSERT_OK_AND_ASSIGN(int rest, requests().EscalateDue(10, encoder_, Sweep(5 * kHour + 1)));
  EXPECT_EQ(rest, 1);
  EXPECT_THAT(EventsOfType(Events(), "SlaBreached"),
              ElementsAre(Subject(CustomerId(1), 2) + " response|1",
                          Subject(CustomerId(1), 3) + " response|1",
                          Subject(CustomerId(1), 1) + " response|1"));
  ASSERT_OK_AND_ASSIGN(ServiceRequest not_yet, requests().Get(CustomerId(1), ServiceRequestId(4)));
  EXPECT_EQ(not_yet.escalation_level, 0);
  ASSERT_OK_AND_ASSIGN(int nothing, requests().EscalateDue(0, encoder_, Sweep(50 * kHour)));
  EXPECT_EQ(nothing, 0);
}

}  // namespace
}  // namespace ccrm::relationship
