// ccrm-db-bench: the raw-database baselines of tests/bench, with Connector/C++ straight on
// MariaDB (no pool, no service): one connection per worker thread, statements prepared once per
// connection, a closed loop for a warm-up and a measured window, then one RESULT line like
// ccrm-loadgen's.
//   --mode=read    SELECT of one ~1 KB row by primary key from a table of --rows rows (created
//                  and filled on first use)
//   --mode=insert  INSERT of one ~1 KB row with a fresh UUIDv7 key, autocommit: each call is one
//                  committed, durable transaction (innodb_flush_log_at_trx_commit=1 on the server)
//
// Example:
//   ccrm-db-bench --mode=insert --concurrency=16 --duration=10s --host=127.0.0.1 --port=3316
//       --user=ccrm_bench --password_file=/tmp/bench/ccrm_bench.password --database=ccrm_bench
//
// Exit status: 0 when the run completed (failed statements are counted in the line), 1 when the
// database cannot be reached or set up, 2 for bad flags.
#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/config/flags.h"
#include "common/ids/uuid.h"
#include "common/time/clock.h"
#include "tests/bench/bench_support.h"
#include "tests/bench/closed_loop.h"
#include "tests/bench/process_cpu.h"

namespace ccrm::bench {
namespace {

constexpr char kReadTable[] = "bench_read_rows";
constexpr char kInsertTable[] = "bench_insert_rows";
constexpr int kFillBatch = 500;

struct DbBenchFlags {
  std::string mode = "read";
  int concurrency = 16;
  absl::Duration duration = absl::Seconds(10);
  absl::Duration warmup = absl::Seconds(2);
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password_file;
  std::string database;
  int rows = 10000;
  int row_bytes = 1000;
  int seed = 0;
  std::string watch_pids;

  void Bind(FlagSet& flags) {
    flags.Add("mode", &mode, "read (point SELECT by key) | insert (durable autocommit INSERT)");
    flags.Add("concurrency", &concurrency, "connections, one thread each");
    flags.Add("duration", &duration, "measured window");
    flags.Add("warmup", &warmup, "load before the window that is not counted");
    flags.Add("host", &host, "MariaDB host (loopback only)");
    flags.Add("port", &port, "MariaDB TCP port");
    flags.Add("user", &user, "user with CREATE, SELECT, INSERT on --database");
    flags.Add("password_file", &password_file, "file holding the user's password");
    flags.Add("database", &database, "schema the benchmark tables live in");
    flags.Add("rows", &rows, "read: rows in the table read from");
    flags.Add("row_bytes", &row_bytes, "approximate size of a row");
    flags.Add("seed", &seed, "random seed; 0 = a random one");
    flags.Add("watch_pids", &watch_pids,
              "label:pid,... whose CPU use over the window is reported as cpu_<label>");
  }

  absl::Status Validate() const {
    if (mode != "read" && mode != "insert") {
      return absl::InvalidArgumentError("--mode must be read or insert");
    }
    if (absl::Status s = RequireLoopbackHost(host); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--host: ", s.message()));
    }
    if (concurrency < 1 || concurrency > 256) {
      return absl::InvalidArgumentError("--concurrency must be 1..256");
    }
    if (duration <= absl::ZeroDuration() || duration > absl::Hours(1) ||
        warmup < absl::ZeroDuration() || warmup > absl::Hours(1)) {
      return absl::InvalidArgumentError("--duration must be in (0, 1h], --warmup in [0, 1h]");
    }
    if (user.empty() || password_file.empty() || database.empty()) {
      return absl::InvalidArgumentError("--user, --password_file and --database are required");
    }
    if (rows < 1 || row_bytes < 200 || row_bytes > 60000) {
      return absl::InvalidArgumentError("--rows must be >= 1, --row_bytes 200..60000");
    }
    return absl::OkStatus();
  }
};

// MySQL error numbers to the codes the services would answer with.
absl::StatusCode CodeOfSqlError(const sql::SQLException& e) {
  switch (e.getErrorCode()) {
    case 1205:  // lock wait timeout
    case 1213:  // deadlock
      return absl::StatusCode::kAborted;
    case 2002:  // cannot connect (socket)
    case 2003:  // cannot connect (TCP)
    case 2006:  // server has gone away
    case 2013:  // lost connection during query
      return absl::StatusCode::kUnavailable;
    default:
      return absl::StatusCode::kInternal;
  }
}

absl::Status ToStatus(const sql::SQLException& e, const std::string& what) {
  return absl::Status(CodeOfSqlError(e),
                      absl::StrCat(what, ": MySQL error ", e.getErrorCode(), ": ", e.what()));
}

std::string CreateTableSql(const std::string& table) {
  // Roughly the shape of a customer row: a UUID key, a name, a code, long text, money, a time.
  return absl::StrCat("CREATE TABLE IF NOT EXISTS ", table,
                      " (id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,"
                      " legal_name VARCHAR(200) NOT NULL,"
                      " code CHAR(18) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,"
                      " details TEXT NOT NULL,"
                      " amount DECIMAL(38,9) NOT NULL,"
                      " create_time DATETIME(6) NOT NULL,"
                      " revision BIGINT NOT NULL,"
                      " PRIMARY KEY (id)"
                      ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
}

constexpr char kInsertColumns[] =
    " (id, legal_name, code, details, amount, create_time, revision)"
    " VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6), 1)";

// A worker's connection and its prepared statement.
struct Session {
  std::unique_ptr<sql::Connection> connection;
  std::unique_ptr<sql::PreparedStatement> statement;
  std::mt19937_64 random;
};

class DbBench final {
 public:
  explicit DbBench(const DbBenchFlags& flags, std::string password)
      : flags_(flags),
        password_(std::move(password)),
        // Fetched once, before any thread races for it.
        driver_(sql::mysql::get_mysql_driver_instance()),
        details_(static_cast<size_t>(flags.row_bytes - 150), 'd') {}

  // Creates (and for reads fills) the table and opens one session per worker. UNAVAILABLE or
  // INTERNAL (with the MySQL error) on failure.
  absl::Status SetUp(uint64_t seed) {
    try {
      std::unique_ptr<sql::Connection> admin = Connect();
      std::unique_ptr<sql::Statement> st(admin->createStatement());
      const std::string table = flags_.mode == "read" ? kReadTable : kInsertTable;
      st->execute(CreateTableSql(table));
      if (flags_.mode == "read") {
        if (absl::Status s = Fill(*admin); !s.ok()) {
          return s;
        }
      }
      for (int i = 0; i < flags_.concurrency; ++i) {
        Session s;
        s.connection = Connect();
        s.statement.reset(s.connection->prepareStatement(
            flags_.mode == "read"
                ? absl::StrCat("SELECT id, legal_name, code, details, amount, create_time, "
                               "revision FROM ",
                               kReadTable, " WHERE id = ?")
                : absl::StrCat("INSERT INTO ", kInsertTable, kInsertColumns)));
        s.random.seed(seed + static_cast<uint64_t>(i));
        sessions_.push_back(std::move(s));
      }
    } catch (const sql::SQLException& e) {
      return ToStatus(e, "setting up");
    }
    return absl::OkStatus();
  }

  // One read or insert on `worker`'s session; OK or the code of the MySQL error.
  absl::StatusCode Operate(int worker) {
    thread_local bool thread_initialised = false;
    if (!thread_initialised) {
      driver_->threadInit();
      thread_initialised = true;
    }
    Session& s = sessions_[static_cast<size_t>(worker)];
    try {
      if (flags_.mode == "read") {
        std::uniform_int_distribution<size_t> pick(0, ids_.size() - 1);
        s.statement->setString(1, ids_[pick(s.random)]);
        std::unique_ptr<sql::ResultSet> rs(s.statement->executeQuery());
        if (!rs->next()) {
          return absl::StatusCode::kNotFound;
        }
        // Read every column, as a repository mapping the row would.
        volatile size_t sink = rs->getString(1).length() + rs->getString(2).length() +
                               rs->getString(3).length() + rs->getString(4).length() +
                               rs->getString(5).length() + rs->getString(6).length();
        (void)sink;
        (void)rs->getInt64(7);
      } else {
        BindRow(*s.statement, NewUuidV7(SystemClock::Get().Now()), next_row_.fetch_add(1));
        s.statement->executeUpdate();
      }
    } catch (const sql::SQLException& e) {
      if (!reported_error_.exchange(true)) {
        std::fprintf(stderr, "ccrm-db-bench: first error: %s\n",
                     ToStatus(e, flags_.mode).ToString().c_str());
      }
      return CodeOfSqlError(e);
    }
    return absl::StatusCode::kOk;
  }

 private:
  std::unique_ptr<sql::Connection> Connect() {
    sql::ConnectOptionsMap o;
    o["hostName"] = flags_.host;
    o["port"] = flags_.port;
    o["userName"] = flags_.user;
    o["password"] = password_;
    o["schema"] = flags_.database;
    o["OPT_CONNECT_TIMEOUT"] = 5;
    o["OPT_READ_TIMEOUT"] = 30;
    o["OPT_WRITE_TIMEOUT"] = 30;
    o["OPT_RECONNECT"] = false;
    o["OPT_CHARSET_NAME"] = "utf8mb4";
    return std::unique_ptr<sql::Connection>(driver_->connect(o));
  }

  void BindRow(sql::PreparedStatement& st, const std::string& id, int64_t n) {
    st.setString(1, id);
    st.setString(2, absl::StrCat("基准测试纺织有限公司", n));
    st.setString(3, absl::StrCat("91350100", std::string(9, '0'), "X"));
    st.setString(4, details_);
    st.setString(5, "50000000.000000000");
  }

  // Tops the read table up to --rows rows in transactions of kFillBatch, then loads its keys.
  absl::Status Fill(sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    int64_t have = 0;
    {
      std::unique_ptr<sql::ResultSet> rs(
          st->executeQuery(absl::StrCat("SELECT COUNT(*) FROM ", kReadTable)));
      have = rs->next() ? rs->getInt64(1) : 0;
    }
    if (have < flags_.rows) {
      std::unique_ptr<sql::PreparedStatement> insert(
          c.prepareStatement(absl::StrCat("INSERT INTO ", kReadTable, kInsertColumns)));
      c.setAutoCommit(false);
      for (int64_t n = have; n < flags_.rows; ++n) {
        BindRow(*insert, NewUuidV7(SystemClock::Get().Now()), n);
        insert->executeUpdate();
        if ((n + 1) % kFillBatch == 0) {
          c.commit();
        }
      }
      c.commit();
      c.setAutoCommit(true);
    }
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
        absl::StrCat("SELECT id FROM ", kReadTable, " ORDER BY id LIMIT ", flags_.rows)));
    while (rs->next()) {
      ids_.push_back(rs->getString(1));
    }
    if (ids_.empty()) {
      return absl::InternalError(absl::StrCat(kReadTable, " is empty after filling"));
    }
    return absl::OkStatus();
  }

  const DbBenchFlags flags_;
  const std::string password_;
  sql::mysql::MySQL_Driver* driver_;
  const std::string details_;
  std::vector<std::string> ids_;
  std::vector<Session> sessions_;
  std::atomic<int64_t> next_row_{0};
  std::atomic<bool> reported_error_{false};
};

int Run(int argc, char** argv) {
  DbBenchFlags f;
  FlagSet flags("ccrm-db-bench");
  f.Bind(flags);
  if (absl::Status s = flags.Parse(argc, argv); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  if (absl::Status s = f.Validate(); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  absl::StatusOr<std::vector<WatchedProcess>> watched = ParseWatchList(f.watch_pids);
  if (!watched.ok()) {
    ExitWithUsage(flags, watched.status());
  }
  absl::StatusOr<std::string> password = ReadTrimmedFile(f.password_file);
  if (!password.ok()) {
    std::fprintf(stderr, "ccrm-db-bench: password: %s\n", password.status().ToString().c_str());
    return 1;
  }
  DbBench bench(f, *password);
  if (absl::Status s = bench.SetUp(SeedOrRandom(f.seed)); !s.ok()) {
    std::fprintf(stderr, "ccrm-db-bench: %s\n", s.ToString().c_str());
    return 1;
  }
  const LoadOptions load{.concurrency = f.concurrency, .warmup = f.warmup, .duration = f.duration};
  CpuWindow cpu(*watched);
  RunResult result = RunBlockingClosedLoop(
      load, [&bench](int worker) { return bench.Operate(worker); },
      WindowHooks{[&cpu] { cpu.Start(); }, [&cpu] { cpu.Stop(); }});
  result.extra = cpu.Figures();
  std::printf("%s\n", FormatResultLine(absl::StrCat("db_", f.mode), load, result).c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace
}  // namespace ccrm::bench

int main(int argc, char** argv) { return ccrm::bench::Run(argc, argv); }
