// The fixture of the credit-rating MySQL storage tests: a fresh database with the service's
// migrations per test, the repositories connected as the least-privilege user (as the service
// runs), and admin-side helpers to look at what was written. Without CCRM_TEST_MYSQL_* in the
// environment every test FAILS in SetUp (never skips).
//
// Example:
//   class RatingRepoTest : public StorageTest {};
//   TEST_F(RatingRepoTest, Approves) {
//     MySqlRatingRepository ratings(&pool());
//     ...
//     EXPECT_EQ(Count("outbox_events"), 1);
//   }
#pragma once

#include <cppconn/resultset.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/events/outbox_event.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"

namespace ccrm::rating {

// A new throwaway database with the credit-rating migrations and an app user.
inline absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> NewCreditRatingTestDb() {
  testing::MySqlTestDbOptions options;
  options.migrations_dir = CREDIT_RATING_MIGRATIONS_DIR;
  return testing::MySqlTestDb::Create(options);
}

// The outbox rows, oldest first.
inline absl::StatusOr<std::vector<events::OutboxEvent>> ReadOutbox(mysql::ConnectionPool& pool) {
  return mysql::RunReadOnly<std::vector<events::OutboxEvent>>(
      pool, mysql::TxOptions{},
      [](mysql::Session& s) -> absl::StatusOr<std::vector<events::OutboxEvent>> {
        std::unique_ptr<sql::ResultSet> rs(
            s.Prepare("SELECT event_id, event_type, subject, request_id, payload, occur_time "
                      "FROM outbox_events ORDER BY sequence")
                .executeQuery());
        std::vector<events::OutboxEvent> out;
        while (rs->next()) {
          events::OutboxEvent e;
          e.event_id = rs->getString("event_id").asStdString();
          e.event_type = rs->getString("event_type").asStdString();
          e.subject = rs->getString("subject").asStdString();
          e.request_id = rs->getString("request_id").asStdString();
          e.payload = rs->getString("payload").asStdString();
          e.occur_time = mysql::GetTime(*rs, "occur_time");
          out.push_back(std::move(e));
        }
        return out;
      });
}

class StorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db = NewCreditRatingTestDb();
    ASSERT_TRUE(db.ok()) << "cannot set up a test database: " << db.status();
    db_ = *std::move(db);
  }

  testing::MySqlTestDb& db() { return *db_; }
  // The least-privilege user's pool.
  mysql::ConnectionPool& pool() { return db_->app_pool(); }

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
};

}  // namespace ccrm::rating
