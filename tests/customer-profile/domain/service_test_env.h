// The fixture of the customer-profile domain service tests: a FakeClock, the in-memory
// repositories on one store (with the storage tests' fake event encoder), callers with and
// without the right to see personal identifiers, and builders of valid drafts.
//
// Example:
//   class ContactServiceTest : public ServiceTest {};
//   TEST_F(ContactServiceTest, Creates) {
//     const std::string id = NewCustomer(1);
//     ContactService contacts(&contacts_, &customers_, &clock_);
//     ASSERT_OK_AND_ASSIGN(Contact c, contacts.Create(manager_, ContactDraft(id), {}));
//   }
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/money/money.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "common/time/clock.h"
#include "services/customer-profile/domain/caller.h"
#include "services/customer-profile/domain/classification.h"
#include "services/customer-profile/domain/customer.h"
#include "services/customer-profile/domain/customer_service.h"
#include "services/customer-profile/domain/uscc.h"
#include "services/customer-profile/storage/in_memory_repositories.h"
#include "tests/customer-profile/storage/fake_event_encoder.h"

namespace ccrm::customer {

inline Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }

// The field paths of the violations `status` carries.
inline std::vector<std::string> ViolationFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}
template <typename T>
std::vector<std::string> ViolationFields(const absl::StatusOr<T>& result) {
  return ViolationFields(result.status());
}

template <typename T>
std::string ReasonOf(const absl::StatusOr<T>& result) {
  return ErrorReason(result.status());
}
inline std::string ReasonOf(const absl::Status& status) { return ErrorReason(status); }

// A valid unified social credit code, different for each n in 0..9999999.
inline std::string Uscc(int n) {
  const std::string first17 = absl::StrFormat("91350100MA%07d", n);
  absl::StatusOr<char> check = UsccCheckCharacter(first17);
  EXPECT_TRUE(check.ok()) << check.status();
  return first17 + check.value_or('0');
}

class ServiceTest : public ::testing::Test {
 protected:
  // 2026-03-01 09:00:00 UTC.
  static absl::Time Start() {
    return absl::FromCivil(absl::CivilSecond(2026, 3, 1, 9, 0, 0), absl::UTCTimeZone());
  }

  // An SME enterprise with every field set (in clear, as a caller types some of them). On
  // 2026-03-01 it scores 16 (assets) + 25 (BBB) + 10 (4 full years) = 51 points: TIER_3.
  static Customer EnterpriseDraft(int n) {
    Customer c;
    c.kind = CustomerKind::kEnterprise;
    c.unified_social_credit_code = Uscc(n);
    c.legal_name = absl::StrFormat("福建某某建设有限公司%d", n);
    c.legal_representative = "张三";
    c.legal_representative_id_number = "11010519491231002x";
    c.contact_phone = "+86 138-1234-5678";
    c.settlement_account_number = "6222 0212 3456 7890";
    c.registered_capital = Cny(50'000'000);
    c.business_scope = "房屋建筑工程施工";
    c.industry_code = "E4710";
    c.registered_address = "福州市鼓楼区五四路1号";
    c.established_date = absl::CivilDay(2008, 6, 18);
    c.annual_revenue = Cny(120'000'000);
    c.total_assets = Cny(30'000'000);
    c.employee_count = 200;
    c.has_prior_credit = true;
    c.credit_grade = "BBB";
    c.relationship_start_date = absl::CivilDay(2021, 3, 2);
    c.relationship_manager_id = "rm-042";
    return c;
  }

  // Creates EnterpriseDraft(n) through the service; its id.
  std::string NewCustomer(int n) { return NewCustomer(EnterpriseDraft(n)); }
  std::string NewCustomer(const Customer& draft) {
    absl::StatusOr<Customer> created = customer_service_.Create(manager_, draft, {});
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->customer_id : "";
  }

  // The customer as stored (clear identifiers).
  Customer Stored(const std::string& customer_id) {
    absl::StatusOr<Customer> c = customers_.Get(customer_id, PersonalDataView::kUnmasked);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.value_or(Customer{});
  }

  // Audit records with this action, oldest first.
  std::vector<AuditRecord> AuditsOf(const std::string& action) const {
    std::vector<AuditRecord> out;
    for (const AuditRecord& r : customers_.audit_records()) {
      if (r.action == action) {
        out.push_back(r);
      }
    }
    return out;
  }

  FakeClock clock_{Start()};
  FakeEventEncoder encoder_;
  InMemoryCustomerRepository customers_{&encoder_};
  CustomerService customer_service_{&customers_, &clock_, ClassificationRules::Default()};
  // May see identifiers in clear.
  Caller manager_{Principal{"rm-042", {roles::kRelationshipManager}}, "req-1"};
  // May not.
  Caller auditor_{Principal{"au-7", {roles::kAuditor}}, "req-2"};
};

}  // namespace ccrm::customer
