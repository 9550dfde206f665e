#include "services/customer-profile/storage/mysql_project_repository.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "services/customer-profile/storage/mysql_customer_repository.h"
#include "tests/customer-profile/storage/storage_test_base.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;

class MySqlProjectRepositoryTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    customers_ = std::make_unique<MySqlCustomerRepository>(&pool(), &cipher(), &encoder());
    projects_ = std::make_unique<MySqlProjectRepository>(&pool());
    ASSERT_OK(customers_->Create(SampleCustomer(1), Key("", ""), Write(0)).status());
  }

  static Project SampleProject(int n) {
    Project p;
    p.customer_id = SampleCustomer(1).customer_id;
    p.project_id = absl::StrFormat("00000000-0000-7000-a000-%012d", n);
    p.project_name = absl::StrCat("厦门港口扩建工程 ", n);
    p.total_investment = Money{"CNY", 1'250'000'000, 0};
    p.capital_ratio_bps = 2500;
    p.use_of_funds = "码头建设、设备采购";
    p.planned_start_date = absl::CivilDay(2025, 3, 1);
    p.planned_completion_date = absl::CivilDay(2027, 12, 31);
    p.actual_start_date = absl::CivilDay(2025, 4, 15);
    p.invested_to_date = Money{"CNY", 310'000'000, 990'000'000};
    p.milestones = {{"土建完工 \"一期\"", absl::CivilDay(2026, 6, 30), std::nullopt},
                    {"设备安装", absl::CivilDay(2027, 3, 31), absl::CivilDay(2027, 2, 1)},
                    {"验收", std::nullopt, std::nullopt}};
    return p;
  }

  std::unique_ptr<MySqlCustomerRepository> customers_;
  std::unique_ptr<MySqlProjectRepository> projects_;
};

void ExpectSameProject(const Project& a, const Project& b) {
  EXPECT_EQ(a.project_id, b.project_id);
  EXPECT_EQ(a.customer_id, b.customer_id);
  EXPECT_EQ(a.project_name, b.project_name);
  EXPECT_EQ(a.total_investment, b.total_investment);
  EXPECT_EQ(a.capital_ratio_bps, b.capital_ratio_bps);
  EXPECT_EQ(a.use_of_funds, b.use_of_funds);
  EXPECT_EQ(a.planned_start_date, b.planned_start_date);
  EXPECT_EQ(a.planned_completion_date, b.planned_completion_date);
  EXPECT_EQ(a.actual_start_date, b.actual_start_date);
  EXPECT_EQ(a.actual_completion_date, b.actual_completion_date);
  EXPECT_EQ(a.invested_to_date, b.invested_to_date);
  ASSERT_EQ(a.milestones.size(), b.milestones.size());
  for (size_t i = 0; i < a.milestones.size(); ++i) {
    EXPECT_EQ(a.milestones[i].title, b.milestones[i].title);
    EXPECT_EQ(a.milestones[i].planned_date, b.milestones[i].planned_date);
    EXPECT_EQ(a.milestones[i].actual_date, b.milestones[i].actual_date);
  }
  EXPECT_EQ(a.create_time, b.create_time);
  EXPECT_EQ(a.update_time, b.update_time);
  EXPECT_EQ(a.revision, b.revision);
}

TEST_F(MySqlProjectRepositoryTest, CreateGetRoundTripsEveryField) {
  ASSERT_OK_AND_ASSIGN(Project created, projects_->Create(SampleProject(1), Key("", ""), Write(1)));
  EXPECT_EQ(created.revision, 1);
  ASSERT_OK_AND_ASSIGN(Project got, projects_->Get(created.customer_id, created.project_id));
  ExpectSameProject(got, created);
  EXPECT_EQ(got.milestones[0].title, "土建完工 \"一期\"");
  EXPECT_EQ(got.actual_completion_date, std::nullopt);

  Project bare;
  bare.customer_id = SampleCustomer(1).customer_id;
  bare.project_name = "无里程碑";
  ASSERT_OK_AND_ASSIGN(Project bare_created, projects_->Create(bare, Key("", ""), Write(2)));
  EXPECT_FALSE(bare_created.project_id.empty());
  ASSERT_OK_AND_ASSIGN(Project bare_got, projects_->Get(bare.customer_id, bare_created.project_id));
  ExpectSameProject(bare_got, bare_created);
}

TEST_F(MySqlProjectRepositoryTest, UnknownProjectAndParentChecks) {
  absl::StatusOr<Project> missing = projects_->Get(SampleCustomer(1).customer_id, "nope");
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(missing.status()), "PROJECT_NOT_FOUND");

  Project orphan = SampleProject(1);
  orphan.customer_id = SampleCustomer(5).customer_id;
  absl::StatusOr<Project> unknown = projects_->Create(orphan, Key("", ""), Write(1));
  EXPECT_EQ(ErrorReason(unknown.status()), "CUSTOMER_NOT_FOUND");
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));

  ASSERT_OK(customers_
                ->Update(
                    SampleCustomer(1).customer_id, std::nullopt,
                    [](Customer& c) -> absl::StatusOr<CustomerChange> {
                      c.archived = true;
                      return CustomerChange{"customer.archive", {"archived"}};
                    },
                    Write(2))
                .status());
  absl::StatusOr<Project> archived = projects_->Create(SampleProject(1), Key("", ""), Write(3));
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(archived.status()), "CUSTOMER_ARCHIVED");
  EXPECT_EQ(Count("projects"), 0);
}

TEST_F(MySqlProjectRepositoryTest, UpdateChecksRevisionAndAudits) {
  ASSERT_OK_AND_ASSIGN(Project created, projects_->Create(SampleProject(1), Key("", ""), Write(1)));
  auto complete = [](Project& p) -> absl::StatusOr<std::vector<std::string>> {
    p.actual_completion_date = absl::CivilDay(2026, 2, 1);
    p.milestones[2].actual_date = absl::CivilDay(2026, 2, 1);
    return std::vector<std::string>{"actual_completion_date", "milestones"};
  };
  ASSERT_OK_AND_ASSIGN(Project updated, projects_->Update(created.customer_id, created.project_id,
                                                          1, complete, Write(9)));
  EXPECT_EQ(updated.revision, 2);
  ASSERT_OK_AND_ASSIGN(Project got, projects_->Get(created.customer_id, created.project_id));
  ExpectSameProject(got, updated);
  EXPECT_EQ(got.milestones[2].actual_date, absl::CivilDay(2026, 2, 1));

  absl::StatusOr<Project> stale =
      projects_->Update(created.customer_id, created.project_id, 1, complete, Write(10));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");
  absl::StatusOr<Project> unknown =
      projects_->Update(created.customer_id, "nope", std::nullopt, complete, Write(10));
  EXPECT_EQ(ErrorReason(unknown.status()), "PROJECT_NOT_FOUND");

  AuditQuery q;
  q.action = "project.update";
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> audit, customers_->ListAudit(q));
  ASSERT_EQ(audit.items.size(), 1u);
  EXPECT_THAT(audit.items[0].fields, ElementsAre("actual_completion_date", "milestones"));
}

TEST_F(MySqlProjectRepositoryTest, ListPagesInCreationOrder) {
  std::vector<std::string> ids;
  for (int i = 1; i <= 4; ++i) {
    ASSERT_OK_AND_ASSIGN(Project p, projects_->Create(SampleProject(i), Key("", ""), Write(1)));
    ids.push_back(p.project_id);
  }
  PageQuery page;
  page.page_size = 3;
  ASSERT_OK_AND_ASSIGN(Page<Project> first, projects_->List(SampleCustomer(1).customer_id, page));
  ASSERT_EQ(first.items.size(), 3u);
  page.after_key = first.next_key;
  ASSERT_OK_AND_ASSIGN(Page<Project> second, projects_->List(SampleCustomer(1).customer_id, page));
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_TRUE(second.next_key.empty());
  EXPECT_EQ(second.items[0].project_id, ids[3]);
  EXPECT_EQ(first.items[0].project_id, ids[0]);
}

}  // namespace
}  // namespace ccrm::customer
