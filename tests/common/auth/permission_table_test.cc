#include "common/auth/permission_table.h"

#include "common/auth/principal.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm {
namespace {

using ::ccrm::testing::IsOk;
using ::ccrm::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kGetCustomer[] = "/ccrm.customer.v1.CustomerProfile/GetCustomer";
constexpr char kDeleteCustomer[] = "/ccrm.customer.v1.CustomerProfile/DeleteCustomer";

Principal Caller(std::string subject, std::vector<std::string> roles) {
  return Principal{std::move(subject), std::move(roles)};
}

PermissionTable Table() {
  PermissionTable table;
  table.Allow(kGetCustomer, {roles::kRelationshipManager, roles::kAuditor})
      .Allow(kDeleteCustomer, {roles::kAdmin});
  return table;
}

TEST(PrincipalTest, HasRoleIsExact) {
  Principal p = Caller("rm-1", {roles::kRelationshipManager, roles::kCreditAnalyst});
  EXPECT_TRUE(p.HasRole(roles::kRelationshipManager));
  EXPECT_TRUE(p.HasRole("credit_analyst"));
  EXPECT_FALSE(p.HasRole(roles::kAdmin));
  EXPECT_FALSE(p.HasRole("Credit_Analyst"));
  EXPECT_FALSE(p.HasRole("credit"));
  EXPECT_FALSE(Caller("x", {}).HasRole(""));
}

TEST(PermissionTableTest, AllowsAnyListedRole) {
  PermissionTable table = Table();
  EXPECT_THAT(table.Check(kGetCustomer, Caller("rm-1", {roles::kRelationshipManager})), IsOk());
  EXPECT_THAT(table.Check(kGetCustomer, Caller("au-1", {"other", roles::kAuditor})), IsOk());
  EXPECT_THAT(table.Check(kDeleteCustomer, Caller("ad-1", {roles::kAdmin})), IsOk());
}

TEST(PermissionTableTest, RefusesOtherRolesNamingTheRolesThatWouldDo) {
  PermissionTable table = Table();
  absl::Status status = table.Check(kDeleteCustomer, Caller("rm-1", {roles::kRelationshipManager}));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kPermissionDenied,
                               AllOf(HasSubstr(kDeleteCustomer), HasSubstr("[admin]"))));
  EXPECT_EQ(ErrorReason(status), kReasonRoleNotPermitted);

  status = table.Check(kGetCustomer, Caller("nobody", {}));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kPermissionDenied,
                               HasSubstr("[auditor, relationship_manager]")));
  EXPECT_EQ(ErrorReason(status), kReasonRoleNotPermitted);
}

TEST(PermissionTableTest, DeniesMethodsNotInTheTable) {
  PermissionTable table = Table();
  for (const char* method : {"/ccrm.customer.v1.CustomerProfile/ListCustomers", "",
                             "/ccrm.customer.v1.CustomerProfile/GetCustomer/"}) {
    absl::Status status = table.Check(method, Caller("ad-1", {roles::kAdmin}));
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kPermissionDenied)) << method;
    EXPECT_EQ(ErrorReason(status), kReasonMethodNotInPermissionTable) << method;
  }
  EXPECT_EQ(ErrorReason(PermissionTable().Check(kGetCustomer, Caller("ad-1", {roles::kAdmin}))),
            kReasonMethodNotInPermissionTable);
}

TEST(PermissionTableTest, AllowAgainAddsRoles) {
  PermissionTable table = Table();
  table.Allow(kDeleteCustomer, {roles::kRiskOfficer, roles::kAdmin});
  EXPECT_THAT(table.RolesFor(kDeleteCustomer), ElementsAre("admin", "risk_officer"));
  EXPECT_THAT(table.Check(kDeleteCustomer, Caller("r", {roles::kRiskOfficer})), IsOk());
}

TEST(PermissionTableTest, ContainsAndMethods) {
  PermissionTable table = Table();
  EXPECT_TRUE(table.Contains(kGetCustomer));
  EXPECT_FALSE(table.Contains("/ccrm.customer.v1.CustomerProfile/ListCustomers"));
  EXPECT_THAT(table.Methods(), ElementsAre(kDeleteCustomer, kGetCustomer));
  EXPECT_THAT(PermissionTable().Methods(), IsEmpty());
  EXPECT_THAT(table.RolesFor("/unknown"), IsEmpty());
}

TEST(PermissionTableTest, MethodWithNoRolesIsListedButNobodyMayCall) {
  PermissionTable table;
  table.Allow(kGetCustomer, {});
  EXPECT_TRUE(table.Contains(kGetCustomer));
  EXPECT_EQ(ErrorReason(table.Check(kGetCustomer, Caller("ad-1", {roles::kAdmin}))),
            kReasonRoleNotPermitted);
}

}  // namespace
}  // namespace ccrm
