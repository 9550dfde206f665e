// relationship-service end to end: the real binary with the real customer-profile (customers
// checked over gRPC with the caller's token; new customers learnt from its events) and a
// stand-in risk-warning feed (alerts become tasks). Each test uses its own customers and
// managers; the tests that stop and restart the service run last.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ccrm/relationship/v1/relationship.pb.h"
#include "common/auth/principal.h"
#include "common/testing/status_matchers.h"
#include "common/wire/money_time_mapping.h"
#include "tests/customer-profile/integration/sample_data.h"
#include "tests/relationship-service/integration/relationship_env.h"

namespace ccrm::relationship::itest {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;
namespace cv1 = ::ccrm::customer::v1;

CCRM_RELATIONSHIP_SHARED_SERVICES(RelationshipEnvOptions{});

RelationshipEnv& Env() { return SharedRelationshipEnv(); }
std::string Admin() { return Env().TokenFor(roles::kAdmin); }
// A relationship manager's own token (subject = manager id).
std::string AsManager(const std::string& manager_id) {
  return Env().Token(manager_id, {roles::kRelationshipManager});
}

v1::RelationshipManager CreateManager(const std::string& id) {
  v1::CreateRelationshipManagerRequest request;
  request.mutable_manager()->set_manager_id(id);
  request.mutable_manager()->set_display_name("客户经理 " + id);
  request.mutable_manager()->set_branch("福州分行");
  request.mutable_manager()->set_email(id + "@bank.example");
  absl::StatusOr<v1::RelationshipManager> created =
      Env().Call(&RelationshipStub::CreateRelationshipManager, Admin(), request);
  EXPECT_TRUE(created.ok()) << created.status();
  return created.value_or(v1::RelationshipManager());
}

std::string NewCustomer(const cv1::Customer& customer) {
  absl::StatusOr<std::string> id = Env().CreateCustomer(customer);
  EXPECT_TRUE(id.ok()) << id.status();
  return id.value_or("");
}

absl::StatusOr<v1::Assignment> Assign(const std::string& customer_id, const std::string& manager_id,
                                      const std::string& reason) {
  v1::AssignCustomerRequest request;
  request.set_customer("customers/" + customer_id);
  request.set_manager_id(manager_id);
  request.set_reason(reason);
  return Env().Call(&RelationshipStub::AssignCustomer, Admin(), request);
}

absl::StatusOr<v1::Interaction> Log(const std::string& customer_id, const std::string& manager_id,
                                    const std::string& summary, bool confidential = false,
                                    const std::string& engagement = "") {
  v1::LogInteractionRequest request;
  request.set_parent("customers/" + customer_id);
  v1::Interaction* i = request.mutable_interaction();
  i->set_kind(v1::INTERACTION_KIND_VISIT);
  ToProto(absl::Now() - absl::Hours(1), i->mutable_occur_time());
  i->add_participants("财务总监 王某");
  i->set_summary(summary);
  i->set_outcome("agreed next steps");
  i->set_confidential(confidential);
  i->set_engagement(engagement);
  return Env().Call(&RelationshipStub::LogInteraction, AsManager(manager_id), request);
}

std::vector<v1::Engagement> Engagements(const std::string& customer_id) {
  v1::ListEngagementsRequest request;
  request.set_customer("customers/" + customer_id);
  request.set_page_size(100);
  absl::StatusOr<v1::ListEngagementsResponse> listed =
      Env().Call(&RelationshipStub::ListEngagements, Admin(), request);
  if (!listed.ok()) {
    return {};
  }
  return {listed->engagements().begin(), listed->engagements().end()};
}

std::vector<v1::FollowUpTask> Tasks(const std::string& manager_id) {
  v1::ListTasksRequest request;
  request.set_parent("relationshipManagers/" + manager_id);
  request.set_page_size(100);
  absl::StatusOr<v1::ListTasksResponse> listed =
      Env().Call(&RelationshipStub::ListTasks, Admin(), request);
  if (!listed.ok()) {
    return {};
  }
  return {listed->tasks().begin(), listed->tasks().end()};
}

// The events of relationship-service's feed of `type` about `subject_prefix`.
std::vector<ccrm::common::v1::Event> EventsAbout(const std::string& type,
                                                 const std::string& subject_prefix) {
  std::vector<ccrm::common::v1::Event> found;
  absl::StatusOr<std::vector<ccrm::common::v1::Event>> all = Env().ReadEvents(0);
  EXPECT_TRUE(all.ok()) << all.status();
  for (const ccrm::common::v1::Event& e : all.value_or(std::vector<ccrm::common::v1::Event>{})) {
    if (e.event_type() == type && e.subject().rfind(subject_prefix, 0) == 0) {
      found.push_back(e);
    }
  }
  return found;
}

TEST(RelationshipFlowTest, ManagersAssignmentsHistoryAndPortfolio) {
  const v1::RelationshipManager first = CreateManager("rm-flow-a");
  EXPECT_EQ(first.name(), "relationshipManagers/rm-flow-a");
  EXPECT_TRUE(first.active());
  CreateManager("rm-flow-b");

  v1::CreateRelationshipManagerRequest bad;
  bad.mutable_manager()->set_manager_id("RM A");
  bad.mutable_manager()->set_email("not-an-email");
  absl::StatusOr<v1::RelationshipManager> refused =
      Env().Call(&RelationshipStub::CreateRelationshipManager, Admin(), bad);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      ViolatedFields(refused.status()),
      ::testing::IsSupersetOf({"manager.manager_id", "manager.display_name", "manager.email"}));
  // Only branch management creates managers.
  v1::CreateRelationshipManagerRequest by_rm;
  by_rm.mutable_manager()->set_manager_id("rm-flow-z");
  by_rm.mutable_manager()->set_display_name("Z");
  EXPECT_THAT(
      Env().Call(&RelationshipStub::CreateRelationshipManager, AsManager("rm-flow-a"), by_rm),
      FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED"));

  const std::string key = NewCustomer(customer::itest::KeyEnterprise("闽江城建流程"));
  ASSERT_OK_AND_ASSIGN(v1::Assignment assigned, Assign(key, "rm-flow-a", ""));
  // A key customer always gets a dedicated manager.
  EXPECT_TRUE(assigned.dedicated());
  EXPECT_EQ(assigned.segment(), v1::SEGMENT_KEY);
  EXPECT_EQ(assigned.assigned_by(), "it-admin");

  EXPECT_THAT(Assign(key, "rm-flow-b", ""), StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK(Assign(key, "rm-flow-b", "branch reorganisation").status());
  EXPECT_THAT(Assign("0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f9999", "rm-flow-a", ""),
              StatusIs(absl::StatusCode::kNotFound));

  v1::ListAssignmentHistoryRequest history;
  history.set_customer("customers/" + key);
  ASSERT_OK_AND_ASSIGN(
      v1::ListAssignmentHistoryResponse past,
      Env().Call(&RelationshipStub::ListAssignmentHistory, AsManager("rm-flow-b"), history));
  ASSERT_THAT(past.assignments(), SizeIs(2));
  EXPECT_EQ(past.assignments(0).manager_id(), "rm-flow-b");
  EXPECT_FALSE(past.assignments(0).has_end_time());
  EXPECT_EQ(past.assignments(1).manager_id(), "rm-flow-a");
  EXPECT_TRUE(past.assignments(1).has_end_time());

  v1::ListPortfolioRequest portfolio;
  portfolio.set_manager("relationshipManagers/rm-flow-b");
  ASSERT_OK_AND_ASSIGN(v1::ListPortfolioResponse mine,
                       Env().Call(&RelationshipStub::ListPortfolio, Admin(), portfolio));
  ASSERT_THAT(mine.assignments(), SizeIs(1));
  EXPECT_EQ(mine.assignments(0).customer_id(), key);
  portfolio.set_manager("relationshipManagers/rm-flow-a");
  ASSERT_OK_AND_ASSIGN(v1::ListPortfolioResponse theirs,
                       Env().Call(&RelationshipStub::ListPortfolio, Admin(), portfolio));
  EXPECT_THAT(theirs.assignments(), IsEmpty());
}

TEST(RelationshipFlowTest, InteractionTimelinePagesAndWithholdsConfidentialContent) {
  CreateManager("rm-flow-c");
  const std::string sme = NewCustomer(customer::itest::SmeEnterprise("榕信精密流程"));
  ASSERT_OK(Assign(sme, "rm-flow-c", "").status());
  for (int i = 0; i < 4; ++i) {
    ASSERT_OK(Log(sme, "rm-flow-c", absl::StrCat("visit ", i)).status());
  }
  ASSERT_OK_AND_ASSIGN(v1::Interaction secret,
                       Log(sme, "rm-flow-c", "restructuring talks", /*confidential=*/true));
  EXPECT_EQ(secret.manager_id(), "rm-flow-c");
  EXPECT_EQ(secret.created_by(), "rm-flow-c");

  // Another manager pages through the timeline and sees the confidential entry withheld.
  v1::ListInteractionsRequest list;
  list.set_parent("customers/" + sme);
  list.set_page_size(2);
  std::vector<v1::Interaction> seen;
  do {
    ASSERT_OK_AND_ASSIGN(
        v1::ListInteractionsResponse page,
        Env().Call(&RelationshipStub::ListInteractions, AsManager("rm-flow-other"), list));
    EXPECT_LE(page.interactions_size(), 2);
    seen.insert(seen.end(), page.interactions().begin(), page.interactions().end());
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  ASSERT_THAT(seen, SizeIs(5));
  int redacted = 0;
  for (const v1::Interaction& i : seen) {
    if (i.interaction_id() == secret.interaction_id()) {
      EXPECT_TRUE(i.redacted());
      EXPECT_THAT(i.summary(), IsEmpty());
      ++redacted;
    } else {
      EXPECT_FALSE(i.redacted());
    }
  }
  EXPECT_EQ(redacted, 1);
  // The customer's manager sees it in full.
  list.set_page_size(10);
  list.clear_page_token();
  ASSERT_OK_AND_ASSIGN(
      v1::ListInteractionsResponse own,
      Env().Call(&RelationshipStub::ListInteractions, AsManager("rm-flow-c"), list));
  EXPECT_EQ(own.interactions(0).summary(), "restructuring talks");
  EXPECT_FALSE(own.interactions(0).redacted());

  v1::LogInteractionRequest bad;
  bad.set_parent("customers/" + sme);
  absl::StatusOr<v1::Interaction> refused =
      Env().Call(&RelationshipStub::LogInteraction, AsManager("rm-flow-c"), bad);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(refused.status()),
              ::testing::IsSupersetOf({"interaction.kind", "interaction.summary"}));
}

TEST(RelationshipFlowTest, NewCustomersGetAPlanFromCustomerProfileEventsAndVisitsCompleteIt) {
  CreateManager("rm-flow-d");
  const std::string borrower = NewCustomer(customer::itest::FirstTimeBorrower("初贷企业流程"));
  ASSERT_TRUE(Eventually([&] { return !Engagements(borrower).empty(); }))
      << "no plan from CustomerCreated";
  std::vector<v1::Engagement> plan = Engagements(borrower);
  EXPECT_EQ(plan.front().template_id(), "first-time-borrower");
  EXPECT_EQ(plan.front().kind(), v1::ENGAGEMENT_KIND_ONBOARDING_SESSION);
  EXPECT_EQ(plan.front().status(), v1::ENGAGEMENT_STATUS_DUE);

  ASSERT_OK(Assign(borrower, "rm-flow-d", "").status());
  ASSERT_OK_AND_ASSIGN(v1::Interaction visit, Log(borrower, "rm-flow-d", "onboarding session",
                                                  false, plan.front().name()));
  EXPECT_EQ(visit.engagement(), plan.front().name());
  plan = Engagements(borrower);
  EXPECT_EQ(plan.front().status(), v1::ENGAGEMENT_STATUS_COMPLETED);
  EXPECT_EQ(plan.front().completed_by(), visit.interaction_id());
  EXPECT_THAT(Log(borrower, "rm-flow-d", "again", false, plan.front().name()),
              FailsWith(absl::StatusCode::kFailedPrecondition, "ENGAGEMENT_ALREADY_COMPLETED"));

  // A key customer's plan on request: monthly project-progress meetings.
  const std::string key = NewCustomer(customer::itest::KeyEnterprise("重点客户计划"));
  v1::GenerateEngagementPlanRequest generate;
  generate.set_customer("customers/" + key);
  generate.set_horizon_months(12);
  generate.set_request_id("plan-" + key);
  ASSERT_OK_AND_ASSIGN(
      v1::EngagementPlan generated,
      Env().Call(&RelationshipStub::GenerateEngagementPlan, AsManager("rm-flow-d"), generate));
  EXPECT_EQ(generated.template_id(), "key-customer");
  int progress_meetings = 0;
  for (const v1::Engagement& e : generated.engagements()) {
    progress_meetings += e.kind() == v1::ENGAGEMENT_KIND_PROJECT_PROGRESS_MEETING;
  }
  // Monthly from 30 days after today, within 12 months: 11 or 12 of them, by the calendar
  // (the exact dates are the domain tests').
  EXPECT_THAT(progress_meetings, ::testing::AllOf(::testing::Ge(11), ::testing::Le(12)));
}

TEST(RelationshipFlowTest, ServiceRequestsRunOnTheGreenChannelWithARecordOfEveryChange) {
  CreateManager("rm-flow-e");
  const std::string key = NewCustomer(customer::itest::KeyEnterprise("绿色通道客户"));
  const std::string sme = NewCustomer(customer::itest::SmeEnterprise("普通通道客户"));
  ASSERT_OK(Assign(key, "rm-flow-e", "").status());

  v1::CreateServiceRequestRequest create;
  create.set_parent("customers/" + key);
  create.mutable_service_request()->set_type(v1::SERVICE_REQUEST_TYPE_COMPLAINT);
  create.mutable_service_request()->set_priority(v1::PRIORITY_URGENT);
  create.mutable_service_request()->set_subject("还款提醒短信重复发送");
  create.set_request_id("complaint-" + key);
  ASSERT_OK_AND_ASSIGN(v1::ServiceRequest green, Env().Call(&RelationshipStub::CreateServiceRequest,
                                                            AsManager("rm-flow-e"), create));
  EXPECT_TRUE(green.green_channel());
  EXPECT_EQ(green.assignee_manager_id(), "rm-flow-e");
  EXPECT_EQ(green.status(), v1::SERVICE_REQUEST_STATUS_OPEN);
  // The same request again is the same request.
  ASSERT_OK_AND_ASSIGN(
      v1::ServiceRequest replay,
      Env().Call(&RelationshipStub::CreateServiceRequest, AsManager("rm-flow-e"), create));
  EXPECT_EQ(replay.service_request_id(), green.service_request_id());

  create.set_parent("customers/" + sme);
  create.set_request_id("complaint-" + sme);
  ASSERT_OK_AND_ASSIGN(
      v1::ServiceRequest normal,
      Env().Call(&RelationshipStub::CreateServiceRequest, AsManager("rm-flow-e"), create));
  EXPECT_FALSE(normal.green_channel());
  EXPECT_EQ(normal.assignee_manager_id(), "");
  const auto response_time = [](const v1::ServiceRequest& r) {
    return FromProto(r.response_due()) - FromProto(r.create_time());
  };
  EXPECT_EQ(response_time(normal), absl::Hours(2));
  EXPECT_EQ(response_time(green), absl::Hours(1));
  EXPECT_THAT(EventsAbout("ccrm.relationship.v1.ComplaintOpened", green.name()), SizeIs(1));

  v1::UpdateServiceRequestStatusRequest update;
  update.set_name(green.name());
  update.set_status(v1::SERVICE_REQUEST_STATUS_IN_PROGRESS);
  update.set_etag(green.etag());
  ASSERT_OK_AND_ASSIGN(
      v1::ServiceRequest working,
      Env().Call(&RelationshipStub::UpdateServiceRequestStatus, AsManager("rm-flow-e"), update));
  EXPECT_TRUE(working.has_first_response_time());
  update.set_status(v1::SERVICE_REQUEST_STATUS_RESOLVED);
  EXPECT_THAT(
      Env().Call(&RelationshipStub::UpdateServiceRequestStatus, AsManager("rm-flow-e"), update),
      FailsWith(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
  update.set_etag(working.etag());
  EXPECT_THAT(
      Env().Call(&RelationshipStub::UpdateServiceRequestStatus, AsManager("rm-flow-e"), update),
      StatusIs(absl::StatusCode::kInvalidArgument));
  update.set_note("短信平台去重规则已修复");
  ASSERT_OK_AND_ASSIGN(
      v1::ServiceRequest resolved,
      Env().Call(&RelationshipStub::UpdateServiceRequestStatus, AsManager("rm-flow-e"), update));
  EXPECT_EQ(resolved.resolution(), "短信平台去重规则已修复");

  v1::ListServiceRequestChangesRequest changes;
  changes.set_name(green.name());
  ASSERT_OK_AND_ASSIGN(v1::ListServiceRequestChangesResponse record,
                       Env().Call(&RelationshipStub::ListServiceRequestChanges, Admin(), changes));
  std::vector<std::string> actions;
  for (const v1::ServiceRequestChange& c : record.changes()) {
    actions.push_back(c.action());
    EXPECT_EQ(c.actor(), "rm-flow-e");
  }
  EXPECT_THAT(actions, ElementsAre("created", "status", "status"));
}

TEST(RelationshipFlowTest, TheSweepsEscalateOverdueRequestsAndMarkMissedEngagements) {
  const std::string sme = NewCustomer(customer::itest::SmeEnterprise("超时客户"));
  v1::CreateServiceRequestRequest create;
  create.set_parent("customers/" + sme);
  create.mutable_service_request()->set_type(v1::SERVICE_REQUEST_TYPE_INQUIRY);
  create.mutable_service_request()->set_priority(v1::PRIORITY_HIGH);
  create.mutable_service_request()->set_subject("询问授信续期材料");
  ASSERT_OK_AND_ASSIGN(
      v1::ServiceRequest inquiry,
      Env().Call(&RelationshipStub::CreateServiceRequest, AsManager("rm-flow-e"), create));
  ASSERT_TRUE(Eventually([&] { return !Engagements(sme).empty(); }));
  const v1::Engagement first = Engagements(sme).front();

  // Time passes (as far as the stored deadlines are concerned): the response deadline and the
  // first engagement's grace period are behind us.
  ASSERT_OK(Env().db().ExecuteAsAdmin(
      absl::StrCat("UPDATE service_requests SET response_due = UTC_TIMESTAMP(6) - INTERVAL 1 HOUR "
                   "WHERE service_request_id = '",
                   inquiry.service_request_id(), "'")));
  ASSERT_OK(Env().db().ExecuteAsAdmin(absl::StrCat(
      "UPDATE engagements SET due_date = UTC_DATE() - INTERVAL 60 DAY WHERE engagement_id = '",
      first.engagement_id(), "'")));

  v1::GetServiceRequestRequest get;
  get.set_name(inquiry.name());
  ASSERT_TRUE(Eventually([&] {
    absl::StatusOr<v1::ServiceRequest> r =
        Env().Call(&RelationshipStub::GetServiceRequest, Admin(), get);
    return r.ok() && r->escalation_level() == 1;
  })) << "the SLA sweep did not escalate";
  ASSERT_TRUE(Eventually([&] {
    return !EventsAbout("ccrm.relationship.v1.EngagementMissed", first.name()).empty();
  })) << "the engagement sweep did not mark the engagement missed";
  EXPECT_THAT(EventsAbout("ccrm.relationship.v1.SlaBreached", inquiry.name()), SizeIs(1));
  EXPECT_EQ(Engagements(sme).front().status(), v1::ENGAGEMENT_STATUS_MISSED);
  // Later sweeps change nothing more.
  absl::SleepFor(absl::Seconds(2));
  EXPECT_THAT(EventsAbout("ccrm.relationship.v1.SlaBreached", inquiry.name()), SizeIs(1));
  EXPECT_THAT(EventsAbout("ccrm.relationship.v1.EngagementMissed", first.name()), SizeIs(1));
}

TEST(RelationshipFlowTest, SurveysTrendAndADropIsPublished) {
  CreateManager("rm-flow-f");
  const std::string sme = NewCustomer(customer::itest::SmeEnterprise("满意度客户"));
  ASSERT_OK(Assign(sme, "rm-flow-f", "").status());
  auto record = [&](int csat, int nps, absl::Duration ago) {
    v1::RecordSurveyRequest request;
    request.set_parent("customers/" + sme);
    request.mutable_survey()->set_csat(csat);
    request.mutable_survey()->set_nps(nps);
    ToProto(absl::Now() - ago, request.mutable_survey()->mutable_survey_time());
    return Env().Call(&RelationshipStub::RecordSurvey, AsManager("rm-flow-f"), request);
  };
  ASSERT_OK_AND_ASSIGN(v1::SatisfactionSurvey good, record(5, 10, absl::Hours(48)));
  EXPECT_EQ(good.manager_id(), "rm-flow-f");
  ASSERT_OK_AND_ASSIGN(v1::SatisfactionSurvey bad, record(2, 3, absl::Hours(1)));
  const std::vector<ccrm::common::v1::Event> drops =
      EventsAbout("ccrm.relationship.v1.SatisfactionDropped", bad.name());
  ASSERT_THAT(drops, SizeIs(1));
  v1::SatisfactionDropped dropped;
  ASSERT_TRUE(drops[0].payload().UnpackTo(&dropped));
  EXPECT_EQ(dropped.previous_csat(), 5);
  EXPECT_EQ(dropped.csat(), 2);
  EXPECT_THAT(EventsAbout("ccrm.relationship.v1.SatisfactionDropped", good.name()), IsEmpty());
  EXPECT_THAT(record(6, 11, absl::Hours(1)), StatusIs(absl::StatusCode::kInvalidArgument));

  v1::GetSatisfactionTrendRequest trend;
  trend.set_subject("relationshipManagers/rm-flow-f");
  ASSERT_OK_AND_ASSIGN(v1::SatisfactionTrend by_manager,
                       Env().Call(&RelationshipStub::GetSatisfactionTrend, Admin(), trend));
  int surveys = 0;
  for (const v1::SatisfactionPoint& p : by_manager.points()) {
    surveys += p.surveys();
  }
  EXPECT_EQ(surveys, 2);
}

TEST(RelationshipFlowTest, CustomerValueRecommendsSupplyChainFinanceForTradePartners) {
  const std::string sme = NewCustomer(customer::itest::SmeEnterprise("供应链客户"));
  for (int i = 0; i < 2; ++i) {
    cv1::CreateRelatedPartyRequest party;
    party.set_parent("customers/" + sme);
    party.mutable_related_party()->set_relation_type(cv1::RELATION_TYPE_UPSTREAM_SUPPLIER);
    party.mutable_related_party()->set_party_name(absl::StrCat("上游供应商", i));
    party.mutable_related_party()->set_party_unified_social_credit_code(
        customer::itest::NextUscc());
    ASSERT_OK(Env()
                  .customer_profile()
                  .Call(&CustomerStub::CreateRelatedParty,
                        Env().TokenFor(roles::kRelationshipManager), party)
                  .status());
  }
  v1::RecordContributionRequest contribution;
  contribution.set_parent("customers/" + sme);
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  ToProto(absl::CivilDay(today.year(), today.month(), 1),
          contribution.mutable_contribution()->mutable_month());
  *contribution.mutable_contribution()->mutable_interest_income() = customer::itest::Cny(120000);
  *contribution.mutable_contribution()->mutable_fee_income() = customer::itest::Cny(30000);
  *contribution.mutable_contribution()->mutable_average_deposits() = customer::itest::Cny(2000000);
  ASSERT_OK(Env()
                .Call(&RelationshipStub::RecordContribution, AsManager("rm-flow-f"), contribution)
                .status());

  v1::GetCustomerValueRequest request;
  request.set_customer("customers/" + sme);
  ASSERT_OK_AND_ASSIGN(v1::CustomerValue value, Env().Call(&RelationshipStub::GetCustomerValue,
                                                           AsManager("rm-flow-f"), request));
  EXPECT_EQ(value.total_contribution().units(), 150000);
  EXPECT_FALSE(value.key_customer());
  std::vector<std::string> products;
  for (const v1::Recommendation& r : value.recommendations()) {
    products.push_back(r.product());
    EXPECT_FALSE(r.reason().empty());
  }
  EXPECT_THAT(products, Contains("SUPPLY_CHAIN_FINANCE"));
}

risk::v1::AlertRaised Alert(const std::string& alert, const std::string& customer_id,
                            risk::v1::AlertLevel level, bool escalated) {
  risk::v1::AlertRaised raised;
  raised.set_alert(alert);
  raised.set_customer_id(customer_id);
  raised.set_indicator("days_past_due");
  raised.set_level(level);
  raised.set_escalated(escalated);
  raised.set_title(escalated ? "DPD 35 days" : "DPD 5 days");
  return raised;
}

TEST(RelationshipFlowTest, AlertsBecomeOneTaskEachEvenWhenTheStreamIsReplayed) {
  CreateManager("rm-flow-g");
  const std::string sme = NewCustomer(customer::itest::SmeEnterprise("预警客户"));
  ASSERT_OK(Assign(sme, "rm-flow-g", "").status());
  const std::string alert = "alerts/0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f1001";
  ASSERT_OK(
      Env().alerts().Publish(Alert(alert, sme, risk::v1::ALERT_LEVEL_YELLOW, false)).status());
  ASSERT_TRUE(Eventually([&] { return Tasks("rm-flow-g").size() == 1; }));
  // The alert rises while its task is open: the same task, now due sooner.
  ASSERT_OK(Env().alerts().Publish(Alert(alert, sme, risk::v1::ALERT_LEVEL_RED, true)).status());
  ASSERT_TRUE(Eventually([&] {
    std::vector<v1::FollowUpTask> tasks = Tasks("rm-flow-g");
    return tasks.size() == 1 && tasks[0].title() == "DPD 35 days";
  }));

  // relationship-service is down while another alert is raised: it catches up from its cursor.
  ASSERT_OK(Env().Stop());
  const std::string second = "alerts/0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f1002";
  ASSERT_OK(
      Env().alerts().Publish(Alert(second, sme, risk::v1::ALERT_LEVEL_ORANGE, false)).status());
  ASSERT_OK(Env().Start());
  ASSERT_TRUE(Eventually([&] { return Tasks("rm-flow-g").size() == 2; }));

  // Replaying both streams from the start creates nothing twice.
  const auto cursor = [](const std::string& producer) {
    return Env()
        .db()
        .QueryIntAsAdmin(absl::StrCat(
            "SELECT COALESCE(MAX(last_sequence), 0) FROM event_cursors WHERE producer = '",
            producer, "'"))
        .value_or(-1);
  };
  const int64_t customer_cursor = cursor("customer-profile");
  const int64_t alert_cursor = cursor("risk-warning");
  ASSERT_GT(customer_cursor, 0);
  ASSERT_GT(alert_cursor, 0);
  const int64_t engagements_before =
      Env().db().QueryIntAsAdmin("SELECT COUNT(*) FROM engagements").value_or(-1);
  ASSERT_OK(Env().Stop());
  ASSERT_OK(Env().db().ExecuteAsAdmin("UPDATE event_cursors SET last_sequence = 0"));
  ASSERT_OK(Env().Start());
  ASSERT_TRUE(Eventually([&] {
    return cursor("customer-profile") >= customer_cursor && cursor("risk-warning") >= alert_cursor;
  })) << "the consumers did not catch up";
  EXPECT_THAT(Tasks("rm-flow-g"), SizeIs(2));
  EXPECT_EQ(Env().db().QueryIntAsAdmin("SELECT COUNT(*) FROM engagements").value_or(-2),
            engagements_before);

  std::vector<v1::FollowUpTask> tasks = Tasks("rm-flow-g");
  v1::CompleteTaskRequest complete;
  complete.set_name(tasks[0].name());
  complete.set_note("客户已补足还款");
  complete.set_etag(tasks[0].etag());
  EXPECT_THAT(Env().Call(&RelationshipStub::CompleteTask, AsManager("rm-flow-other"), complete),
              FailsWith(absl::StatusCode::kPermissionDenied, "NOT_TASK_OWNER"));
  ASSERT_OK_AND_ASSIGN(v1::FollowUpTask done, Env().Call(&RelationshipStub::CompleteTask,
                                                         AsManager("rm-flow-g"), complete));
  EXPECT_EQ(done.status(), v1::TASK_STATUS_DONE);
}

}  // namespace
}  // namespace ccrm::relationship::itest
