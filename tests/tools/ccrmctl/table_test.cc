// Column alignment (Chinese characters take two columns), detail lists, stream rows, and the
// tables of the resources.
#include "tools/ccrmctl/table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "ccrm/customer/v1/customer_profile.pb.h"
#include "ccrm/risk/v1/risk_warning.pb.h"
#include "tools/ccrmctl/alert_commands.h"
#include "tools/ccrmctl/alert_watch.h"
#include "tools/ccrmctl/customer_commands.h"
#include "tools/ccrmctl/exposure_commands.h"

namespace ccrm::ctl {
namespace {

using ::testing::HasSubstr;

TEST(DisplayWidthTest, WideCharactersTakeTwoColumns) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("Acme"), 4u);
  EXPECT_EQ(DisplayWidth("福建建设"), 8u);
  EXPECT_EQ(DisplayWidth("DPD 35 天"), 9u);
  EXPECT_EQ(DisplayWidth("（全角）"), 8u);
  EXPECT_EQ(DisplayWidth("é"), 1u);          // two bytes, one column
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1u);  // e + combining acute
  EXPECT_EQ(DisplayWidth("\xFF\xFE"
                         "ab"),
            4u);                            // invalid bytes count one each
  EXPECT_EQ(DisplayWidth("\xE5\xBB"), 2u);  // a truncated sequence
}

TEST(TableTest, ColumnsAlignByDisplayWidth) {
  Table table({"NAME", "LEGAL NAME", "SEGMENT"});
  table.AddRow({"customers/1", "福建建设有限公司", "KEY"});
  table.AddRow({"customers/22", "Acme", ""});
  EXPECT_EQ(table.rows(), 2u);
  EXPECT_EQ(table.Render(),
            "NAME          LEGAL NAME        SEGMENT\n"
            "customers/1   福建建设有限公司  KEY\n"
            "customers/22  Acme              -\n");
}

TEST(TableTest, CellsStayOnOneLineAndRowsHaveEveryColumn) {
  Table table({"A", "B", "C"});
  table.AddRow({"x\ny", "tab\there"});
  table.AddRow({"1", "2", "3", "dropped"});
  EXPECT_EQ(table.Render(),
            "A    B         C\n"
            "x y  tab here  -\n"
            "1    2         3\n");
  EXPECT_EQ(Table({"ONLY", "HEADERS"}).Render(), "ONLY  HEADERS\n");
}

TEST(DetailListTest, ValuesLineUp) {
  DetailList details;
  details.Add("name", "customers/1");
  details.Add("legal name", "福建");
  details.Add("etag", "");
  EXPECT_EQ(details.Render(),
            "name:        customers/1\n"
            "legal name:  福建\n"
            "etag:        -\n");
}

TEST(StreamTableTest, FixedWidthsAndOverflowPushesRight) {
  StreamTable table({{"SEQ", 4}, {"ACTION", 8}, {"TITLE", 0}});
  EXPECT_EQ(table.Header(), "SEQ   ACTION    TITLE\n");
  EXPECT_EQ(table.Row({"12", "opened", "DPD 35 天"}), "12    opened    DPD 35 天\n");
  EXPECT_EQ(table.Row({"123456", "escalated", "x"}), "123456  escalated  x\n");
  EXPECT_EQ(table.Row({"7"}), "7     -         -\n");
}

customer::v1::Customer SampleCustomer() {
  customer::v1::Customer c;
  c.set_name("customers/0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091");
  c.set_customer_id("0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091");
  c.set_kind(customer::v1::CUSTOMER_KIND_ENTERPRISE);
  c.set_legal_name("福建某某建设有限公司");
  c.set_unified_social_credit_code("91350100M000100Y43");
  c.set_legal_representative("王某");
  c.set_legal_representative_id_number("110***********1234");
  c.set_contact_phone("139****5678");
  c.mutable_registered_capital()->set_currency_code("CNY");
  c.mutable_registered_capital()->set_units(50000000);
  c.set_industry_code("C3011");
  c.set_relationship_manager_id("rm-001");
  c.set_segment(customer::v1::SEGMENT_KEY);
  c.set_tier(customer::v1::TIER_1);
  c.set_lifecycle_stage(customer::v1::LIFECYCLE_STAGE_ACTIVE);
  c.mutable_create_time()->set_seconds(1772352000);
  c.set_revision(3);
  c.set_etag("r3");
  return c;
}

TEST(CustomerTablesTest, ListShowsTheColumnsThatMatter) {
  google::protobuf::RepeatedPtrField<customer::v1::Customer> list;
  *list.Add() = SampleCustomer();
  customer::v1::Customer& archived = *list.Add();
  archived.set_name("customers/0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8092");
  archived.set_legal_name("Acme Trading");
  archived.set_segment(customer::v1::SEGMENT_SME);
  archived.set_tier(customer::v1::TIER_3);
  archived.set_industry_code("F5124");
  archived.set_lifecycle_stage(customer::v1::LIFECYCLE_STAGE_CLOSED);
  archived.set_archived(true);
  EXPECT_EQ(CustomersTable(list),
            "NAME                                            LEGAL NAME            SEGMENT  TIER  "
            "INDUSTRY  MANAGER  STAGE\n"
            "customers/0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091  福建某某建设有限公司  KEY      1     "
            "C3011     rm-001   ACTIVE\n"
            "customers/0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8092  Acme Trading          SME      3     "
            "F5124     -        CLOSED (archived)\n");
}

TEST(CustomerTablesTest, DetailsShowMaskedIdentifiersAsReturned) {
  const std::string details = CustomerDetails(SampleCustomer());
  EXPECT_THAT(details, HasSubstr("\nlegal representative id:     110***********1234\n"));
  EXPECT_THAT(details, HasSubstr("\ncontact phone:               139****5678\n"));
  EXPECT_THAT(details, HasSubstr("\nsettlement account:          -\n"));
  EXPECT_THAT(details, HasSubstr("\nregistered capital:          CNY 50,000,000.00\n"));
  EXPECT_THAT(details, HasSubstr("\ncreated:                     2026-03-01T08:00:00Z\n"));
  EXPECT_THAT(details, HasSubstr("\nsegment:                     KEY\n"));
  EXPECT_THAT(details, HasSubstr("\ntier:                        1\n"));
}

risk::v1::Alert SampleAlert() {
  risk::v1::Alert a;
  a.set_name("alerts/0193a2b4-0000-7000-8000-000000000001");
  a.set_customer_id("0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091");
  a.set_indicator("funds_off_plan");
  a.set_status(risk::v1::ALERT_STATUS_OPEN);
  a.set_level(risk::v1::ALERT_LEVEL_ORANGE);
  a.set_value(15);
  a.set_assignee_manager_id("rm-001");
  a.mutable_open_time()->set_seconds(1772352000);
  a.set_title("资金挪用 15%");
  return a;
}

TEST(AlertTablesTest, ListAndWatchLines) {
  google::protobuf::RepeatedPtrField<risk::v1::Alert> list;
  *list.Add() = SampleAlert();
  EXPECT_EQ(AlertsTable(list),
            "NAME                                         LEVEL   STATUS  INDICATOR       VALUE  "
            "CUSTOMER                              ASSIGNEE  OPENED                TITLE\n"
            "alerts/0193a2b4-0000-7000-8000-000000000001  ORANGE  OPEN    funds_off_plan  15     "
            "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091  rm-001    2026-03-01T08:00:00Z  资金挪用 15%\n");

  risk::v1::AlertUpdate update;
  update.set_sequence(42);
  update.mutable_change()->set_action("opened");
  *update.mutable_change()->mutable_alert() = SampleAlert();
  update.mutable_change()->mutable_change_time()->set_seconds(1772352000);
  EXPECT_EQ(WatchHeader(),
            "SEQ     TIME                  ACTION          LEVEL   STATUS          ALERT        "
            "                                CUSTOMER                              INDICATOR     "
            "      TITLE\n");
  EXPECT_EQ(WatchLine(update),
            "42      2026-03-01T08:00:00Z  opened          ORANGE  OPEN            "
            "alerts/0193a2b4-0000-7000-8000-000000000001  0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091  "
            "funds_off_plan      资金挪用 15%\n");
}

TEST(ExposureTablesTest, SummaryHasTheHeadlineThenEachBreakdown) {
  risk::v1::PortfolioSummary summary;
  summary.set_currency_code("CNY");
  summary.set_active_exposures(3);
  summary.mutable_total_outstanding()->set_currency_code("CNY");
  summary.mutable_total_outstanding()->set_units(25000000);
  summary.mutable_as_of_time()->set_seconds(1772352000);
  risk::v1::SummaryBucket& red = *summary.add_by_level();
  red.set_key("RED");
  red.set_customers(1);
  red.set_exposures(1);
  red.mutable_outstanding()->set_currency_code("CNY");
  red.mutable_outstanding()->set_units(10000000);
  red.set_open_alerts(2);
  EXPECT_EQ(PortfolioSummaryText(summary),
            "as of:                2026-03-01T08:00:00Z\n"
            "currency:             CNY\n"
            "active exposures:     3\n"
            "total outstanding:    CNY 25,000,000.00\n"
            "in other currencies:  0 exposures\n"
            "\n"
            "ALERT LEVEL  CUSTOMERS  EXPOSURES  OUTSTANDING        OPEN ALERTS\n"
            "RED          1          1          CNY 10,000,000.00  2\n"
            "\n"
            "CATEGORY  CUSTOMERS  EXPOSURES  OUTSTANDING  OPEN ALERTS\n"
            "\n"
            "INDUSTRY  CUSTOMERS  EXPOSURES  OUTSTANDING  OPEN ALERTS\n"
            "\n"
            "MANAGER  CUSTOMERS  EXPOSURES  OUTSTANDING  OPEN ALERTS\n");
}

}  // namespace
}  // namespace ccrm::ctl
