// What each command puts in its request, from its arguments and flags, and what it refuses
// before calling anything.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "common/testing/status_matchers.h"
#include "common/time/clock.h"
#include "tools/ccrmctl/alert_commands.h"
#include "tools/ccrmctl/alert_watch.h"
#include "tools/ccrmctl/cli_errors.h"
#include "tools/ccrmctl/commands.h"
#include "tools/ccrmctl/customer_commands.h"
#include "tools/ccrmctl/rating_commands.h"
#include "tools/ccrmctl/relationship_commands.h"
#include "tools/ccrmctl/resource_names.h"

namespace ccrm::ctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Invocation Parsed(const std::vector<std::string>& args) {
  Invocation invocation;
  const absl::Status parsed = ParseCommandLine(
      AllCommands(), args, [](const char*) { return nullptr; }, &invocation);
  EXPECT_TRUE(parsed.ok()) << parsed;
  return invocation;
}

void ExpectUsageError(const absl::Status& status, const std::string& message) {
  EXPECT_TRUE(IsUsageError(status)) << status;
  EXPECT_EQ(status.message(), message);
}

TEST(ResourceNamesTest, FullNamesOrBareIds) {
  EXPECT_EQ(QualifiedName("customers", "0193"), "customers/0193");
  EXPECT_EQ(QualifiedName("customers", "customers/0193"), "customers/0193");
  EXPECT_EQ(QualifiedName("alerts", "customers/0193/ratings/7"), "customers/0193/ratings/7");
  EXPECT_EQ(BareId("customers", "customers/0193"), "0193");
  EXPECT_EQ(BareId("customers", "0193"), "0193");
  EXPECT_EQ(BareId("customers", "customersX/0193"), "customersX/0193");
  EXPECT_EQ(BareId("customers", ""), "");

  GlobalOptions options;
  const std::string fresh = RequestIdFor(options, absl::FromUnixMillis(1772352000123));
  EXPECT_EQ(fresh.size(), 36u);
  EXPECT_EQ(fresh.substr(0, 15), "019ca869-507b-7");  // 1772352000123 ms in hex, version 7
  options.request_id = "retry-of-42";
  EXPECT_EQ(RequestIdFor(options, absl::FromUnixMillis(1772352000123)), "retry-of-42");
}

TEST(CustomerRequestsTest, ListFiltersFromFlags) {
  ASSERT_OK_AND_ASSIGN(customer::v1::ListCustomersRequest request,
                       ListCustomersRequestFrom(Parsed(
                           {"customers", "list", "--segment=sme", "--tier=TIER_3", "--stage=watch",
                            "--industry=C30", "--manager=rm-001", "--archived",
                            "--order_by=legal_name desc", "--page_size=25", "--page_token=abc"})));
  EXPECT_EQ(request.segment(), customer::v1::SEGMENT_SME);
  EXPECT_EQ(request.tier(), customer::v1::TIER_3);
  EXPECT_EQ(request.lifecycle_stage(), customer::v1::LIFECYCLE_STAGE_WATCH);
  EXPECT_EQ(request.industry_code(), "C30");
  EXPECT_EQ(request.relationship_manager_id(), "rm-001");
  EXPECT_TRUE(request.show_archived());
  EXPECT_EQ(request.order_by(), "legal_name desc");
  EXPECT_EQ(request.page_size(), 25);
  EXPECT_EQ(request.page_token(), "abc");

  ExpectUsageError(
      ListCustomersRequestFrom(Parsed({"customers", "list", "--segment=vip"})).status(),
      "--segment: \"vip\" is not one of key, sme, first_time_borrower");
  ExpectUsageError(
      ListCustomersRequestFrom(Parsed({"customers", "list", "--page_size=-1"})).status(),
      "--page_size: \"-1\" is not a whole number from 1 to 2147483647");
}

TEST(AlertRequestsTest, ListStatusesLevelAndCustomerInEitherForm) {
  ASSERT_OK_AND_ASSIGN(
      risk::v1::ListAlertsRequest request,
      ListAlertsRequestFrom(
          Parsed({"alerts", "list", "--customer=customers/c-1", "--assignee=rm-001",
                  "--level=orange", "--status=open, acknowledged,RESOLVED", "--indicator=dpd"})));
  EXPECT_EQ(request.customer_id(), "c-1");
  EXPECT_EQ(request.assignee_manager_id(), "rm-001");
  EXPECT_EQ(request.min_level(), risk::v1::ALERT_LEVEL_ORANGE);
  EXPECT_THAT(request.statuses(),
              ElementsAre(risk::v1::ALERT_STATUS_OPEN, risk::v1::ALERT_STATUS_ACKNOWLEDGED,
                          risk::v1::ALERT_STATUS_RESOLVED));
  EXPECT_EQ(request.indicator(), "dpd");

  ASSERT_OK_AND_ASSIGN(risk::v1::ListAlertsRequest plain,
                       ListAlertsRequestFrom(Parsed({"alerts", "list"})));
  EXPECT_TRUE(plain.statuses().empty());
  EXPECT_EQ(plain.min_level(), risk::v1::ALERT_LEVEL_UNSPECIFIED);
  ExpectUsageError(
      ListAlertsRequestFrom(Parsed({"alerts", "list", "--status=open,closed"})).status(),
      "--status: \"closed\" is not one of open, acknowledged, in_progress, resolved, "
      "false_positive");
}

TEST(AlertRequestsTest, ResolveNeedsANoteAndMayCloseAsFalsePositive) {
  ASSERT_OK_AND_ASSIGN(risk::v1::UpdateAlertStatusRequest resolve,
                       ResolveAlertRequestFrom(Parsed(
                           {"alerts", "resolve", "a-1", "--note=funds returned", "--etag=r2"})));
  EXPECT_EQ(resolve.name(), "alerts/a-1");
  EXPECT_EQ(resolve.status(), risk::v1::ALERT_STATUS_RESOLVED);
  EXPECT_EQ(resolve.note(), "funds returned");
  EXPECT_EQ(resolve.etag(), "r2");

  ASSERT_OK_AND_ASSIGN(
      risk::v1::UpdateAlertStatusRequest dismiss,
      ResolveAlertRequestFrom(Parsed({"alerts", "resolve", "alerts/a-1", "--false_positive",
                                      "--note=payee is the supplier's parent"})));
  EXPECT_EQ(dismiss.name(), "alerts/a-1");
  EXPECT_EQ(dismiss.status(), risk::v1::ALERT_STATUS_FALSE_POSITIVE);

  ExpectUsageError(ResolveAlertRequestFrom(Parsed({"alerts", "resolve", "a-1"})).status(),
                   "alerts resolve needs --note: what was done, or why it was no risk");
}

TEST(AlertRequestsTest, WatchCursorAndFilters) {
  ASSERT_OK_AND_ASSIGN(
      risk::v1::WatchAlertsRequest request,
      WatchAlertsRequestFrom(Parsed({"alerts", "watch", "--after=1234567890123", "--level=yellow",
                                     "--customer=customers/c-1", "--manager=rm-001"})));
  EXPECT_EQ(request.after_sequence(), 1234567890123);
  EXPECT_EQ(request.min_level(), risk::v1::ALERT_LEVEL_YELLOW);
  EXPECT_EQ(request.customer_id(), "c-1");
  EXPECT_EQ(request.assignee_manager_id(), "rm-001");

  ASSERT_OK_AND_ASSIGN(risk::v1::WatchAlertsRequest from_start,
                       WatchAlertsRequestFrom(Parsed({"alerts", "watch"})));
  EXPECT_EQ(from_start.after_sequence(), 0);
  ExpectUsageError(WatchAlertsRequestFrom(Parsed({"alerts", "watch", "--after=-1"})).status(),
                   "--after: \"-1\" is not a whole number >= 0");
}

TEST(RatingRequestsTest, QualitativeInputsFromFlags) {
  ASSERT_OK_AND_ASSIGN(
      rating::v1::RateCustomerRequest request,
      RateCustomerRequestFrom(
          Parsed({"ratings", "rate", "c-1", "--management=strong", "--market_position=good",
                  "--industry_outlook=adequate", "--guarantee=weak", "--model_family=project"}),
          "req-1"));
  EXPECT_EQ(request.customer(), "customers/c-1");
  EXPECT_EQ(request.qualitative().management_quality(), rating::v1::ASSESSMENT_STRONG);
  EXPECT_EQ(request.qualitative().market_position(), rating::v1::ASSESSMENT_GOOD);
  EXPECT_EQ(request.qualitative().industry_outlook(), rating::v1::ASSESSMENT_ADEQUATE);
  EXPECT_EQ(request.qualitative().guarantee_strength(), rating::v1::ASSESSMENT_WEAK);
  EXPECT_EQ(request.model_family(), "project");
  EXPECT_EQ(request.model(), "");
  EXPECT_EQ(request.request_id(), "req-1");

  ExpectUsageError(
      RateCustomerRequestFrom(Parsed({"ratings", "rate", "c-1", "--management=excellent"}), "r")
          .status(),
      "--management: \"excellent\" is not one of strong, good, adequate, weak, poor");
}

TEST(InteractionRequestsTest, LoggedFromFlags) {
  std::istringstream no_input;
  ASSERT_OK_AND_ASSIGN(
      relationship::v1::LogInteractionRequest request,
      LogInteractionRequestFrom(
          Parsed({"interactions", "log", "c-1", "--kind=site_inspection", "--summary=项目现场检查",
                  "--outcome=进度正常", "--next_steps=下月复查",
                  "--participants=财务总监 王某, 项目经理 李某", "--at=2026-03-01T08:00:00Z",
                  "--confidential"}),
          no_input, "req-1"));
  EXPECT_EQ(request.parent(), "customers/c-1");
  EXPECT_EQ(request.request_id(), "req-1");
  const relationship::v1::Interaction& i = request.interaction();
  EXPECT_EQ(i.kind(), relationship::v1::INTERACTION_KIND_SITE_INSPECTION);
  EXPECT_EQ(i.summary(), "项目现场检查");
  EXPECT_EQ(i.outcome(), "进度正常");
  EXPECT_EQ(i.next_steps(), "下月复查");
  EXPECT_THAT(i.participants(), ElementsAre("财务总监 王某", "项目经理 李某"));
  EXPECT_EQ(i.occur_time().seconds(), 1772352000);
  EXPECT_TRUE(i.confidential());
  EXPECT_EQ(i.manager_id(), "");

  ASSERT_OK_AND_ASSIGN(relationship::v1::LogInteractionRequest now,
                       LogInteractionRequestFrom(
                           Parsed({"interactions", "log", "c-1", "--kind=call"}), no_input, "r"));
  EXPECT_FALSE(now.interaction().has_occur_time());  // the service records the time
}

TEST(InteractionRequestsTest, LoggedFromAFileWithItsOwnRequestId) {
  const std::string file =
      R"({"parent": "customers/c-2", "requestId": "from-file",
          "interaction": {"kind": "INTERACTION_KIND_CALL", "summary": "电话沟通还款安排"}})";
  std::istringstream in(file);
  ASSERT_OK_AND_ASSIGN(
      relationship::v1::LogInteractionRequest request,
      LogInteractionRequestFrom(Parsed({"interactions", "log", "--from_file=-"}), in, "fresh"));
  EXPECT_EQ(request.parent(), "customers/c-2");
  EXPECT_EQ(request.request_id(), "from-file");
  EXPECT_EQ(request.interaction().summary(), "电话沟通还款安排");

  // The argument names the customer and --request_id wins over the file's.
  std::istringstream again(file);
  ASSERT_OK_AND_ASSIGN(relationship::v1::LogInteractionRequest overridden,
                       LogInteractionRequestFrom(Parsed({"interactions", "log", "c-3",
                                                         "--from_file=-", "--request_id=retry"}),
                                                 again, "retry"));
  EXPECT_EQ(overridden.parent(), "customers/c-3");
  EXPECT_EQ(overridden.request_id(), "retry");
}

TEST(InteractionRequestsTest, RefusedBeforeAnyCall) {
  std::istringstream no_input;
  ExpectUsageError(
      LogInteractionRequestFrom(Parsed({"interactions", "log", "c-1"}), no_input, "r").status(),
      "interactions log needs --kind (or --from_file)");
  ExpectUsageError(
      LogInteractionRequestFrom(Parsed({"interactions", "log", "--kind=visit"}), no_input, "r")
          .status(),
      "interactions log needs the CUSTOMER");
  ExpectUsageError(LogInteractionRequestFrom(
                       Parsed({"interactions", "log", "c-1", "--from_file=x.json", "--kind=call"}),
                       no_input, "r")
                       .status(),
                   "--kind and --from_file do not go together");
  ExpectUsageError(LogInteractionRequestFrom(Parsed({"interactions", "log", "c-1", "--kind=lunch"}),
                                             no_input, "r")
                       .status(),
                   "--kind: \"lunch\" is not one of visit, call, email, meeting, site_inspection");
}

TEST(RunTest, UsageErrorsOfACommandExitTwoBeforeAnyCall) {
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  FakeClock clock(absl::FromUnixSeconds(1772352000));
  Invocation remote = Parsed({"--address=10.1.2.3:443", "summary"});
  EXPECT_EQ(RunInvocation(remote, out, err, in, clock), kExitUsage);
  EXPECT_EQ(err.str(),
            "ccrmctl: refusing plaintext to 10.1.2.3:443, which is not a loopback address: give "
            "--tls or --tls_ca_file, or --insecure if you mean it\n"
            "(`ccrmctl summary --help` shows its usage)\n");
  EXPECT_EQ(out.str(), "");

  std::ostringstream err2;
  Invocation bad_level = Parsed({"--address=127.0.0.1:1", "alerts", "list", "--level=purple"});
  EXPECT_EQ(RunInvocation(bad_level, out, err2, in, clock), kExitUsage);
  EXPECT_THAT(err2.str(), HasSubstr("ccrmctl: --level: \"purple\" is not one of"));
}

}  // namespace
}  // namespace ccrm::ctl
