#include "services/relationship-service/api/proto_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "common/wire/money_time_mapping.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/message_differencer.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kCustomerId[] = "0193a0f1-0000-7000-8000-000000000001";
constexpr char kOtherCustomerId[] = "0193a0f1-0000-7000-8000-000000000002";
constexpr char kInteractionId[] = "0193e000-0000-7000-8000-0000000000d1";
constexpr char kEngagementId[] = "0193e100-0000-7000-8000-0000000000e2";
constexpr char kRequestId[] = "0193e200-0000-7000-8000-0000000000f3";
constexpr char kSurveyId[] = "0193e300-0000-7000-8000-0000000000a4";
constexpr char kTaskId[] = "0193e400-0000-7000-8000-0000000000b5";
constexpr char kManagerId[] = "rm-042";

const absl::Time kCreated =
    absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 15, 30), absl::UTCTimeZone()) +
    absl::Milliseconds(125);
const absl::Time kLater = kCreated + absl::Hours(50) + absl::Nanoseconds(7);
const absl::CivilDay kToday(2026, 3, 10);

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return ::ccrm::FromProto(timestamp);
}

absl::CivilDay DayOf(const common::v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

MATCHER_P(IsOkAndHolds, expected, "is OK and holds the expected value") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return *arg == expected;
}

// The field paths of the violations attached to `status`.
std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

template <typename T>
std::vector<std::string> ViolatedFields(const absl::StatusOr<T>& result) {
  return ViolatedFields(result.status());
}

// Fields of `message` (not recursing) that hold their default, i.e. that ToProto left unset.
std::vector<std::string> UnsetFields(const google::protobuf::Message& message) {
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<std::string> unset;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    const bool set = field->is_repeated() ? reflection->FieldSize(message, field) > 0
                                          : reflection->HasField(message, field);
    if (!set) {
      unset.push_back(field->name());
    }
  }
  return unset;
}

// ---- Enums ----

template <typename Domain, typename Proto>
using EnumPairs = std::vector<std::pair<Domain, Proto>>;

// Every pair maps both ways, and the pairs cover every value the proto enum defines.
template <typename Domain, typename Proto>
void ExpectBothWays(const EnumPairs<Domain, Proto>& pairs,
                    const google::protobuf::EnumDescriptor* descriptor) {
  ASSERT_EQ(pairs.size(), static_cast<size_t>(descriptor->value_count())) << descriptor->name();
  for (const auto& [domain, proto] : pairs) {
    const std::string name = descriptor->FindValueByNumber(proto)->name();
    EXPECT_EQ(ToProto(domain), proto) << name;
    EXPECT_THAT(FromProto(proto, "field"), IsOkAndHolds(domain)) << name;
  }
}

TEST(EnumMappingTest, SegmentEveryValueBothWays) {
  ExpectBothWays<Segment, v1::Segment>(
      {{Segment::kUnspecified, v1::SEGMENT_UNSPECIFIED},
       {Segment::kKey, v1::SEGMENT_KEY},
       {Segment::kSme, v1::SEGMENT_SME},
       {Segment::kFirstTimeBorrower, v1::SEGMENT_FIRST_TIME_BORROWER}},
      v1::Segment_descriptor());
}

TEST(EnumMappingTest, InteractionKindEveryValueBothWays) {
  ExpectBothWays<InteractionKind, v1::InteractionKind>(
      {{InteractionKind::kUnspecified, v1::INTERACTION_KIND_UNSPECIFIED},
       {InteractionKind::kVisit, v1::INTERACTION_KIND_VISIT},
       {InteractionKind::kCall, v1::INTERACTION_KIND_CALL},
       {InteractionKind::kEmail, v1::INTERACTION_KIND_EMAIL},
       {InteractionKind::kMeeting, v1::INTERACTION_KIND_MEETING},
       {InteractionKind::kSiteInspection, v1::INTERACTION_KIND_SITE_INSPECTION}},
      v1::InteractionKind_descriptor());
}

TEST(EnumMappingTest, EngagementKindEveryValueBothWays) {
  ExpectBothWays<EngagementKind, v1::EngagementKind>(
      {{EngagementKind::kUnspecified, v1::ENGAGEMENT_KIND_UNSPECIFIED},
       {EngagementKind::kProjectProgressMeeting, v1::ENGAGEMENT_KIND_PROJECT_PROGRESS_MEETING},
       {EngagementKind::kFinancialAnalysisMeeting, v1::ENGAGEMENT_KIND_FINANCIAL_ANALYSIS_MEETING},
       {EngagementKind::kRelationshipVisit, v1::ENGAGEMENT_KIND_RELATIONSHIP_VISIT},
       {EngagementKind::kSiteInspection, v1::ENGAGEMENT_KIND_SITE_INSPECTION},
       {EngagementKind::kOnboardingSession, v1::ENGAGEMENT_KIND_ONBOARDING_SESSION},
       {EngagementKind::kCourtesyCall, v1::ENGAGEMENT_KIND_COURTESY_CALL}},
      v1::EngagementKind_descriptor());
}

TEST(EnumMappingTest, EngagementStatusEveryValueBothWays) {
  ExpectBothWays<EngagementStatus, v1::EngagementStatus>(
      {{EngagementStatus::kUnspecified, v1::ENGAGEMENT_STATUS_UNSPECIFIED},
       {EngagementStatus::kUpcoming, v1::ENGAGEMENT_STATUS_UPCOMING},
       {EngagementStatus::kDue, v1::ENGAGEMENT_STATUS_DUE},
       {EngagementStatus::kOverdue, v1::ENGAGEMENT_STATUS_OVERDUE},
       {EngagementStatus::kCompleted, v1::ENGAGEMENT_STATUS_COMPLETED},
       {EngagementStatus::kMissed, v1::ENGAGEMENT_STATUS_MISSED}},
      v1::EngagementStatus_descriptor());
}

TEST(EnumMappingTest, ServiceRequestTypeEveryValueBothWays) {
  ExpectBothWays<ServiceRequestType, v1::ServiceRequestType>(
      {{ServiceRequestType::kUnspecified, v1::SERVICE_REQUEST_TYPE_UNSPECIFIED},
       {ServiceRequestType::kInquiry, v1::SERVICE_REQUEST_TYPE_INQUIRY},
       {ServiceRequestType::kComplaint, v1::SERVICE_REQUEST_TYPE_COMPLAINT}},
      v1::ServiceRequestType_descriptor());
}

TEST(EnumMappingTest, PriorityEveryValueBothWays) {
  ExpectBothWays<Priority, v1::Priority>({{Priority::kUnspecified, v1::PRIORITY_UNSPECIFIED},
                                          {Priority::kLow, v1::PRIORITY_LOW},
                                          {Priority::kMedium, v1::PRIORITY_MEDIUM},
                                          {Priority::kHigh, v1::PRIORITY_HIGH},
                                          {Priority::kUrgent, v1::PRIORITY_URGENT}},
                                         v1::Priority_descriptor());
}

TEST(EnumMappingTest, ServiceRequestStatusEveryValueBothWays) {
  ExpectBothWays<ServiceRequestStatus, v1::ServiceRequestStatus>(
      {{ServiceRequestStatus::kUnspecified, v1::SERVICE_REQUEST_STATUS_UNSPECIFIED},
       {ServiceRequestStatus::kOpen, v1::SERVICE_REQUEST_STATUS_OPEN},
       {ServiceRequestStatus::kInProgress, v1::SERVICE_REQUEST_STATUS_IN_PROGRESS},
       {ServiceRequestStatus::kResolved, v1::SERVICE_REQUEST_STATUS_RESOLVED},
       {ServiceRequestStatus::kClosed, v1::SERVICE_REQUEST_STATUS_CLOSED}},
      v1::ServiceRequestStatus_descriptor());
}

TEST(EnumMappingTest, TaskStatusEveryValueBothWays) {
  ExpectBothWays<TaskStatus, v1::TaskStatus>(
      {{TaskStatus::kUnspecified, v1::TASK_STATUS_UNSPECIFIED},
       {TaskStatus::kOpen, v1::TASK_STATUS_OPEN},
       {TaskStatus::kDone, v1::TASK_STATUS_DONE}},
      v1::TaskStatus_descriptor());
}

// An unknown number is one violation on exactly the given field, saying which number.
template <typename Proto>
void ExpectUnknown(int number, const std::string& field) {
  const auto read = FromProto(static_cast<Proto>(number), field);
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument)) << field << " " << number;
  const std::vector<FieldViolation> violations = FieldViolationsOf(read.status());
  ASSERT_EQ(violations.size(), 1u) << field;
  EXPECT_EQ(violations[0].field, field);
  EXPECT_EQ(violations[0].description, "unknown enum value " + std::to_string(number));
}

TEST(EnumMappingTest, UnknownNumbersAreViolationsOnTheField) {
  ExpectUnknown<v1::Segment>(4, "segment");
  ExpectUnknown<v1::Segment>(-1, "segment");
  ExpectUnknown<v1::InteractionKind>(6, "interaction.kind");
  ExpectUnknown<v1::EngagementKind>(7, "kind");
  ExpectUnknown<v1::EngagementStatus>(6, "status");
  ExpectUnknown<v1::EngagementStatus>(-5, "status");
  ExpectUnknown<v1::ServiceRequestType>(3, "service_request.type");
  ExpectUnknown<v1::Priority>(5, "service_request.priority");
  ExpectUnknown<v1::ServiceRequestStatus>(99, "status");
  ExpectUnknown<v1::TaskStatus>(3, "status");
}

// ---- Managers and assignments ----

RelationshipManager FullManager() {
  RelationshipManager m;
  m.manager_id = kManagerId;
  m.display_name = "李雷";
  m.branch = "shanghai-pudong";
  m.email = "li.lei@bank.example";
  m.active = true;
  m.max_portfolio_size = 40;
  m.create_time = kCreated;
  m.update_time = kLater;
  m.revision = 3;
  return m;
}

TEST(ManagerMappingTest, ToProtoFillsEveryField) {
  v1::RelationshipManager out;
  ToProto(FullManager(), &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.name(), "relationshipManagers/rm-042");
  EXPECT_EQ(out.manager_id(), kManagerId);
  EXPECT_EQ(out.display_name(), "李雷");
  EXPECT_EQ(out.branch(), "shanghai-pudong");
  EXPECT_EQ(out.email(), "li.lei@bank.example");
  EXPECT_TRUE(out.active());
  EXPECT_EQ(out.max_portfolio_size(), 40);
  EXPECT_EQ(TimeOf(out.create_time()), kCreated);
  EXPECT_EQ(TimeOf(out.update_time()), kLater);
  EXPECT_EQ(out.etag(), "r3");
}

TEST(ManagerMappingTest, InactiveManager) {
  RelationshipManager inactive = FullManager();
  inactive.active = false;
  v1::RelationshipManager out;
  ToProto(inactive, &out);
  EXPECT_FALSE(out.active());
}

TEST(ManagerMappingTest, FromProtoReadsWhatAClientMaySetAndANewManagerIsActive) {
  v1::RelationshipManager wire;
  ToProto(FullManager(), &wire);
  wire.set_active(false);
  ASSERT_OK_AND_ASSIGN(RelationshipManager read, FromProto(wire, "manager"));
  EXPECT_EQ(read.manager_id, kManagerId);
  EXPECT_EQ(read.display_name, "李雷");
  EXPECT_EQ(read.branch, "shanghai-pudong");
  EXPECT_EQ(read.email, "li.lei@bank.example");
  EXPECT_EQ(read.max_portfolio_size, 40);
  // Output-only: the wire said inactive, times and etag; a new manager is active, the rest the
  // domain's defaults.
  const RelationshipManager defaults;
  EXPECT_TRUE(read.active);
  EXPECT_EQ(read.create_time, defaults.create_time);
  EXPECT_EQ(read.update_time, defaults.update_time);
  EXPECT_EQ(read.revision, defaults.revision);
}

TEST(AssignmentMappingTest, ToProtoFillsEveryField) {
  Assignment a{kCustomerId,  kManagerId, true,     Segment::kKey,
               "onboarding", "admin-1",  kCreated, kLater};
  v1::Assignment out;
  ToProto(a, &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.manager_id(), kManagerId);
  EXPECT_TRUE(out.dedicated());
  EXPECT_EQ(out.segment(), v1::SEGMENT_KEY);
  EXPECT_EQ(out.reason(), "onboarding");
  EXPECT_EQ(out.assigned_by(), "admin-1");
  EXPECT_EQ(TimeOf(out.start_time()), kCreated);
  EXPECT_EQ(TimeOf(out.end_time()), kLater);
}

TEST(AssignmentMappingTest, CurrentAssignmentHasNoEndTime) {
  Assignment a{kCustomerId, kManagerId, false, Segment::kSme, "", "admin-1", kCreated, {}};
  v1::Assignment out;
  ToProto(a, &out);
  EXPECT_FALSE(out.has_end_time());
  EXPECT_EQ(out.segment(), v1::SEGMENT_SME);
  EXPECT_FALSE(out.dedicated());
}

// ---- Interactions ----

Interaction FullInteraction() {
  Interaction i;
  i.interaction_id = kInteractionId;
  i.customer_id = kCustomerId;
  i.kind = InteractionKind::kSiteInspection;
  i.occur_time = kCreated;
  i.manager_id = kManagerId;
  i.participants = {"财务总监 王某", "CEO Zhang"};
  i.summary = "Visited the new plant";
  i.outcome = "Line 2 running at 80%";
  i.next_steps = "Send the Q2 projections";
  i.confidential = true;
  i.redacted = true;
  i.engagement_id = kEngagementId;
  i.created_by = "rm-043";
  i.create_time = kLater;
  return i;
}

std::string EngagementName(const std::string& customer_id, const std::string& engagement_id) {
  return "customers/" + customer_id + "/engagements/" + engagement_id;
}

TEST(InteractionMappingTest, ToProtoFillsEveryField) {
  v1::Interaction out;
  ToProto(FullInteraction(), &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.name(),
            std::string("customers/") + kCustomerId + "/interactions/" + kInteractionId);
  EXPECT_EQ(out.interaction_id(), kInteractionId);
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.kind(), v1::INTERACTION_KIND_SITE_INSPECTION);
  EXPECT_EQ(TimeOf(out.occur_time()), kCreated);
  EXPECT_EQ(out.manager_id(), kManagerId);
  EXPECT_THAT(out.participants(), ElementsAre("财务总监 王某", "CEO Zhang"));
  EXPECT_EQ(out.summary(), "Visited the new plant");
  EXPECT_EQ(out.outcome(), "Line 2 running at 80%");
  EXPECT_EQ(out.next_steps(), "Send the Q2 projections");
  EXPECT_TRUE(out.confidential());
  EXPECT_TRUE(out.redacted());
  EXPECT_EQ(out.engagement(), EngagementName(kCustomerId, kEngagementId));
  EXPECT_EQ(out.created_by(), "rm-043");
  EXPECT_EQ(TimeOf(out.create_time()), kLater);
}

TEST(InteractionMappingTest, NoEngagementLeavesItEmpty) {
  Interaction i = FullInteraction();
  i.engagement_id.clear();
  v1::Interaction out;
  ToProto(i, &out);
  EXPECT_EQ(out.engagement(), "");
}

TEST(InteractionMappingTest, RoundTripsAndOutputOnlyFieldsAreIgnored) {
  v1::Interaction wire;
  ToProto(FullInteraction(), &wire);
  ASSERT_OK_AND_ASSIGN(Interaction read, FromProto(wire, kCustomerId, "interaction"));
  EXPECT_EQ(read.kind, InteractionKind::kSiteInspection);
  EXPECT_EQ(read.occur_time, kCreated);
  EXPECT_EQ(read.manager_id, kManagerId);
  EXPECT_THAT(read.participants, ElementsAre("财务总监 王某", "CEO Zhang"));
  EXPECT_EQ(read.summary, "Visited the new plant");
  EXPECT_EQ(read.outcome, "Line 2 running at 80%");
  EXPECT_EQ(read.next_steps, "Send the Q2 projections");
  EXPECT_TRUE(read.confidential);
  EXPECT_EQ(read.engagement_id, kEngagementId);
  // Identity and output-only fields are the domain's defaults whatever the request said.
  const Interaction defaults;
  EXPECT_EQ(read.interaction_id, "");
  EXPECT_EQ(read.customer_id, "");
  EXPECT_FALSE(read.redacted);
  EXPECT_EQ(read.created_by, "");
  EXPECT_EQ(read.create_time, defaults.create_time);

  // Identity restored, the interaction maps back to exactly the same message.
  read.interaction_id = kInteractionId;
  read.customer_id = kCustomerId;
  read.redacted = true;
  read.created_by = "rm-043";
  read.create_time = kLater;
  v1::Interaction again;
  ToProto(read, &again);
  EXPECT_TRUE(MessageDifferencer::Equals(again, wire)) << again.DebugString();
}

TEST(InteractionMappingTest, EmptyEngagementAndAbsentOccurTimeAreLeftToTheDomain) {
  v1::Interaction wire;
  wire.set_kind(v1::INTERACTION_KIND_CALL);
  wire.set_summary("Called about the renewal");
  ASSERT_OK_AND_ASSIGN(Interaction read, FromProto(wire, kCustomerId, "interaction"));
  EXPECT_EQ(read.engagement_id, "");
  // The unset instant, which ValidateInteraction refuses as "must be set".
  EXPECT_EQ(read.occur_time, absl::Time());
  EXPECT_EQ(read.kind, InteractionKind::kCall);
}

TEST(InteractionMappingTest, UnspecifiedKindIsLeftToTheDomain) {
  v1::Interaction wire;
  ASSERT_OK_AND_ASSIGN(Interaction read, FromProto(wire, kCustomerId, "interaction"));
  EXPECT_EQ(read.kind, InteractionKind::kUnspecified);
}

TEST(InteractionMappingTest, EngagementIdIsReadLowerCased) {
  v1::Interaction wire;
  wire.set_engagement(
      "customers/0193A0F1-0000-7000-8000-000000000001/engagements/"
      "0193E100-0000-7000-8000-0000000000E2");
  ASSERT_OK_AND_ASSIGN(Interaction read, FromProto(wire, kCustomerId, "interaction"));
  EXPECT_EQ(read.engagement_id, kEngagementId);
}

TEST(InteractionMappingTest, AnotherCustomersEngagementIsAViolation) {
  v1::Interaction wire;
  ToProto(FullInteraction(), &wire);
  wire.set_engagement(EngagementName(kOtherCustomerId, kEngagementId));
  const absl::StatusOr<Interaction> read = FromProto(wire, kCustomerId, "interaction");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(read), ElementsAre("interaction.engagement"));
}

TEST(InteractionMappingTest, MalformedEngagementNamesAreViolations) {
  for (const std::string& name :
       {std::string("engagements/") + kEngagementId,
        std::string("customers/") + kCustomerId + "/interactions/" + kEngagementId,
        std::string("customers/") + kCustomerId + "/engagements/e-1",
        EngagementName(kCustomerId, kEngagementId) + "/"}) {
    v1::Interaction wire;
    wire.set_engagement(name);
    const absl::StatusOr<Interaction> read = FromProto(wire, kCustomerId, "interaction");
    EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument)) << name;
    EXPECT_THAT(ViolatedFields(read), ElementsAre("interaction.engagement")) << name;
  }
}

TEST(InteractionMappingTest, MalformedOccurTimeIsAViolation) {
  v1::Interaction wire;
  ToProto(FullInteraction(), &wire);
  wire.mutable_occur_time()->set_nanos(-1);
  EXPECT_THAT(ViolatedFields(FromProto(wire, kCustomerId, "interaction")),
              ElementsAre("interaction.occur_time.nanos"));
  wire.mutable_occur_time()->set_nanos(0);
  wire.mutable_occur_time()->set_seconds(int64_t{300000000000});
  EXPECT_THAT(ViolatedFields(FromProto(wire, kCustomerId, "interaction")),
              ElementsAre("interaction.occur_time.seconds"));
}

TEST(InteractionMappingTest, EveryProblemIsReportedAtOnce) {
  v1::Interaction wire;
  ToProto(FullInteraction(), &wire);
  wire.set_kind(static_cast<v1::InteractionKind>(17));
  wire.mutable_occur_time()->set_nanos(1000000000);
  wire.set_engagement(EngagementName(kOtherCustomerId, kEngagementId));
  const absl::StatusOr<Interaction> read = FromProto(wire, kCustomerId, "interaction");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(read),
              UnorderedElementsAre("interaction.kind", "interaction.occur_time.nanos",
                                   "interaction.engagement"));
}

// ---- Engagements ----

TEST(EngagementTemplateMappingTest, ToProtoFillsEveryField) {
  EngagementTemplate t;
  t.template_id = "key-customer";
  t.segment = Segment::kKey;
  t.description = "Key customers: monthly progress, quarterly financials";
  t.cadences = {EngagementCadence{EngagementKind::kProjectProgressMeeting, 1, 30, 0},
                EngagementCadence{EngagementKind::kFinancialAnalysisMeeting, 3, 45, 4}};
  t.grace_days = 10;
  v1::EngagementTemplate out;
  ToProto(t, &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.name(), "engagementTemplates/key-customer");
  EXPECT_EQ(out.template_id(), "key-customer");
  EXPECT_EQ(out.segment(), v1::SEGMENT_KEY);
  EXPECT_EQ(out.description(), "Key customers: monthly progress, quarterly financials");
  ASSERT_EQ(out.cadences_size(), 2);
  EXPECT_EQ(out.cadences(0).kind(), v1::ENGAGEMENT_KIND_PROJECT_PROGRESS_MEETING);
  EXPECT_EQ(out.cadences(0).interval_months(), 1);
  EXPECT_EQ(out.cadences(0).first_due_days(), 30);
  EXPECT_EQ(out.cadences(0).occurrences(), 0);
  EXPECT_EQ(out.cadences(1).kind(), v1::ENGAGEMENT_KIND_FINANCIAL_ANALYSIS_MEETING);
  EXPECT_EQ(out.cadences(1).interval_months(), 3);
  EXPECT_EQ(out.cadences(1).first_due_days(), 45);
  EXPECT_EQ(out.cadences(1).occurrences(), 4);
  EXPECT_EQ(out.grace_days(), 10);
}

TEST(EngagementTemplateMappingTest, ShippedTemplatesMap) {
  for (const EngagementTemplate& t : DefaultTemplates()) {
    v1::EngagementTemplate out;
    ToProto(t, &out);
    EXPECT_EQ(out.name(), "engagementTemplates/" + t.template_id);
    EXPECT_EQ(out.cadences_size(), static_cast<int>(t.cadences.size()));
    EXPECT_NE(out.segment(), v1::SEGMENT_UNSPECIFIED) << t.template_id;
  }
}

Engagement CompletedEngagement() {
  Engagement e;
  e.engagement_id = kEngagementId;
  e.customer_id = kCustomerId;
  e.kind = EngagementKind::kFinancialAnalysisMeeting;
  e.due_date = absl::CivilDay(2026, 3, 5);
  e.manager_id = kManagerId;
  e.template_id = "key-customer";
  e.grace_days = 14;
  e.state = EngagementState::kCompleted;
  e.completed_by = kInteractionId;
  e.complete_time = kCreated;
  e.create_time = kCreated - absl::Hours(24 * 60);
  return e;
}

TEST(EngagementMappingTest, ToProtoFillsEveryField) {
  v1::Engagement out;
  ToProto(CompletedEngagement(), kToday, &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.name(), EngagementName(kCustomerId, kEngagementId));
  EXPECT_EQ(out.engagement_id(), kEngagementId);
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.kind(), v1::ENGAGEMENT_KIND_FINANCIAL_ANALYSIS_MEETING);
  EXPECT_EQ(DayOf(out.due_date()), absl::CivilDay(2026, 3, 5));
  EXPECT_EQ(out.manager_id(), kManagerId);
  EXPECT_EQ(out.status(), v1::ENGAGEMENT_STATUS_COMPLETED);
  EXPECT_EQ(out.completed_by(), kInteractionId);
  EXPECT_EQ(TimeOf(out.complete_time()), kCreated);
  EXPECT_EQ(out.template_id(), "key-customer");
}

TEST(EngagementMappingTest, StatusIsCurrentStatusOnToday) {
  Engagement open = CompletedEngagement();
  open.state = EngagementState::kOpen;
  open.completed_by.clear();
  open.complete_time.reset();
  open.grace_days = 14;
  const struct {
    absl::CivilDay due;
    v1::EngagementStatus want;
  } cases[] = {
      {kToday + 30, v1::ENGAGEMENT_STATUS_UPCOMING}, {kToday + 8, v1::ENGAGEMENT_STATUS_UPCOMING},
      {kToday + 7, v1::ENGAGEMENT_STATUS_DUE},       {kToday, v1::ENGAGEMENT_STATUS_DUE},
      {kToday - 1, v1::ENGAGEMENT_STATUS_OVERDUE},   {kToday - 14, v1::ENGAGEMENT_STATUS_OVERDUE},
      {kToday - 15, v1::ENGAGEMENT_STATUS_MISSED},
  };
  for (const auto& c : cases) {
    open.due_date = c.due;
    v1::Engagement out;
    ToProto(open, kToday, &out);
    EXPECT_EQ(out.status(), c.want) << c.due;
    EXPECT_FALSE(out.has_complete_time()) << c.due;
    EXPECT_EQ(out.completed_by(), "");
  }
}

TEST(EngagementMappingTest, StoredStatesWinOverTheDates) {
  Engagement missed = CompletedEngagement();
  missed.state = EngagementState::kMissed;
  missed.completed_by.clear();
  missed.complete_time.reset();
  missed.due_date = kToday + 30;  // the dates alone would say UPCOMING
  v1::Engagement out;
  ToProto(missed, kToday, &out);
  EXPECT_EQ(out.status(), v1::ENGAGEMENT_STATUS_MISSED);

  Engagement completed = CompletedEngagement();
  completed.due_date = kToday - 60;  // the dates alone would say MISSED
  ToProto(completed, kToday, &out);
  EXPECT_EQ(out.status(), v1::ENGAGEMENT_STATUS_COMPLETED);
}

// ---- Service requests ----

ServiceRequest FullServiceRequest() {
  ServiceRequest r;
  r.service_request_id = kRequestId;
  r.customer_id = kCustomerId;
  r.type = ServiceRequestType::kComplaint;
  r.priority = Priority::kHigh;
  r.subject = "Wrong fee charged";
  r.description = "The March statement charged the old fee";
  r.status = ServiceRequestStatus::kResolved;
  r.response_due = kCreated + absl::Hours(2);
  r.resolution_due = kCreated + absl::Hours(24);
  r.first_response_time = kCreated + absl::Hours(1);
  r.resolve_time = kCreated + absl::Hours(20);
  r.assignee_manager_id = kManagerId;
  r.green_channel = true;
  r.escalation_level = 1;
  r.resolution = "Fee refunded";
  r.created_by = "rm-043";
  r.create_time = kCreated;
  r.update_time = kLater;
  r.revision = 5;
  return r;
}

TEST(ServiceRequestMappingTest, ToProtoFillsEveryField) {
  v1::ServiceRequest out;
  ToProto(FullServiceRequest(), &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.name(), std::string("customers/") + kCustomerId + "/serviceRequests/" + kRequestId);
  EXPECT_EQ(out.service_request_id(), kRequestId);
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.type(), v1::SERVICE_REQUEST_TYPE_COMPLAINT);
  EXPECT_EQ(out.priority(), v1::PRIORITY_HIGH);
  EXPECT_EQ(out.subject(), "Wrong fee charged");
  EXPECT_EQ(out.description(), "The March statement charged the old fee");
  EXPECT_EQ(out.status(), v1::SERVICE_REQUEST_STATUS_RESOLVED);
  EXPECT_EQ(TimeOf(out.response_due()), kCreated + absl::Hours(2));
  EXPECT_EQ(TimeOf(out.resolution_due()), kCreated + absl::Hours(24));
  EXPECT_EQ(TimeOf(out.first_response_time()), kCreated + absl::Hours(1));
  EXPECT_EQ(TimeOf(out.resolve_time()), kCreated + absl::Hours(20));
  EXPECT_EQ(out.assignee_manager_id(), kManagerId);
  EXPECT_TRUE(out.green_channel());
  EXPECT_EQ(out.escalation_level(), 1);
  EXPECT_EQ(out.resolution(), "Fee refunded");
  EXPECT_EQ(out.created_by(), "rm-043");
  EXPECT_EQ(TimeOf(out.create_time()), kCreated);
  EXPECT_EQ(TimeOf(out.update_time()), kLater);
  EXPECT_EQ(out.etag(), "r5");
}

TEST(ServiceRequestMappingTest, OpenRequestHasNoResponseOrResolveTime) {
  ServiceRequest r = FullServiceRequest();
  r.status = ServiceRequestStatus::kOpen;
  r.first_response_time.reset();
  r.resolve_time.reset();
  r.resolution.clear();
  v1::ServiceRequest out;
  ToProto(r, &out);
  EXPECT_FALSE(out.has_first_response_time());
  EXPECT_FALSE(out.has_resolve_time());
  EXPECT_TRUE(out.has_response_due());
  EXPECT_TRUE(out.has_resolution_due());
  EXPECT_EQ(out.status(), v1::SERVICE_REQUEST_STATUS_OPEN);
}

TEST(ServiceRequestMappingTest, ToProtoReplacesWhatWasThere) {
  v1::ServiceRequest out;
  ToProto(FullServiceRequest(), &out);
  ServiceRequest bare;
  bare.service_request_id = kRequestId;
  bare.customer_id = kCustomerId;
  ToProto(bare, &out);
  EXPECT_FALSE(out.has_first_response_time());
  EXPECT_FALSE(out.has_resolve_time());
  EXPECT_EQ(out.subject(), "");
  EXPECT_EQ(out.etag(), "r1");
}

TEST(ServiceRequestMappingTest, FromProtoReadsTypePrioritySubjectAndDescriptionOnly) {
  v1::ServiceRequest wire;
  ToProto(FullServiceRequest(), &wire);
  ASSERT_OK_AND_ASSIGN(ServiceRequest read, FromProto(wire, "service_request"));
  EXPECT_EQ(read.type, ServiceRequestType::kComplaint);
  EXPECT_EQ(read.priority, Priority::kHigh);
  EXPECT_EQ(read.subject, "Wrong fee charged");
  EXPECT_EQ(read.description, "The March statement charged the old fee");
  const ServiceRequest defaults;
  EXPECT_EQ(read.service_request_id, "");
  EXPECT_EQ(read.customer_id, "");
  EXPECT_EQ(read.status, defaults.status);
  EXPECT_EQ(read.response_due, defaults.response_due);
  EXPECT_EQ(read.resolution_due, defaults.resolution_due);
  EXPECT_FALSE(read.first_response_time.has_value());
  EXPECT_FALSE(read.resolve_time.has_value());
  EXPECT_EQ(read.assignee_manager_id, "");
  EXPECT_FALSE(read.green_channel);
  EXPECT_EQ(read.escalation_level, 0);
  EXPECT_EQ(read.resolution, "");
  EXPECT_EQ(read.created_by, "");
  EXPECT_EQ(read.revision, defaults.revision);
}

TEST(ServiceRequestMappingTest, UnspecifiedTypeAndPriorityAreLeftToTheDomain) {
  v1::ServiceRequest wire;
  wire.set_subject("Question");
  ASSERT_OK_AND_ASSIGN(ServiceRequest read, FromProto(wire, "service_request"));
  EXPECT_EQ(read.type, ServiceRequestType::kUnspecified);
  EXPECT_EQ(read.priority, Priority::kUnspecified);
}

TEST(ServiceRequestMappingTest, UnknownTypeAndPriorityAreReportedAtOnce) {
  v1::ServiceRequest wire;
  ToProto(FullServiceRequest(), &wire);
  wire.set_type(static_cast<v1::ServiceRequestType>(9));
  wire.set_priority(static_cast<v1::Priority>(-2));
  const absl::StatusOr<ServiceRequest> read = FromProto(wire, "service_request");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(read),
              UnorderedElementsAre("service_request.type", "service_request.priority"));
}

TEST(ServiceRequestChangeMappingTest, ToProtoFillsEveryField) {
  ServiceRequestChange change;
  change.change_id = 9000000001;
  change.action = "status";
  change.from_status = ServiceRequestStatus::kInProgress;
  change.to_status = ServiceRequestStatus::kResolved;
  change.escalation_level = 2;
  change.note = "Fee refunded";
  change.actor = kManagerId;
  change.change_time = kLater;
  v1::ServiceRequestChange out;
  ToProto(change, &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.change_id(), 9000000001);
  EXPECT_EQ(out.action(), "status");
  EXPECT_EQ(out.from_status(), v1::SERVICE_REQUEST_STATUS_IN_PROGRESS);
  EXPECT_EQ(out.to_status(), v1::SERVICE_REQUEST_STATUS_RESOLVED);
  EXPECT_EQ(out.escalation_level(), 2);
  EXPECT_EQ(out.note(), "Fee refunded");
  EXPECT_EQ(out.actor(), kManagerId);
  EXPECT_EQ(TimeOf(out.change_time()), kLater);
}

TEST(ServiceRequestChangeMappingTest, CreatedChangeHasNoFromStatus) {
  ServiceRequestChange change;
  change.change_id = 1;
  change.action = "created";
  change.to_status = ServiceRequestStatus::kOpen;
  v1::ServiceRequestChange out;
  ToProto(change, &out);
  EXPECT_EQ(out.from_status(), v1::SERVICE_REQUEST_STATUS_UNSPECIFIED);
  EXPECT_EQ(out.to_status(), v1::SERVICE_REQUEST_STATUS_OPEN);
}

// ---- Satisfaction ----

Survey FullSurvey() {
  Survey s;
  s.survey_id = kSurveyId;
  s.customer_id = kCustomerId;
  s.csat = 4;
  s.nps = 9;
  s.comment = "Quick answers";
  s.survey_time = kCreated;
  s.manager_id = kManagerId;
  s.recorded_by = "rm-043";
  s.create_time = kLater;
  return s;
}

TEST(SurveyMappingTest, ToProtoFillsEveryField) {
  v1::SatisfactionSurvey out;
  ToProto(FullSurvey(), &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.name(), std::string("customers/") + kCustomerId + "/surveys/" + kSurveyId);
  EXPECT_EQ(out.survey_id(), kSurveyId);
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.csat(), 4);
  EXPECT_EQ(out.nps(), 9);
  EXPECT_EQ(out.comment(), "Quick answers");
  EXPECT_EQ(TimeOf(out.survey_time()), kCreated);
  EXPECT_EQ(out.manager_id(), kManagerId);
  EXPECT_EQ(TimeOf(out.create_time()), kLater);
}

TEST(SurveyMappingTest, FromProtoReadsScoresCommentAndTimeOnly) {
  v1::SatisfactionSurvey wire;
  ToProto(FullSurvey(), &wire);
  ASSERT_OK_AND_ASSIGN(Survey read, FromProto(wire, "survey"));
  EXPECT_EQ(read.csat, 4);
  EXPECT_EQ(read.nps, 9);
  EXPECT_EQ(read.comment, "Quick answers");
  EXPECT_EQ(read.survey_time, kCreated);
  const Survey defaults;
  EXPECT_EQ(read.survey_id, "");
  EXPECT_EQ(read.customer_id, "");
  EXPECT_EQ(read.manager_id, "");
  EXPECT_EQ(read.recorded_by, "");
  EXPECT_EQ(read.create_time, defaults.create_time);
}

TEST(SurveyMappingTest, OutOfRangeScoresAreLeftToTheDomain) {
  v1::SatisfactionSurvey wire;
  wire.set_csat(7);
  wire.set_nps(-1);
  ASSERT_OK_AND_ASSIGN(Survey read, FromProto(wire, "survey"));
  EXPECT_EQ(read.csat, 7);
  EXPECT_EQ(read.nps, -1);
  // Unset survey_time → the epoch, which the domain refuses.
  EXPECT_EQ(read.survey_time, absl::UnixEpoch());
}

TEST(SurveyMappingTest, MalformedSurveyTimeIsAViolation) {
  v1::SatisfactionSurvey wire;
  ToProto(FullSurvey(), &wire);
  wire.mutable_survey_time()->set_nanos(2000000000);
  const absl::StatusOr<Survey> read = FromProto(wire, "survey");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(read), ElementsAre("survey.survey_time.nanos"));
  wire.mutable_survey_time()->set_nanos(0);
  wire.mutable_survey_time()->set_seconds(int64_t{-70000000000});
  EXPECT_THAT(ViolatedFields(FromProto(wire, "survey")), ElementsAre("survey.survey_time.seconds"));
}

TEST(SatisfactionPointMappingTest, ToProtoFillsEveryField) {
  v1::SatisfactionPoint out;
  ToProto(SatisfactionPoint{"2026-Q1", 6, 4.25, -16.5}, &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.period(), "2026-Q1");
  EXPECT_EQ(out.surveys(), 6);
  EXPECT_EQ(out.average_csat(), 4.25);
  EXPECT_EQ(out.nps_score(), -16.5);
}

// ---- Customer value ----

Contribution FullContribution() {
  Contribution c;
  c.customer_id = kCustomerId;
  c.month = absl::CivilDay(2026, 2, 1);
  c.interest_income = Money{"CNY", 125000, 500000000};
  c.fee_income = Money{"CNY", 8000, 0};
  c.average_deposits = Money{"CNY", 30000000, 0};
  c.recorded_by = "finance-2";
  c.record_time = kLater;
  return c;
}

TEST(ContributionMappingTest, ToProtoFillsEveryField) {
  v1::Contribution out;
  ToProto(FullContribution(), &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(DayOf(out.month()), absl::CivilDay(2026, 2, 1));
  EXPECT_EQ(out.interest_income().currency_code(), "CNY");
  EXPECT_EQ(out.interest_income().units(), 125000);
  EXPECT_EQ(out.interest_income().nanos(), 500000000);
  EXPECT_EQ(out.fee_income().units(), 8000);
  EXPECT_EQ(out.average_deposits().units(), 30000000);
  EXPECT_EQ(out.recorded_by(), "finance-2");
  EXPECT_EQ(TimeOf(out.record_time()), kLater);
}

TEST(ContributionMappingTest, RoundTripsAndOutputOnlyFieldsAreIgnored) {
  v1::Contribution wire;
  ToProto(FullContribution(), &wire);
  ASSERT_OK_AND_ASSIGN(Contribution read, FromProto(wire, "contribution"));
  EXPECT_EQ(read.month, absl::CivilDay(2026, 2, 1));
  EXPECT_EQ(read.interest_income, (Money{"CNY", 125000, 500000000}));
  EXPECT_EQ(read.fee_income, (Money{"CNY", 8000, 0}));
  EXPECT_EQ(read.average_deposits, (Money{"CNY", 30000000, 0}));
  const Contribution defaults;
  EXPECT_EQ(read.customer_id, "");
  EXPECT_EQ(read.recorded_by, "");
  EXPECT_EQ(read.record_time, defaults.record_time);

  read.customer_id = kCustomerId;
  read.recorded_by = "finance-2";
  read.record_time = kLater;
  v1::Contribution again;
  ToProto(read, &again);
  EXPECT_TRUE(MessageDifferencer::Equals(again, wire)) << again.DebugString();
}

TEST(ContributionMappingTest, AbsentMonthIsLeftToTheDomain) {
  v1::Contribution wire;
  ToProto(FullContribution(), &wire);
  wire.clear_month();
  ASSERT_OK_AND_ASSIGN(Contribution read, FromProto(wire, "contribution"));
  EXPECT_EQ(read.month, Contribution{}.month);
}

TEST(ContributionMappingTest, EachViolationPath) {
  const struct {
    void (*spoil)(v1::Contribution&);
    std::string field;
  } cases[] = {
      {[](v1::Contribution& c) {
         c.mutable_month()->set_month(2);
         c.mutable_month()->set_day(30);
       },
       "contribution.month"},
      {[](v1::Contribution& c) { c.mutable_interest_income()->set_currency_code("cny"); },
       "contribution.interest_income.currency_code"},
      {[](v1::Contribution& c) { c.mutable_interest_income()->set_nanos(-5); },
       "contribution.interest_income.nanos"},
      {[](v1::Contribution& c) { c.mutable_fee_income()->set_currency_code("RMB1"); },
       "contribution.fee_income.currency_code"},
      {[](v1::Contribution& c) { c.mutable_fee_income()->set_nanos(1000000000); },
       "contribution.fee_income.nanos"},
      {[](v1::Contribution& c) { c.mutable_average_deposits()->set_currency_code(""); },
       "contribution.average_deposits.currency_code"},
      {[](v1::Contribution& c) { c.mutable_average_deposits()->set_nanos(-1); },
       "contribution.average_deposits.nanos"},
      {[](v1::Contribution& c) { c.clear_interest_income(); }, "contribution.interest_income"},
      {[](v1::Contribution& c) { c.clear_fee_income(); }, "contribution.fee_income"},
      {[](v1::Contribution& c) { c.clear_average_deposits(); }, "contribution.average_deposits"},
  };
  for (const auto& c : cases) {
    v1::Contribution wire;
    ToProto(FullContribution(), &wire);
    c.spoil(wire);
    const absl::StatusOr<Contribution> read = FromProto(wire, "contribution");
    EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument)) << c.field;
    EXPECT_THAT(ViolatedFields(read), ElementsAre(c.field));
  }
}

TEST(ContributionMappingTest, EveryProblemIsReportedAtOnce) {
  v1::Contribution wire;
  ToProto(FullContribution(), &wire);
  wire.mutable_month()->set_month(13);
  wire.mutable_interest_income()->set_currency_code("yuan");
  wire.mutable_interest_income()->set_nanos(-1);
  wire.clear_fee_income();
  wire.mutable_average_deposits()->set_nanos(1000000000);
  const absl::StatusOr<Contribution> read = FromProto(wire, "contribution");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      ViolatedFields(read),
      UnorderedElementsAre("contribution.month", "contribution.interest_income.currency_code",
                           "contribution.interest_income.nanos", "contribution.fee_income",
                           "contribution.average_deposits.nanos"));
}

TEST(CustomerValueMappingTest, ToProtoFillsEveryField) {
  CustomerValue value;
  value.customer_id = kCustomerId;
  value.summary.interest_income = Money{"CNY", 4500000, 0};
  value.summary.fee_income = Money{"CNY", 600000, 250000000};
  value.summary.average_deposits = Money{"CNY", 52000000, 0};
  value.summary.total_contribution = Money{"CNY", 5100000, 250000000};
  value.summary.months = 12;
  value.key_customer = KeyCustomerDecision{true, "trailing contribution CNY 5.1 million"};
  value.recommendations = {Recommendation{"SUPPLY_CHAIN_FINANCE", "3 trade partners on file"},
                           Recommendation{"CASH_MANAGEMENT", "deposits above CNY 10 million"}};
  v1::CustomerValue out;
  ToProto(value, &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.interest_income().units(), 4500000);
  EXPECT_EQ(out.fee_income().units(), 600000);
  EXPECT_EQ(out.fee_income().nanos(), 250000000);
  EXPECT_EQ(out.average_deposits().units(), 52000000);
  EXPECT_EQ(out.total_contribution().units(), 5100000);
  EXPECT_EQ(out.total_contribution().nanos(), 250000000);
  EXPECT_EQ(out.total_contribution().currency_code(), "CNY");
  EXPECT_TRUE(out.key_customer());
  EXPECT_EQ(out.key_customer_reason(), "trailing contribution CNY 5.1 million");
  ASSERT_EQ(out.recommendations_size(), 2);
  EXPECT_EQ(out.recommendations(0).product(), "SUPPLY_CHAIN_FINANCE");
  EXPECT_EQ(out.recommendations(0).reason(), "3 trade partners on file");
  EXPECT_EQ(out.recommendations(1).product(), "CASH_MANAGEMENT");
  EXPECT_EQ(out.recommendations(1).reason(), "deposits above CNY 10 million");
}

TEST(CustomerValueMappingTest, NotKeyAndNoRecommendations) {
  CustomerValue value;
  value.customer_id = kCustomerId;
  v1::CustomerValue out;
  ToProto(value, &out);
  EXPECT_FALSE(out.key_customer());
  EXPECT_EQ(out.key_customer_reason(), "");
  EXPECT_EQ(out.recommendations_size(), 0);
}

// ---- Follow-up tasks ----

FollowUpTask DoneTask() {
  FollowUpTask t;
  t.task_id = kTaskId;
  t.manager_id = kManagerId;
  t.customer_id = kCustomerId;
  t.source = "alerts/0193f000-0000-7000-8000-000000000011";
  t.title = "Overdue payment: call the CFO";
  t.detail = "Instalment 30 days past due";
  t.status = TaskStatus::kDone;
  t.due_date = absl::CivilDay(2026, 3, 12);
  t.completion_note = "CFO confirms payment on Friday";
  t.create_time = kCreated;
  t.complete_time = kLater;
  t.revision = 2;
  return t;
}

TEST(FollowUpTaskMappingTest, ToProtoFillsEveryField) {
  v1::FollowUpTask out;
  ToProto(DoneTask(), &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.name(), std::string("relationshipManagers/rm-042/tasks/") + kTaskId);
  EXPECT_EQ(out.task_id(), kTaskId);
  EXPECT_EQ(out.manager_id(), kManagerId);
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.source(), "alerts/0193f000-0000-7000-8000-000000000011");
  EXPECT_EQ(out.title(), "Overdue payment: call the CFO");
  EXPECT_EQ(out.detail(), "Instalment 30 days past due");
  EXPECT_EQ(out.status(), v1::TASK_STATUS_DONE);
  EXPECT_EQ(DayOf(out.due_date()), absl::CivilDay(2026, 3, 12));
  EXPECT_EQ(out.completion_note(), "CFO confirms payment on Friday");
  EXPECT_EQ(TimeOf(out.create_time()), kCreated);
  EXPECT_EQ(TimeOf(out.complete_time()), kLater);
  EXPECT_EQ(out.etag(), "r2");
}

TEST(FollowUpTaskMappingTest, OpenTaskHasNoCompleteTime) {
  FollowUpTask open = DoneTask();
  open.status = TaskStatus::kOpen;
  open.completion_note.clear();
  open.complete_time.reset();
  v1::FollowUpTask out;
  ToProto(open, &out);
  EXPECT_EQ(out.status(), v1::TASK_STATUS_OPEN);
  EXPECT_FALSE(out.has_complete_time());
}

// ---- Resource names ----

TEST(ResourceNameTest, Patterns) {
  EXPECT_EQ(ManagerResourceName("rm-042"), "relationshipManagers/rm-042");
  EXPECT_EQ(EngagementResourceName(kCustomerId, kEngagementId),
            EngagementName(kCustomerId, kEngagementId));
  EXPECT_EQ(ServiceRequestResourceName("c", "r"), "customers/c/serviceRequests/r");
  EXPECT_EQ(SurveyResourceName("c", "s"), "customers/c/surveys/s");
  EXPECT_EQ(TaskResourceName("rm-042", "t"), "relationshipManagers/rm-042/tasks/t");
}

}  // namespace
}  // namespace ccrm::relationship
