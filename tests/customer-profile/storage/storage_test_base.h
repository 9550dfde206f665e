// The fixture of the customer-profile storage tests: a fresh database with the service's
// migrations, repositories connected as the least-privilege user (as the service runs), a
// FieldCipher with test keys, the fake event encoder, and builders for sample records.
// Without CCRM_TEST_MYSQL_* in the environment every test FAILS in SetUp (never skips).
//
// Example:
//   class CustomerRepoTest : public StorageTest {};
//   TEST_F(CustomerRepoTest, Creates) {
//     MySqlCustomerRepository repo(&db().app_pool(), &cipher(), &encoder());
//     ASSERT_OK_AND_ASSIGN(Customer c, repo.Create(SampleCustomer(1), {}, Write(0)));
//   }
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/crypto/field_cipher.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"
#include "services/customer-profile/domain/customer.h"
#include "services/customer-profile/domain/repositories.h"
#include "tests/customer-profile/storage/fake_event_encoder.h"

namespace ccrm::customer {

inline constexpr char kIdNumber[] = "11010519491231002X";
inline constexpr char kPhone[] = "13800138000";
inline constexpr char kAccount[] = "6222021234567890";

// A FieldCipher whose ring holds the given key ids (32 bytes each, derived from the id) and
// encrypts with `active`.
inline FieldCipher TestCipher(const std::vector<std::string>& key_ids, const std::string& active) {
  KeyRing ring;
  ring.active_key_id = active;
  for (const std::string& id : key_ids) {
    std::string key = id;
    key.resize(kDataKeyBytes, '#');
    ring.keys[id] = key;
  }
  absl::StatusOr<FieldCipher> cipher =
      FieldCipher::Create(std::move(ring), std::string(kMinBlindIndexKeyBytes, 'b'));
  if (!cipher.ok()) {
    ADD_FAILURE() << cipher.status();
    std::abort();
  }
  return *std::move(cipher);
}

class StorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MySqlTestDbOptions options;
    options.migrations_dir = CUSTOMER_PROFILE_MIGRATIONS_DIR;
    absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db =
        testing::MySqlTestDb::Create(options);
    ASSERT_TRUE(db.ok()) << "cannot set up a test database: " << db.status();
    db_ = *std::move(db);
  }

  testing::MySqlTestDb& db() { return *db_; }
  mysql::ConnectionPool& pool() { return db_->app_pool(); }
  const FieldCipher& cipher() const { return cipher_; }
  const FakeEventEncoder& encoder() const { return encoder_; }

  // 2026-03-01 09:00:00.123456789 UTC plus `seconds`; the nanoseconds check that storage
  // returns what DATETIME(6) keeps.
  static absl::Time At(int64_t seconds) {
    return absl::FromCivil(absl::CivilSecond(2026, 3, 1, 9, 0, 0), absl::UTCTimeZone()) +
           absl::Nanoseconds(123456789) + absl::Seconds(seconds);
  }
  static absl::Time Micros(absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); }

  static WriteContext Write(int64_t seconds, std::string request_id = "req-1") {
    WriteContext w;
    w.actor = "rm-7";
    w.actor_roles = {"relationship_manager", "credit_analyst"};
    w.request_id = std::move(request_id);
    w.now = At(seconds);
    w.reason = "onboarding";
    return w;
  }

  // An enterprise with every field set; `n` makes the code, id and name unique.
  static Customer SampleCustomer(int n) {
    Customer c;
    c.customer_id = absl::StrFormat("00000000-0000-7000-8000-%012d", n);
    c.kind = CustomerKind::kEnterprise;
    c.unified_social_credit_code = absl::StrFormat("91350100MA%08d", n);
    c.legal_name = absl::StrCat("福建某某建设有限公司 ", n);
    c.legal_representative = "张三";
    c.legal_representative_id_number = kIdNumber;
    c.contact_phone = kPhone;
    c.settlement_account_number = kAccount;
    c.registered_capital = Money{"CNY", 50'000'000, 0};
    c.business_scope = "房屋建筑工程施工";
    c.industry_code = "E4710";
    c.registered_address = "福州市鼓楼区五四路 1 号";
    c.established_date = absl::CivilDay(2008, 6, 18);
    c.annual_revenue = Money{"CNY", 420'000'000, 500'000'000};
    c.total_assets = Money{"USD", 12'345, 6};
    c.employee_count = 350;
    c.has_prior_credit = true;
    c.credit_grade = "AA";
    c.relationship_start_date = absl::CivilDay(2015, 1, 5);
    c.relationship_manager_id = "rm-7";
    c.segment = Segment::kKey;
    c.tier = Tier::kTier2;
    c.lifecycle_stage = LifecycleStage::kActive;
    return c;
  }

  static IdempotencyKey Key(std::string request_id, std::string fingerprint) {
    return IdempotencyKey{std::move(request_id), std::move(fingerprint)};
  }

  int64_t Count(const std::string& table) {
    absl::StatusOr<int64_t> n = db_->QueryIntAsAdmin(absl::StrCat("SELECT COUNT(*) FROM ", table));
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }
  std::string QueryString(const std::string& sql) {
    absl::StatusOr<std::string> s = db_->QueryStringAsAdmin(sql);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.value_or("");
  }

 private:
  std::unique_ptr<testing::MySqlTestDb> db_;
  FieldCipher cipher_ = TestCipher({"k1"}, "k1");
  FakeEventEncoder encoder_;
};

}  // namespace ccrm::customer
