#include "services/customer-profile/domain/customer_update.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::vector<std::string> kUpdatableCustomerFields = {
    "legal_name",
    "legal_representative",
    "legal_representative_id_number",
    "contact_phone",
    "settlement_account_number",
    "registered_capital",
    "business_scope",
    "industry_code",
    "registered_address",
    "established_date",
    "annual_revenue",
    "total_assets",
    "employee_count",
    "has_prior_credit",
    "credit_grade",
    "relationship_start_date",
    "relationship_manager_id",
};

Customer Stored() {
  Customer c;
  c.customer_id = "c-1";
  c.kind = CustomerKind::kEnterprise;
  c.unified_social_credit_code = "91350100M000100Y43";
  c.legal_name = "福建某某建设有限公司";
  c.legal_representative = "张三";
  c.legal_representative_id_number = "11010519491231002X";
  c.contact_phone = "13800138000";
  c.settlement_account_number = "6222021234567890";
  c.registered_capital = Money{"CNY", 50'000'000, 0};
  c.business_scope = "房屋建筑工程施工";
  c.industry_code = "E4710";
  c.registered_address = "福州市鼓楼区";
  c.established_date = absl::CivilDay(2005, 3, 18);
  c.annual_revenue = Money{"CNY", 180'000'000, 0};
  c.total_assets = Money{"CNY", 260'000'000, 0};
  c.employee_count = 320;
  c.has_prior_credit = true;
  c.credit_grade = "A";
  c.relationship_start_date = absl::CivilDay(2015, 1, 5);
  c.relationship_manager_id = "rm-1";
  c.segment = Segment::kSme;
  c.tier = Tier::kTier2;
  c.lifecycle_stage = LifecycleStage::kActive;
  c.create_time = absl::FromUnixSeconds(1'700'000'000);
  c.update_time = absl::FromUnixSeconds(1'700'000'100);
  c.revision = 3;
  return c;
}

// A customer differing from Stored() in every field.
Customer EveryFieldDifferent() {
  Customer c;
  c.customer_id = "c-2";
  c.kind = CustomerKind::kIndividual;
  c.unified_social_credit_code = "914403001922038216";
  c.legal_name = "新名称有限公司";
  c.legal_representative = "李四";
  c.legal_representative_id_number = "440524188001010014";
  c.contact_phone = "0591-87654321";
  c.settlement_account_number = "6222029999999999";
  c.registered_capital = std::nullopt;
  c.business_scope = "软件开发";
  c.industry_code = "I6510";
  c.registered_address = "厦门市思明区";
  c.established_date = absl::CivilDay(2010, 1, 1);
  c.annual_revenue = Money{"CNY", 180'000'000, 1};
  c.total_assets = Money{"USD", 260'000'000, 0};
  c.employee_count = 321;
  c.has_prior_credit = false;
  c.credit_grade = "";
  c.relationship_start_date = std::nullopt;
  c.relationship_manager_id = "rm-2";
  c.segment = Segment::kKey;
  c.tier = Tier::kTier1;
  c.classification_override =
      ClassificationOverride{Segment::kKey, Tier::kTier1, "why", "who", absl::UnixEpoch()};
  c.lifecycle_stage = LifecycleStage::kWatch;
  c.archived = true;
  c.create_time = absl::FromUnixSeconds(1);
  c.update_time = absl::FromUnixSeconds(2);
  c.archive_time = absl::FromUnixSeconds(3);
  c.revision = 9;
  return c;
}

TEST(ApplyCustomerUpdateTest, EachUpdatablePathCopiesExactlyThatField) {
  for (const std::string& path : kUpdatableCustomerFields) {
    Customer target = Stored();
    ASSERT_OK(ApplyCustomerUpdate(EveryFieldDifferent(), {path}, target)) << path;
    EXPECT_THAT(ChangedCustomerFields(Stored(), target), ElementsAre(path));
  }
}

TEST(ApplyCustomerUpdateTest, AllUpdatablePathsAtOnce) {
  Customer target = Stored();
  ASSERT_OK(ApplyCustomerUpdate(EveryFieldDifferent(), kUpdatableCustomerFields, target));
  EXPECT_EQ(ChangedCustomerFields(Stored(), target), kUpdatableCustomerFields);
  EXPECT_EQ(target.legal_name, "新名称有限公司");
  EXPECT_EQ(target.registered_capital, std::nullopt);  // cleared
  EXPECT_EQ(target.customer_id, "c-1");
  EXPECT_EQ(target.revision, 3);
}

TEST(ApplyCustomerUpdateTest, DuplicatePathsAreTolerated) {
  Customer target = Stored();
  ASSERT_OK(ApplyCustomerUpdate(EveryFieldDifferent(), {"legal_name", "legal_name"}, target));
  EXPECT_THAT(ChangedCustomerFields(Stored(), target), ElementsAre("legal_name"));
}

TEST(ApplyCustomerUpdateTest, EmptyMaskIsRefused) {
  Customer target = Stored();
  absl::Status s = ApplyCustomerUpdate(EveryFieldDifferent(), {}, target);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"update_mask", "must name at least one field to update"}));
}

TEST(ApplyCustomerUpdateTest, FixedAndOutputOnlyFieldsAreRefusedWithTheReason) {
  const std::pair<const char*, const char*> kCases[] = {
      {"kind", "\"kind\" cannot be changed after creation"},
      {"unified_social_credit_code",
       "\"unified_social_credit_code\" cannot be changed after creation"},
      {"segment",
       "\"segment\" is output only: computed from the rules; use "
       "OverrideClassification to override it"},
      {"tier",
       "\"tier\" is output only: computed from the rules; use OverrideClassification to "
       "override it"},
      {"classification_override",
       "\"classification_override\" is output only: use OverrideClassification or "
       "ClearClassificationOverride"},
      {"lifecycle_stage", "\"lifecycle_stage\" is output only: use TransitionLifecycle"},
      {"archived", "\"archived\" is output only: use ArchiveCustomer"},
      {"archive_time", "\"archive_time\" is output only: use ArchiveCustomer"},
      {"name", "\"name\" is output only"},
      {"customer_id", "\"customer_id\" is output only"},
      {"create_time", "\"create_time\" is output only"},
      {"update_time", "\"update_time\" is output only"},
      {"revision", "\"revision\" is output only"},
      {"etag", "\"etag\" is output only: send the etag back in the resource, not in update_mask"},
  };
  for (const auto& [path, description] : kCases) {
    Customer target = Stored();
    absl::Status s = ApplyCustomerUpdate(EveryFieldDifferent(), {"legal_name", path}, target);
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument)) << path;
    EXPECT_THAT(FieldViolationsOf(s), ElementsAre(FieldViolation{"update_mask", description}));
    EXPECT_THAT(ChangedCustomerFields(Stored(), target), IsEmpty()) << "target touched: " << path;
  }
}

TEST(ApplyCustomerUpdateTest, UnknownPathsSubFieldsAndWildcards) {
  Customer target = Stored();
  absl::Status s = ApplyCustomerUpdate(
      EveryFieldDifferent(), {"nickname", "registered_capital.units", "*", "Legal_Name"}, target);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      FieldViolationsOf(s),
      ElementsAre(
          FieldViolation{"update_mask", "\"nickname\" is not a field of Customer"},
          FieldViolation{"update_mask",
                         "\"registered_capital.units\" names a sub-field: update "
                         "the whole registered_capital field"},
          FieldViolation{"update_mask", "a wildcard is not supported: name the fields to change"},
          FieldViolation{"update_mask", "\"Legal_Name\" is not a field of Customer"}));
  EXPECT_THAT(ChangedCustomerFields(Stored(), target), IsEmpty());
}

TEST(ChangedCustomerFieldsTest, IdenticalIsEmpty) {
  EXPECT_THAT(ChangedCustomerFields(Stored(), Stored()), IsEmpty());
}

TEST(ChangedCustomerFieldsTest, ListsEveryComparableFieldInProtoOrder) {
  std::vector<std::string> expected = {"kind", "unified_social_credit_code"};
  expected.insert(expected.end(), kUpdatableCustomerFields.begin(), kUpdatableCustomerFields.end());
  for (const char* path : {"segment", "tier", "classification_override", "lifecycle_stage",
                           "archived", "archive_time"}) {
    expected.push_back(path);
  }
  EXPECT_EQ(ChangedCustomerFields(Stored(), EveryFieldDifferent()), expected);
}

TEST(ChangedCustomerFieldsTest, IgnoresBookkeeping) {
  Customer after = Stored();
  after.customer_id = "other";
  after.create_time += absl::Seconds(1);
  after.update_time += absl::Seconds(1);
  after.revision += 1;
  EXPECT_THAT(ChangedCustomerFields(Stored(), after), IsEmpty());
}

TEST(ChangedCustomerFieldsTest, OverrideComparedFieldByField) {
  Customer before = Stored();
  before.classification_override =
      ClassificationOverride{Segment::kKey, Tier::kTier1, "why", "approver-1", absl::UnixEpoch()};
  Customer after = before;
  EXPECT_THAT(ChangedCustomerFields(before, after), IsEmpty());
  after.classification_override->reason = "a better reason";
  EXPECT_THAT(ChangedCustomerFields(before, after), ElementsAre("classification_override"));
  after.classification_override = std::nullopt;
  EXPECT_THAT(ChangedCustomerFields(before, after), ElementsAre("classification_override"));
}

Contact StoredContact() {
  Contact c;
  c.customer_id = "c-1";
  c.contact_id = "k-1";
  c.role = ContactRole::kFinanceOfficer;
  c.full_name = "王五";
  c.title = "财务总监";
  c.id_number = "440524188001010014";
  c.phone = "13800138000";
  c.email = "wang@example.com";
  c.primary = false;
  c.revision = 1;
  return c;
}

Contact DifferentContact() {
  Contact c;
  c.customer_id = "c-9";
  c.contact_id = "k-9";
  c.role = ContactRole::kLegalRepresentative;
  c.full_name = "赵六";
  c.title = "";
  c.id_number = "";
  c.phone = "0591-87654321";
  c.email = "zhao@example.com";
  c.primary = true;
  c.revision = 7;
  return c;
}

TEST(ApplyContactUpdateTest, EachUpdatablePath) {
  for (const char* path :
       {"role", "full_name", "title", "id_number", "phone", "email", "primary"}) {
    Contact target = StoredContact();
    ASSERT_OK(ApplyContactUpdate(DifferentContact(), {path}, target)) << path;
    EXPECT_THAT(ChangedContactFields(StoredContact(), target), ElementsAre(path));
    EXPECT_EQ(target.contact_id, "k-1");
  }
}

TEST(ApplyContactUpdateTest, RefusedPaths) {
  Contact target = StoredContact();
  absl::Status s = ApplyContactUpdate(DifferentContact(),
                                      {"contact_id", "etag", "customer_id", "phone"}, target);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      FieldViolationsOf(s),
      ElementsAre(FieldViolation{"update_mask", "\"contact_id\" is output only"},
                  FieldViolation{"update_mask",
                                 "\"etag\" is output only: send the etag back in the "
                                 "resource, not in update_mask"},
                  FieldViolation{"update_mask", "\"customer_id\" is not a field of Contact"}));
  EXPECT_EQ(target.phone, "13800138000");
  EXPECT_THAT(ApplyContactUpdate(DifferentContact(), {}, target),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

Project StoredProject() {
  Project p;
  p.customer_id = "c-1";
  p.project_id = "p-1";
  p.project_name = "产业园一期";
  p.total_investment = Money{"CNY", 800'000'000, 0};
  p.capital_ratio_bps = 2500;
  p.use_of_funds = "厂房建设";
  p.planned_start_date = absl::CivilDay(2023, 3, 1);
  p.planned_completion_date = absl::CivilDay(2025, 12, 31);
  p.actual_start_date = absl::CivilDay(2023, 4, 10);
  p.invested_to_date = Money{"CNY", 210'000'000, 0};
  p.milestones = {{"封顶", absl::CivilDay(2024, 5, 31), std::nullopt}};
  return p;
}

Project DifferentProject() {
  Project p;
  p.project_id = "p-9";
  p.project_name = "产业园二期";
  p.total_investment = Money{"CNY", 900'000'000, 0};
  p.capital_ratio_bps = 3000;
  p.use_of_funds = "设备购置";
  p.planned_start_date = absl::CivilDay(2023, 3, 2);
  p.planned_completion_date = absl::CivilDay(2026, 1, 31);
  p.actual_start_date = std::nullopt;
  p.actual_completion_date = absl::CivilDay(2024, 1, 1);
  p.invested_to_date = Money{"CNY", 220'000'000, 0};
  p.milestones = {{"封顶", absl::CivilDay(2024, 5, 31), absl::CivilDay(2024, 5, 20)}};
  return p;
}

TEST(ApplyProjectUpdateTest, EachUpdatablePath) {
  for (const char* path : {"project_name", "total_investment", "capital_ratio_bps", "use_of_funds",
                           "planned_start_date", "planned_completion_date", "actual_start_date",
                           "actual_completion_date", "invested_to_date", "milestones"}) {
    Project target = StoredProject();
    ASSERT_OK(ApplyProjectUpdate(DifferentProject(), {path}, target)) << path;
    EXPECT_THAT(ChangedProjectFields(StoredProject(), target), ElementsAre(path));
    EXPECT_EQ(target.project_id, "p-1");
  }
}

TEST(ApplyProjectUpdateTest, MilestonesReplacedAsAWhole) {
  Project target = StoredProject();
  Project patch;
  ASSERT_OK(ApplyProjectUpdate(patch, {"milestones"}, target));
  EXPECT_THAT(target.milestones, IsEmpty());
  EXPECT_THAT(ChangedProjectFields(StoredProject(), target), ElementsAre("milestones"));
}

TEST(ApplyProjectUpdateTest, RefusedPaths) {
  Project target = StoredProject();
  absl::Status s = ApplyProjectUpdate(DifferentProject(),
                                      {"investment_progress_bps", "milestones.title"}, target);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"update_mask",
                                         "\"investment_progress_bps\" is output only: computed "
                                         "from invested_to_date and total_investment"},
                          FieldViolation{"update_mask",
                                         "\"milestones.title\" names a sub-field: update the "
                                         "whole milestones field"}));
  EXPECT_THAT(ChangedProjectFields(StoredProject(), target), IsEmpty());
}

TEST(ChangedProjectFieldsTest, MilestoneDetailsCount) {
  Project after = StoredProject();
  after.milestones[0].actual_date = absl::CivilDay(2024, 5, 30);
  EXPECT_THAT(ChangedProjectFields(StoredProject(), after), ElementsAre("milestones"));
  after = StoredProject();
  after.milestones.push_back({"竣工", std::nullopt, std::nullopt});
  EXPECT_THAT(ChangedProjectFields(StoredProject(), after), ElementsAre("milestones"));
}

}  // namespace
}  // namespace ccrm::customer
