#include "tests/fault/support/private_mariadb.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/testing/service_process.h"

namespace ccrm::fault {
namespace {

std::string RandomHex(int bytes) {
  std::random_device rd;
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    absl::StrAppendFormat(&out, "%02x", rd() & 0xFF);
  }
  return out;
}

std::string RepoRoot() {
  const char* root = std::getenv("CCRM_REPO_ROOT");
  return root != nullptr ? root : CCRM_SOURCE_DIR;
}

bool ProcessAlive(pid_t pid) {
  if (pid <= 0 || kill(pid, 0) != 0) {
    return false;
  }
  // A zombie still answers kill(0); its state in /proc says it is gone.
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  std::getline(stat, line);
  const size_t close_paren = line.rfind(')');
  return close_paren == std::string::npos || close_paren + 2 >= line.size() ||
         line[close_paren + 2] != 'Z';
}

// A port nobody listens on now, as the scripts pick one; 0 when that fails.
int FreePort() {
  testing::CommandResult result = testing::RunCommand(
      "/bin/bash", {"-c", "source \"$1\"/deploy/local/lib/common.sh && ccrm_pick_free_port", "pick",
                    RepoRoot()});
  return result.exit_code == 0 ? std::atoi(result.output.c_str()) : 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PrivateMariaDb>> PrivateMariaDb::Start() {
  std::unique_ptr<PrivateMariaDb> db(new PrivateMariaDb());
  // The socket path must stay short (sun_path), so the datadir sits right under /tmp.
  db->dir_ = testing::MakeTempDir("ccrm-fdb-");
  db->admin_password_ = RandomHex(16);
  db->port_ = FreePort();
  if (db->port_ <= 0) {
    return absl::InternalError("no free port for the private MariaDB");
  }
  absl::Status started = db->RunLib(
      absl::StrFormat("mariadb_start \"$DIR/db\" %d && mariadb_create_test_admin \"$DIR/db\" %s %s",
                      db->port_, db->admin_user_, db->admin_password_));
  if (!started.ok()) {
    return started;
  }
  return db;
}

PrivateMariaDb::~PrivateMariaDb() {
  if (dir_.empty()) {
    return;
  }
  (void)Thaw();
  (void)RunLib("mariadb_stop \"$DIR/db\"");
  const char* keep = std::getenv("CCRM_KEEP_TEST_DIRS");
  if (keep == nullptr || std::string(keep) != "1") {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

absl::Status PrivateMariaDb::RunLib(const std::string& commands) const {
  testing::CommandResult result = testing::RunCommand(
      "/bin/bash",
      {"-c",
       absl::StrCat("set -euo pipefail; DIR=\"$1\"; source \"$2\"/deploy/local/lib/mariadb.sh; ",
                    commands),
       "private-mariadb", dir_, RepoRoot()});
  if (result.exit_code != 0) {
    return absl::InternalError(
        absl::StrCat("MariaDB script failed (", commands, "): ", result.output));
  }
  return absl::OkStatus();
}

pid_t PrivateMariaDb::pid() const {
  std::ifstream file(dir_ + "/db/mariadbd.pid");
  pid_t pid = -1;
  if (!(file >> pid) || !ProcessAlive(pid)) {
    return -1;
  }
  return pid;
}

void PrivateMariaDb::ExportForTests(int port) const {
  setenv("CCRM_TEST_MYSQL_HOST", "127.0.0.1", 1);
  setenv("CCRM_TEST_MYSQL_PORT", std::to_string(port).c_str(), 1);
  setenv("CCRM_TEST_MYSQL_USER", admin_user_.c_str(), 1);
  setenv("CCRM_TEST_MYSQL_PASSWORD", admin_password_.c_str(), 1);
  setenv("CCRM_TEST_MYSQL_SOCKET", (dir_ + "/db/mysqld.sock").c_str(), 1);
}

absl::Status PrivateMariaDb::Stop() { return RunLib("mariadb_stop \"$DIR/db\""); }

absl::Status PrivateMariaDb::Kill() {
  const pid_t server = pid();
  if (server <= 0) {
    return absl::FailedPreconditionError("MariaDB is not running");
  }
  kill(server, SIGKILL);
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (ProcessAlive(server)) {
    if (absl::Now() > give_up) {
      return absl::InternalError("MariaDB survived SIGKILL for 30 s");
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::OkStatus();
}

absl::Status PrivateMariaDb::Restart() {
  return RunLib(absl::StrFormat("mariadb_start \"$DIR/db\" %d", port_));
}

absl::Status PrivateMariaDb::Freeze() {
  const pid_t server = pid();
  if (server <= 0 || kill(server, SIGSTOP) != 0) {
    return absl::FailedPreconditionError("MariaDB is not running");
  }
  return absl::OkStatus();
}

absl::Status PrivateMariaDb::Thaw() {
  const pid_t server = pid();
  if (server <= 0 || kill(server, SIGCONT) != 0) {
    return absl::FailedPreconditionError("MariaDB is not running");
  }
  return absl::OkStatus();
}

}  // namespace ccrm::fault
