#include "services/customer-profile/domain/project_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/ids/uuid.h"
#include "common/testing/status_matchers.h"
#include "tests/customer-profile/domain/service_test_env.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

Project Progress(std::optional<Money> total, std::optional<Money> invested) {
  Project p;
  p.total_investment = std::move(total);
  p.invested_to_date = std::move(invested);
  return p;
}

TEST(InvestmentProgressBpsTest, RatioInBasisPoints) {
  EXPECT_EQ(InvestmentProgressBps(Progress(Cny(800'000'000), Cny(210'000'000))), 2625);
  EXPECT_EQ(InvestmentProgressBps(Progress(Cny(800'000'000), Cny(800'000'000))), 10000);
  EXPECT_EQ(InvestmentProgressBps(Progress(Cny(800'000'000), Cny(0))), 0);
  // Rounded down: 1/3 is 3333.33 bp.
  EXPECT_EQ(InvestmentProgressBps(Progress(Cny(3), Cny(1))), 3333);
  // Fractions of a unit count.
  EXPECT_EQ(InvestmentProgressBps(Progress(Cny(1), Cny(0, 500'000'000))), 5000);
}

TEST(InvestmentProgressBpsTest, CappedAndZeroWhenUnknown) {
  EXPECT_EQ(InvestmentProgressBps(Progress(Cny(100), Cny(250))), 10000);
  EXPECT_EQ(InvestmentProgressBps(Progress(Cny(100), Cny(-5))), 0);
  EXPECT_EQ(InvestmentProgressBps(Progress(std::nullopt, Cny(5))), 0);
  EXPECT_EQ(InvestmentProgressBps(Progress(Cny(100), std::nullopt)), 0);
  EXPECT_EQ(InvestmentProgressBps(Progress(std::nullopt, std::nullopt)), 0);
  EXPECT_EQ(InvestmentProgressBps(Progress(Cny(0), Cny(5))), 0);
  EXPECT_EQ(InvestmentProgressBps(Progress(Cny(-100), Cny(5))), 0);
}

class ProjectServiceTest : public ServiceTest {
 protected:
  static Project ProjectDraft(const std::string& customer_id) {
    Project p;
    p.customer_id = customer_id;
    p.project_name = "某某产业园一期";
    p.total_investment = Cny(800'000'000);
    p.capital_ratio_bps = 2500;
    p.use_of_funds = "厂房建设及设备购置";
    p.planned_start_date = absl::CivilDay(2024, 3, 1);
    p.planned_completion_date = absl::CivilDay(2026, 12, 31);
    p.actual_start_date = absl::CivilDay(2024, 4, 10);
    p.invested_to_date = Cny(210'000'000);
    p.milestones = {{"主体结构封顶", absl::CivilDay(2025, 5, 31), absl::CivilDay(2025, 5, 20)},
                    {"竣工验收", absl::CivilDay(2026, 12, 31), std::nullopt}};
    return p;
  }

  InMemoryProjectRepository projects_{&customers_};
  ProjectService service_{&projects_, &clock_};
};

TEST_F(ProjectServiceTest, CreateGetAndAudit) {
  const std::string customer_id = NewCustomer(1);
  clock_.Advance(absl::Minutes(1));

  ASSERT_OK_AND_ASSIGN(Project created, service_.Create(manager_, ProjectDraft(customer_id), {}));

  EXPECT_TRUE(IsUuid(created.project_id));
  EXPECT_EQ(created.revision, 1);
  EXPECT_EQ(created.create_time, Start() + absl::Minutes(1));
  EXPECT_EQ(InvestmentProgressBps(created), 2625);
  ASSERT_OK_AND_ASSIGN(Project got, service_.Get(auditor_, customer_id, created.project_id));
  EXPECT_EQ(got.project_name, "某某产业园一期");
  ASSERT_THAT(got.milestones, SizeIs(2));
  EXPECT_EQ(got.milestones[0].actual_date, absl::CivilDay(2025, 5, 20));

  const std::vector<AuditRecord> audits = AuditsOf("project.create");
  ASSERT_THAT(audits, SizeIs(1));
  EXPECT_EQ(audits[0].resource,
            absl::StrCat("customers/", customer_id, "/projects/", created.project_id));
  EXPECT_THAT(customers_.outbox(), SizeIs(1));  // the customer's only: projects raise no event
}

TEST_F(ProjectServiceTest, CreateRefusesInvalidProjects) {
  const std::string customer_id = NewCustomer(1);
  Project draft = ProjectDraft(customer_id);
  draft.invested_to_date = Cny(900'000'000);
  draft.milestones[0].title = "";
  draft.actual_completion_date = absl::CivilDay(2026, 3, 2);  // tomorrow

  absl::StatusOr<Project> created = service_.Create(manager_, draft, {});

  EXPECT_THAT(created, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(created),
              ElementsAre("project.actual_completion_date", "project.invested_to_date",
                          "project.milestones[0].title"));
  EXPECT_THAT(AuditsOf("project.create"), IsEmpty());

  Project no_total = ProjectDraft(customer_id);
  no_total.total_investment.reset();
  no_total.invested_to_date.reset();
  absl::StatusOr<Project> missing = service_.Create(manager_, no_total, {});
  EXPECT_THAT(ViolationFields(missing), ElementsAre("project.total_investment"));
}

TEST_F(ProjectServiceTest, CreateNeedsAnExistingUnarchivedCustomer) {
  absl::StatusOr<Project> orphan = service_.Create(manager_, ProjectDraft("nobody"), {});
  EXPECT_THAT(orphan, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(orphan), "CUSTOMER_NOT_FOUND");

  const std::string customer_id = NewCustomer(1);
  ASSERT_OK(customer_service_.Archive(manager_, customer_id, "", "duplicate").status());
  absl::StatusOr<Project> archived = service_.Create(manager_, ProjectDraft(customer_id), {});
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(archived), "CUSTOMER_ARCHIVED");
}

TEST_F(ProjectServiceTest, GetUnknownOrForeignProjectIsNotFound) {
  const std::string customer_id = NewCustomer(1);
  const std::string other = NewCustomer(2);
  ASSERT_OK_AND_ASSIGN(Project created, service_.Create(manager_, ProjectDraft(customer_id), {}));

  absl::StatusOr<Project> unknown = service_.Get(manager_, customer_id, "no-such-project");
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(unknown), "PROJECT_NOT_FOUND");
  absl::StatusOr<Project> foreign = service_.Get(manager_, other, created.project_id);
  EXPECT_THAT(foreign, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(foreign), "PROJECT_NOT_FOUND");
}

TEST_F(ProjectServiceTest, ListPagesInCreationOrder) {
  const std::string customer_id = NewCustomer(1);
  std::vector<std::string> created;
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK_AND_ASSIGN(Project p, service_.Create(manager_, ProjectDraft(customer_id), {}));
    created.push_back(p.project_id);
    clock_.Advance(absl::Seconds(1));
  }
  ASSERT_OK_AND_ASSIGN(ProjectList first, service_.List(manager_, customer_id, "", 2));
  ASSERT_THAT(first.projects, SizeIs(2));
  EXPECT_EQ(first.projects[0].project_id, created[0]);
  EXPECT_EQ(first.projects[1].project_id, created[1]);
  ASSERT_OK_AND_ASSIGN(ProjectList second,
                       service_.List(manager_, customer_id, first.next_page_token, 2));
  ASSERT_THAT(second.projects, SizeIs(1));
  EXPECT_EQ(second.projects[0].project_id, created[2]);
  EXPECT_EQ(second.next_page_token, "");

  absl::StatusOr<ProjectList> negative = service_.List(manager_, customer_id, "", -2);
  EXPECT_THAT(negative, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(negative), ElementsAre("page_size"));
}

TEST_F(ProjectServiceTest, UpdateWithEtagRecordsChangedFields) {
  const std::string customer_id = NewCustomer(1);
  ASSERT_OK_AND_ASSIGN(Project created, service_.Create(manager_, ProjectDraft(customer_id), {}));
  clock_.Advance(absl::Hours(1));
  Project patch;
  patch.invested_to_date = Cny(400'000'000);
  patch.milestones = {{"竣工验收", absl::CivilDay(2026, 12, 31), std::nullopt}};
  patch.project_name = "not in the mask";

  ASSERT_OK_AND_ASSIGN(Project updated,
                       service_.Update(manager_, customer_id, created.project_id, patch,
                                       {"invested_to_date", "milestones"}, "r1"));

  EXPECT_EQ(updated.revision, 2);
  EXPECT_EQ(updated.update_time, Start() + absl::Hours(1));
  EXPECT_EQ(updated.create_time, created.create_time);
  EXPECT_EQ(updated.project_name, "某某产业园一期");
  EXPECT_THAT(updated.milestones, SizeIs(1));
  EXPECT_EQ(InvestmentProgressBps(updated), 5000);
  const std::vector<AuditRecord> audits = AuditsOf("project.update");
  ASSERT_THAT(audits, SizeIs(1));
  EXPECT_THAT(audits[0].fields, ElementsAre("invested_to_date", "milestones"));

  absl::StatusOr<Project> stale =
      service_.Update(manager_, customer_id, created.project_id, patch, {"invested_to_date"}, "r1");
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ReasonOf(stale), "ETAG_MISMATCH");
}

TEST_F(ProjectServiceTest, UpdateRefusesBadInputWithoutWriting) {
  const std::string customer_id = NewCustomer(1);
  ASSERT_OK_AND_ASSIGN(Project created, service_.Create(manager_, ProjectDraft(customer_id), {}));
  Project patch;
  patch.invested_to_date = Cny(900'000'000);

  absl::StatusOr<Project> output_only = service_.Update(manager_, customer_id, created.project_id,
                                                        patch, {"investment_progress_bps"}, "");
  EXPECT_THAT(output_only, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(output_only), ElementsAre("update_mask"));

  absl::StatusOr<Project> too_much =
      service_.Update(manager_, customer_id, created.project_id, patch, {"invested_to_date"}, "");
  EXPECT_THAT(too_much, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(too_much), ElementsAre("project.invested_to_date"));

  absl::StatusOr<Project> bad_etag =
      service_.Update(manager_, customer_id, created.project_id, patch, {"invested_to_date"}, "r0");
  EXPECT_THAT(bad_etag, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(bad_etag), ElementsAre("project.etag"));

  absl::StatusOr<Project> missing =
      service_.Update(manager_, customer_id, "no-such-project", patch, {"use_of_funds"}, "");
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(missing), "PROJECT_NOT_FOUND");

  ASSERT_OK_AND_ASSIGN(Project stored, projects_.Get(customer_id, created.project_id));
  EXPECT_EQ(stored.revision, 1);
  EXPECT_THAT(AuditsOf("project.update"), IsEmpty());
}

}  // namespace
}  // namespace ccrm::customer
