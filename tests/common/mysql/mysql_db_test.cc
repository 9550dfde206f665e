// Tests of common/mysql against a real MariaDB/MySQL server (a throwaway database per test):
// error mapping of real errors, transactions (commit, rollback, retry on deadlock and on a lost
// connection), the connection pool, migrations and column value conversions.
#include <cppconn/datatype.h>
#include <cppconn/resultset.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/money/money.h"
#include "common/mysql/connection_pool.h"
#include "common/mysql/migrations.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm::mysql {
namespace {

using ::ccrm::testing::MySqlTestDb;
using ::ccrm::testing::MySqlTestDbOptions;
using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;

// Polls `done` until it holds or 20 s pass; returns its last value.
bool Eventually(const std::function<bool()>& done) {
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (!done()) {
    if (absl::Now() > give_up) {
      return false;
    }
    absl::SleepFor(absl::Milliseconds(2));
  }
  return true;
}

// Runs one statement without parameters in the session.
void Exec(Session& s, const std::string& sql) { s.Execute(sql); }

int64_t QueryInt(Session& s, const std::string& sql) {
  std::unique_ptr<sql::ResultSet> rs(s.Prepare(sql).executeQuery());
  EXPECT_TRUE(rs->next()) << sql;
  return rs->getInt64(1);
}

int64_t ConnectionId(Session& s) { return QueryInt(s, "SELECT CONNECTION_ID()"); }

class MySqlDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MySqlTestDbOptions options;
    options.pool_size = 4;
    absl::StatusOr<std::unique_ptr<MySqlTestDb>> db = MySqlTestDb::Create(options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    ASSERT_OK(db_->ExecuteAsAdmin(
        "CREATE TABLE accounts (id INT NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE, "
        "small TINYINT NULL, balance DECIMAL(38,9) NULL, opened DATE NULL, "
        "updated_at DATETIME(6) NULL, note VARCHAR(100) NULL) ENGINE=InnoDB"));
    ASSERT_OK(db_->ExecuteAsAdmin(
        "CREATE TABLE children (id INT NOT NULL PRIMARY KEY, account_id INT NOT NULL, "
        "FOREIGN KEY (account_id) REFERENCES accounts (id)) ENGINE=InnoDB"));
    ASSERT_OK(db_->ExecuteAsAdmin(
        "INSERT INTO accounts (id, name, balance) VALUES (1, 'one', 100), (2, 'two', 200)"));
  }

  // A pool of the least-privilege user with its own size and acquire timeout.
  std::unique_ptr<ConnectionPool> AppPool(int max_size,
                                          absl::Duration acquire_timeout = absl::Seconds(30)) {
    absl::StatusOr<ConnectionOptions> options = db_->app_options();
    EXPECT_TRUE(options.ok()) << options.status();
    options->acquire_timeout = acquire_timeout;
    absl::StatusOr<std::unique_ptr<ConnectionPool>> pool =
        ConnectionPool::Create(*options, max_size);
    EXPECT_TRUE(pool.ok()) << pool.status();
    return pool.ok() ? *std::move(pool) : nullptr;
  }

  // Runs `sql` in its own transaction on the app pool.
  absl::Status RunSql(const std::string& sql, int max_attempts = 3) {
    return RunInTransaction(db_->app_pool(), TxOptions{max_attempts}, [&](Session& s) {
      Exec(s, sql);
      return absl::OkStatus();
    });
  }

  int64_t Count(const std::string& where) {
    absl::StatusOr<int64_t> n =
        db_->QueryIntAsAdmin(absl::StrCat("SELECT COUNT(*) FROM accounts WHERE ", where));
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  std::unique_ptr<MySqlTestDb> db_;
};

// ---- SqlErrorToStatus on errors the server really raises ----

TEST_F(MySqlDbTest, DuplicateKeyIsAlreadyExists) {
  absl::Status s = RunSql("INSERT INTO accounts (id, name) VALUES (1, 'again')");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("1062")));
  EXPECT_EQ(ErrorReason(s), "DATABASE_DUPLICATE_KEY");
  s = RunSql("INSERT INTO accounts (id, name) VALUES (3, 'one')");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(MySqlDbTest, ForeignKeyIsFailedPrecondition) {
  absl::Status s = RunSql("INSERT INTO children (id, account_id) VALUES (1, 99)");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("1452")));
  EXPECT_EQ(ErrorReason(s), "DATABASE_FOREIGN_KEY");
  ASSERT_OK(RunSql("INSERT INTO children (id, account_id) VALUES (1, 1)"));
  s = RunSql("DELETE FROM accounts WHERE id = 1");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("1451")));
  EXPECT_EQ(ErrorReason(s), "DATABASE_FOREIGN_KEY");
}

TEST_F(MySqlDbTest, RejectedValuesAreInvalidArgument) {
  absl::Status too_long = RunSql("INSERT INTO accounts (id, name) VALUES (5, REPEAT('x', 30))");
  EXPECT_THAT(too_long, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1406")));
  EXPECT_EQ(ErrorReason(too_long), "DATABASE_VALUE_REJECTED");
  absl::Status out_of_range = RunSql("UPDATE accounts SET small = 300 WHERE id = 1");
  EXPECT_THAT(out_of_range, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1264")));
  absl::Status incorrect = RunSql("UPDATE accounts SET small = 'abc' WHERE id = 1");
  EXPECT_THAT(incorrect, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("1366")));
}

TEST_F(MySqlDbTest, AccessDeniedIsPermissionDenied) {
  // The app user may not change the schema.
  absl::Status s = RunSql("DROP TABLE children");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("1142")));
  EXPECT_EQ(ErrorReason(s), "DATABASE_ACCESS_DENIED");

  // Wrong password at connect.
  ASSERT_OK_AND_ASSIGN(ConnectionOptions options, db_->app_options());
  options.password = "wrong";
  absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = ConnectionPool::Create(options, 1);
  EXPECT_THAT(pool, StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("1045")));
  EXPECT_EQ(ErrorReason(pool.status()), "DATABASE_ACCESS_DENIED");
}

TEST_F(MySqlDbTest, StatementTimeoutIsDeadlineExceeded) {
  // Its own pool: the session setting must not leak into other tests' sessions.
  std::unique_ptr<ConnectionPool> pool = AppPool(1);
  absl::Status s = RunInTransaction(*pool, {}, [](Session& s) {
    Exec(s, "SET SESSION max_statement_time = 0.05");
    QueryInt(s, "SELECT SLEEP(5)");
    return absl::OkStatus();
  });
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("1969")));
  EXPECT_EQ(ErrorReason(s), "DATABASE_TIMEOUT");
}

TEST_F(MySqlDbTest, SyntaxErrorIsInternal) {
  absl::Status s = RunSql("SELEC 1");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInternal, HasSubstr("1064")));
  EXPECT_EQ(ErrorReason(s), "DATABASE_ERROR");
}

TEST_F(MySqlDbTest, NothingListeningIsUnavailable) {
  ASSERT_OK_AND_ASSIGN(ConnectionOptions options, db_->app_options());
  options.port = 1;  // nothing listens there
  absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = ConnectionPool::Create(options, 1);
  EXPECT_THAT(pool, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(ErrorReason(pool.status()), "DATABASE_UNAVAILABLE");
}

// ---- RunInTransaction ----

TEST_F(MySqlDbTest, TransactionCommits) {
  ASSERT_OK(RunInTransaction(db_->app_pool(), {}, [](Session& s) {
    Exec(s, "INSERT INTO accounts (id, name) VALUES (10, 'ten')");
    Exec(s, "INSERT INTO accounts (id, name) VALUES (11, 'eleven')");
    return absl::OkStatus();
  }));
  EXPECT_EQ(Count("id IN (10, 11)"), 2);
}

// AfterCommit actions run once the data is committed — and visible to another session — and
// never for a transaction that rolls back.
TEST_F(MySqlDbTest, AfterCommitActionsRunOnlyAfterACommit) {
  int64_t seen_by_action = -1;
  ASSERT_OK(RunInTransaction(db_->app_pool(), {}, [&](Session& s) {
    Exec(s, "INSERT INTO accounts (id, name) VALUES (20, 'twenty')");
    s.AfterCommit([&] { seen_by_action = Count("id = 20"); });
    return absl::OkStatus();
  }));
  EXPECT_EQ(seen_by_action, 1);

  bool ran = false;
  absl::Status failed = RunInTransaction(db_->app_pool(), {}, [&](Session& s) {
    Exec(s, "INSERT INTO accounts (id, name) VALUES (21, 'twenty-one')");
    s.AfterCommit([&] { ran = true; });
    return absl::AbortedError("changed my mind");
  });
  EXPECT_THAT(failed, StatusIs(absl::StatusCode::kAborted));
  // The next transaction on the (same, pooled) session commits: the dropped action stays dropped.
  ASSERT_OK(RunInTransaction(db_->app_pool(), {}, [](Session& s) {
    Exec(s, "INSERT INTO accounts (id, name) VALUES (22, 'twenty-two')");
    return absl::OkStatus();
  }));
  EXPECT_FALSE(ran);
  EXPECT_EQ(Count("id = 21"), 0);
}

TEST_F(MySqlDbTest, BodyErrorRollsBackAndIsReturnedUnchanged) {
  int runs = 0;
  absl::Status s = RunInTransaction(db_->app_pool(), {}, [&](Session& s) {
    ++runs;
    Exec(s, "INSERT INTO accounts (id, name) VALUES (10, 'ten')");
    return WithReason(absl::NotFoundError("customer 7 not found"), "CUSTOMER_NOT_FOUND");
  });
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kNotFound, "customer 7 not found"));
  EXPECT_EQ(ErrorReason(s), "CUSTOMER_NOT_FOUND");
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(Count("id = 10"), 0);
}

TEST_F(MySqlDbTest, SqlExceptionRollsBackMapsAndIsNotRetried) {
  int runs = 0;
  absl::Status s = RunInTransaction(db_->app_pool(), {}, [&](Session& s) {
    ++runs;
    Exec(s, "INSERT INTO accounts (id, name) VALUES (10, 'ten')");
    Exec(s, "INSERT INTO accounts (id, name) VALUES (1, 'duplicate id')");
    return absl::OkStatus();
  });
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(Count("id = 10"), 0);
}

TEST_F(MySqlDbTest, OtherExceptionIsInternalAndDiscardsSession) {
  std::unique_ptr<ConnectionPool> pool = AppPool(2);
  const int64_t discarded = pool->stats().discarded_total;
  absl::Status s = RunInTransaction(*pool, {}, [](Session& s) -> absl::Status {
    Exec(s, "INSERT INTO accounts (id, name) VALUES (10, 'ten')");
    throw std::runtime_error("bad conversion");
  });
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInternal, HasSubstr("bad conversion")));
  EXPECT_EQ(pool->stats().discarded_total, discarded + 1);
  // The session was closed without COMMIT: nothing landed.
  EXPECT_EQ(Count("id = 10"), 0);
}

TEST_F(MySqlDbTest, ValueProducingBody) {
  absl::StatusOr<int64_t> balance =
      RunInTransaction<int64_t>(db_->app_pool(), {}, [](Session& s) -> absl::StatusOr<int64_t> {
        return QueryInt(s, "SELECT CAST(balance AS SIGNED) FROM accounts WHERE id = 2");
      });
  ASSERT_OK(balance);
  EXPECT_EQ(*balance, 200);
  absl::StatusOr<int64_t> missing = RunInTransaction<int64_t>(
      db_->app_pool(), {},
      [](Session&) -> absl::StatusOr<int64_t> { return absl::NotFoundError("none"); });
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(MySqlDbTest, DeadlockIsRetriedAndBothSucceed) {
  std::unique_ptr<ConnectionPool> pool = AppPool(4);
  absl::Mutex mu;
  int first_locks = 0;  // how many first-attempt bodies hold their first row
  std::atomic<int> runs_a{0};
  std::atomic<int> runs_b{0};

  // Locks `first`, waits (first attempt only) until the other transaction holds its first row,
  // then locks `second`: the two orders deadlock.
  auto body = [&](int first, int second, std::atomic<int>& runs) {
    return [&, first, second](Session& s) {
      const int run = ++runs;
      Exec(s, absl::StrCat("UPDATE accounts SET balance = balance + 1 WHERE id = ", first));
      if (run == 1) {
        absl::MutexLock lock(&mu);
        ++first_locks;
        auto both = [&first_locks] { return first_locks >= 2; };
        mu.AwaitWithTimeout(absl::Condition(&both), absl::Seconds(20));
      }
      Exec(s, absl::StrCat("UPDATE accounts SET balance = balance + 1 WHERE id = ", second));
      return absl::OkStatus();
    };
  };
  absl::Status status_a;
  absl::Status status_b;
  std::thread a([&] { status_a = RunInTransaction(*pool, {}, body(1, 2, runs_a)); });
  std::thread b([&] { status_b = RunInTransaction(*pool, {}, body(2, 1, runs_b)); });
  a.join();
  b.join();
  EXPECT_OK(status_a);
  EXPECT_OK(status_b);
  EXPECT_TRUE(runs_a.load() > 1 || runs_b.load() > 1)
      << "runs: " << runs_a.load() << ", " << runs_b.load();
  EXPECT_EQ(runs_a.load() + runs_b.load(), 3);
  // Each transaction added 1 to both rows exactly once.
  EXPECT_EQ(Count("id = 1 AND balance = 102"), 1);
  EXPECT_EQ(Count("id = 2 AND balance = 202"), 1);
}

TEST_F(MySqlDbTest, DeadlockAfterLastAttemptIsAborted) {
  std::unique_ptr<ConnectionPool> pool = AppPool(4);
  absl::Mutex mu;
  int first_locks = 0;
  auto body = [&](int first, int second) {
    return [&, first, second](Session& s) {
      Exec(s, absl::StrCat("UPDATE accounts SET balance = balance + 1 WHERE id = ", first));
      {
        absl::MutexLock lock(&mu);
        ++first_locks;
        auto both = [&first_locks] { return first_locks >= 2; };
        mu.AwaitWithTimeout(absl::Condition(&both), absl::Seconds(20));
      }
      Exec(s, absl::StrCat("UPDATE accounts SET balance = balance + 1 WHERE id = ", second));
      return absl::OkStatus();
    };
  };
  absl::Status status_a;
  absl::Status status_b;
  std::thread a([&] { status_a = RunInTransaction(*pool, TxOptions{1}, body(1, 2)); });
  std::thread b([&] { status_b = RunInTransaction(*pool, TxOptions{1}, body(2, 1)); });
  a.join();
  b.join();
  // With one attempt, the deadlock victim gives up with ABORTED; the other commits.
  EXPECT_NE(status_a.ok(), status_b.ok());
  absl::Status failed = status_a.ok() ? status_b : status_a;
  EXPECT_THAT(failed, StatusIs(absl::StatusCode::kAborted, HasSubstr("1213")));
  EXPECT_EQ(ErrorReason(failed), "DATABASE_CONFLICT");
}

TEST_F(MySqlDbTest, LostConnectionBeforeCommitIsRetriedOnFreshSession) {
  std::unique_ptr<ConnectionPool> pool = AppPool(2);
  const PoolStats before = pool->stats();
  int runs = 0;
  int64_t killed_id = 0;
  std::vector<int64_t> ids;
  absl::Status status = RunInTransaction(*pool, {}, [&](Session& s) -> absl::Status {
    ++runs;
    const int64_t id = ConnectionId(s);
    ids.push_back(id);
    Exec(s, "INSERT INTO accounts (id, name) VALUES (20, 'twenty')");
    if (runs == 1) {
      killed_id = id;
      RETURN_IF_ERROR(db_->ExecuteAsAdmin(absl::StrCat("KILL CONNECTION ", id)));
      // The next statement finds the connection gone.
      Exec(s, "UPDATE accounts SET note = 'after kill' WHERE id = 20");
    }
    return absl::OkStatus();
  });
  ASSERT_OK(status);
  EXPECT_EQ(runs, 2);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_NE(ids[1], killed_id);
  EXPECT_EQ(Count("id = 20"), 1);
  const PoolStats after = pool->stats();
  EXPECT_EQ(after.discarded_total, before.discarded_total + 1);
  EXPECT_LE(after.open, 2);

  // The broken session is never handed out again: every session the pool holds works and none
  // is the killed connection.
  std::vector<ConnectionPool::Lease> leases;
  for (int i = 0; i < 2; ++i) {
    ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease lease, pool->Acquire());
    EXPECT_NE(ConnectionId(*lease), killed_id);
    lease->Commit();
    leases.push_back(std::move(lease));
  }
}

// A connection lost while COMMIT is on its way must never read as a commit: the caller learns
// the outcome is unknown (and may retry with its request id). Connector/C++ 1.1's own commit()
// swallows this error; the session sends COMMIT as a statement instead.
TEST_F(MySqlDbTest, LostConnectionDuringCommitIsUnavailableOutcomeUnknown) {
  std::unique_ptr<ConnectionPool> pool = AppPool(2);
  const PoolStats before = pool->stats();
  int runs = 0;
  absl::Status status = RunInTransaction(*pool, {}, [&](Session& s) -> absl::Status {
    ++runs;
    Exec(s, "INSERT INTO accounts (id, name) VALUES (21, 'twenty-one')");
    // Killed after the body's last statement: the next thing on the wire is the COMMIT.
    return db_->ExecuteAsAdmin(absl::StrCat("KILL CONNECTION ", ConnectionId(s)));
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(ErrorReason(status), "COMMIT_OUTCOME_UNKNOWN");
  EXPECT_EQ(runs, 1);
  // The server rolled the killed session's transaction back.
  EXPECT_EQ(Count("id = 21"), 0);
  EXPECT_EQ(pool->stats().discarded_total, before.discarded_total + 1);
}

TEST_F(MySqlDbTest, RetriesStopAtTheDeadline) {
  int runs = 0;
  absl::Status status = RunInTransaction(
      db_->app_pool(), TxOptions{5, absl::Now() - absl::Seconds(1)}, [&](Session&) -> absl::Status {
        ++runs;
        throw sql::SQLException("Deadlock found", "40001", kErrDeadlock);
      });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_EQ(runs, 0);
}

// ---- ConnectionPool ----

TEST_F(MySqlDbTest, PoolStats) {
  std::unique_ptr<ConnectionPool> pool = AppPool(3);
  PoolStats s = pool->stats();
  EXPECT_EQ(s.max_size, 3);
  EXPECT_EQ(s.open, 1);  // Create proves the options with one connection
  EXPECT_EQ(s.in_use, 0);
  EXPECT_EQ(s.opened_total, 1);
  {
    ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease a, pool->Acquire());
    ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease b, pool->Acquire());
    s = pool->stats();
    EXPECT_EQ(s.open, 2);
    EXPECT_EQ(s.in_use, 2);
    EXPECT_EQ(s.opened_total, 2);
  }
  s = pool->stats();
  EXPECT_EQ(s.open, 2);
  EXPECT_EQ(s.in_use, 0);
  EXPECT_EQ(s.waiting, 0);
  EXPECT_EQ(s.discarded_total, 0);
}

TEST_F(MySqlDbTest, AcquireWaitsThenPoolExhausted) {
  std::unique_ptr<ConnectionPool> pool = AppPool(2, absl::Milliseconds(300));
  ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease a, pool->Acquire());
  ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease b, pool->Acquire());
  const absl::Time start = absl::Now();
  absl::StatusOr<ConnectionPool::Lease> c = pool->Acquire();
  const absl::Duration waited = absl::Now() - start;
  EXPECT_THAT(c, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(ErrorReason(c.status()), "DATABASE_POOL_EXHAUSTED");
  EXPECT_GE(waited, absl::Milliseconds(250));
  EXPECT_EQ(pool->stats().waiting, 0);
}

TEST_F(MySqlDbTest, AcquireDeadlineIsDeadlineExceeded) {
  std::unique_ptr<ConnectionPool> pool = AppPool(1, absl::Seconds(30));
  ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease a, pool->Acquire());
  absl::StatusOr<ConnectionPool::Lease> b = pool->Acquire(absl::Now() + absl::Milliseconds(100));
  EXPECT_THAT(b, StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_F(MySqlDbTest, WaitingAcquireGetsReleasedSession) {
  std::unique_ptr<ConnectionPool> pool = AppPool(1, absl::Seconds(30));
  std::optional<ConnectionPool::Lease> held;
  {
    ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease a, pool->Acquire());
    held.emplace(std::move(a));
  }
  const int64_t held_id = ConnectionId(**held);
  (*held)->Commit();
  absl::StatusOr<int64_t> waiter_id = absl::UnknownError("not run");
  std::thread waiter([&] {
    absl::StatusOr<ConnectionPool::Lease> lease = pool->Acquire();
    if (!lease.ok()) {
      waiter_id = lease.status();
      return;
    }
    waiter_id = ConnectionId(**lease);
    (*lease)->Commit();
  });
  ASSERT_TRUE(Eventually([&] { return pool->stats().waiting == 1; }));
  held.reset();
  waiter.join();
  ASSERT_OK(waiter_id);
  EXPECT_EQ(*waiter_id, held_id);  // the same session, reused
}

TEST_F(MySqlDbTest, MaxSizeHonouredUnderConcurrency) {
  constexpr int kMax = 3;
  std::unique_ptr<ConnectionPool> pool = AppPool(kMax);
  absl::Mutex mu;
  int in_body = 0;
  int max_in_body = 0;
  std::set<int64_t> connection_ids;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 10; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        absl::Status s = RunInTransaction(*pool, {}, [&](Session& s) {
          const int64_t id = ConnectionId(s);
          {
            absl::MutexLock lock(&mu);
            ++in_body;
            max_in_body = std::max(max_in_body, in_body);
            connection_ids.insert(id);
          }
          QueryInt(s, "SELECT SLEEP(0.002)");
          {
            absl::MutexLock lock(&mu);
            --in_body;
          }
          return absl::OkStatus();
        });
        if (!s.ok()) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(max_in_body, kMax);
  EXPECT_GE(max_in_body, 2);
  EXPECT_LE(connection_ids.size(), static_cast<size_t>(kMax));
  PoolStats s = pool->stats();
  EXPECT_LE(s.open, kMax);
  EXPECT_LE(s.opened_total, kMax);
  EXPECT_EQ(s.in_use, 0);
}

// ---- Migrations ----

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MySqlTestDbOptions options;
    options.create_app_user = false;
    options.pool_size = 2;
    absl::StatusOr<std::unique_ptr<MySqlTestDb>> db = MySqlTestDb::Create(options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    char name[] = "/tmp/ccrm_migrations_XXXXXX";
    ASSERT_NE(mkdtemp(name), nullptr);
    dir_ = name;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& file, const std::string& content) {
    std::ofstream(absl::StrCat(dir_, "/", file)) << content;
  }
  std::vector<Migration> Read() {
    absl::StatusOr<std::vector<Migration>> m = ReadMigrationDir(dir_);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.value_or(std::vector<Migration>{});
  }

  std::unique_ptr<MySqlTestDb> db_;
  std::string dir_;
};

TEST_F(MigrationsTest, AppliesOnceThenNoOp) {
  Write("001_create.sql",
        "-- two tables\n"
        "CREATE TABLE a (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n"
        "CREATE TABLE b (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n");
  Write("002_seed.sql", "INSERT INTO a (id) VALUES (1), (2);\n");
  std::vector<Migration> migrations = Read();
  ASSERT_OK_AND_ASSIGN(int applied, ApplyMigrations(db_->admin_pool(), migrations));
  EXPECT_EQ(applied, 2);
  EXPECT_EQ(*db_->QueryIntAsAdmin("SELECT COUNT(*) FROM a"), 2);
  EXPECT_EQ(*db_->QueryIntAsAdmin("SELECT COUNT(*) FROM schema_migrations"), 2);
  EXPECT_EQ(*db_->QueryStringAsAdmin("SELECT checksum FROM schema_migrations WHERE version = 1"),
            migrations[0].checksum);
  EXPECT_OK(CheckMigrationsApplied(db_->admin_pool(), migrations));

  ASSERT_OK_AND_ASSIGN(int again, ApplyMigrations(db_->admin_pool(), migrations));
  EXPECT_EQ(again, 0);
  EXPECT_EQ(*db_->QueryIntAsAdmin("SELECT COUNT(*) FROM a"), 2);  // the seed did not run twice
}

TEST_F(MigrationsTest, PendingMigrationIsSchemaOutdated) {
  Write("001_create.sql", "CREATE TABLE a (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n");
  ASSERT_OK(ApplyMigrations(db_->admin_pool(), Read()));
  Write("002_more.sql", "CREATE TABLE c (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n");
  std::vector<Migration> migrations = Read();
  absl::Status s = CheckMigrationsApplied(db_->admin_pool(), migrations);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("002_more.sql")));
  EXPECT_EQ(ErrorReason(s), "SCHEMA_OUTDATED");
  ASSERT_OK_AND_ASSIGN(int applied, ApplyMigrations(db_->admin_pool(), migrations));
  EXPECT_EQ(applied, 1);
  EXPECT_OK(CheckMigrationsApplied(db_->admin_pool(), migrations));
}

TEST_F(MigrationsTest, NoHistoryTableIsSchemaOutdated) {
  Write("001_create.sql", "CREATE TABLE a (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n");
  absl::Status s = CheckMigrationsApplied(db_->admin_pool(), Read());
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(s), "SCHEMA_OUTDATED");
}

TEST_F(MigrationsTest, ChangedMigrationIsRefused) {
  Write("001_create.sql", "CREATE TABLE a (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n");
  ASSERT_OK(ApplyMigrations(db_->admin_pool(), Read()));
  Write("001_create.sql",
        "CREATE TABLE a (id INT NOT NULL PRIMARY KEY, x INT NULL) ENGINE=InnoDB;\n");
  std::vector<Migration> changed = Read();
  absl::StatusOr<int> applied = ApplyMigrations(db_->admin_pool(), changed);
  EXPECT_THAT(applied, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("001_create")));
  EXPECT_EQ(ErrorReason(applied.status()), "MIGRATION_CHANGED");
  absl::Status check = CheckMigrationsApplied(db_->admin_pool(), changed);
  EXPECT_THAT(check, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(check), "MIGRATION_CHANGED");
  // The pool still works after the refusal (the migration lock was released).
  Write("001_create.sql", "CREATE TABLE a (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n");
  EXPECT_OK(ApplyMigrations(db_->admin_pool(), Read()));
}

TEST_F(MigrationsTest, FailingStatementStopsAndIsNotRecorded) {
  Write("001_create.sql", "CREATE TABLE a (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n");
  Write("002_broken.sql",
        "CREATE TABLE b (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\nSELEC 1;\n");
  absl::StatusOr<int> applied = ApplyMigrations(db_->admin_pool(), Read());
  EXPECT_THAT(applied, StatusIs(absl::StatusCode::kInternal, HasSubstr("1064")));
  EXPECT_EQ(*db_->QueryIntAsAdmin("SELECT COUNT(*) FROM schema_migrations"), 1);
  // Fixed (the file was never applied, so it may still change), it applies.
  Write("002_broken.sql",
        "CREATE TABLE IF NOT EXISTS b (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n");
  ASSERT_OK_AND_ASSIGN(int fixed, ApplyMigrations(db_->admin_pool(), Read()));
  EXPECT_EQ(fixed, 1);
}

TEST_F(MigrationsTest, ConcurrentMigratorsApplyEachOnce) {
  Write("001_create.sql", "CREATE TABLE a (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n");
  Write("002_seed.sql", "INSERT INTO a (id) VALUES (1), (2), (3);\n");
  Write("003_more.sql", "INSERT INTO a (id) VALUES (4);\n");
  const std::vector<Migration> migrations = Read();
  constexpr int kMigrators = 4;
  std::vector<absl::StatusOr<int>> results(kMigrators, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kMigrators; ++i) {
    threads.emplace_back([&, i] {
      absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = db_->NewPool(/*admin=*/true, 1);
      if (!pool.ok()) {
        results[i] = pool.status();
        return;
      }
      results[i] = ApplyMigrations(**pool, migrations);
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  int total = 0;
  for (const absl::StatusOr<int>& r : results) {
    ASSERT_OK(r);
    total += *r;
  }
  EXPECT_EQ(total, 3);
  EXPECT_EQ(*db_->QueryIntAsAdmin("SELECT COUNT(*) FROM a"), 4);
  EXPECT_EQ(*db_->QueryIntAsAdmin("SELECT COUNT(*) FROM schema_migrations"), 3);
}

// ---- Column values ----

TEST_F(MySqlDbTest, ValuesRoundTrip) {
  const absl::Time updated = absl::FromUnixMicros(1795334462123456);
  ASSERT_OK_AND_ASSIGN(Money balance, ParseMoney("CNY", "-1234567.000000009"));
  ASSERT_OK(RunInTransaction(db_->app_pool(), {}, [&](Session& s) {
    sql::PreparedStatement& insert = s.Prepare(
        "INSERT INTO accounts (id, name, balance, opened, updated_at, note) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    insert.setInt(1, 30);
    insert.setString(2, "thirty");
    SetOptionalMoney(insert, 3, balance);
    SetOptionalDate(insert, 4, absl::CivilDay(2026, 2, 28));
    insert.setString(5, SqlTime(updated));
    SetOptionalString(insert, 6, "a note");
    insert.executeUpdate();
    // The same statement again (cached), all optional values absent.
    sql::PreparedStatement& again = s.Prepare(
        "INSERT INTO accounts (id, name, balance, opened, updated_at, note) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    again.setInt(1, 31);
    again.setString(2, "thirty-one");
    SetOptionalMoney(again, 3, std::nullopt);
    SetOptionalDate(again, 4, std::nullopt);
    again.setNull(5, sql::DataType::TIMESTAMP);
    SetOptionalString(again, 6, "");
    again.executeUpdate();
    return absl::OkStatus();
  }));
  ASSERT_OK(RunInTransaction(db_->app_pool(), {}, [&](Session& s) {
    std::unique_ptr<sql::ResultSet> rs(
        s.Prepare("SELECT * FROM accounts WHERE id IN (30, 31) ORDER BY id").executeQuery());
    EXPECT_TRUE(rs->next());
    EXPECT_EQ(GetOptionalMoney(*rs, "balance", "CNY"), balance);
    EXPECT_EQ(GetOptionalDate(*rs, "opened"), absl::CivilDay(2026, 2, 28));
    EXPECT_EQ(GetTime(*rs, "updated_at"), updated);
    EXPECT_EQ(GetOptionalTime(*rs, "updated_at"), updated);
    EXPECT_EQ(GetOptionalString(*rs, "note"), "a note");
    EXPECT_TRUE(rs->next());
    EXPECT_EQ(GetOptionalMoney(*rs, "balance", "CNY"), std::nullopt);
    EXPECT_EQ(GetOptionalDate(*rs, "opened"), std::nullopt);
    EXPECT_EQ(GetOptionalTime(*rs, "updated_at"), std::nullopt);
    EXPECT_EQ(GetOptionalString(*rs, "note"), std::nullopt);
    EXPECT_FALSE(rs->next());
    return absl::OkStatus();
  }));
  // The server stored exactly what was meant (UTC, micros, 9 decimals).
  EXPECT_EQ(*db_->QueryStringAsAdmin("SELECT CAST(updated_at AS CHAR) FROM accounts WHERE id = 30"),
            "2026-11-22 08:01:02.123456");
  EXPECT_EQ(*db_->QueryStringAsAdmin("SELECT CAST(balance AS CHAR) FROM accounts WHERE id = 30"),
            "-1234567.000000009");
}

TEST_F(MySqlDbTest, SessionsRunInUtc) {
  ASSERT_OK(RunInTransaction(db_->app_pool(), {}, [&](Session& s) {
    std::unique_ptr<sql::ResultSet> rs(
        s.Prepare("SELECT @@session.time_zone, @@session.tx_isolation").executeQuery());
    EXPECT_TRUE(rs->next());
    EXPECT_EQ(rs->getString(1).asStdString(), "+00:00");
    EXPECT_EQ(rs->getString(2).asStdString(), "READ-COMMITTED");
    return absl::OkStatus();
  }));
}

}  // namespace
}  // namespace ccrm::mysql
