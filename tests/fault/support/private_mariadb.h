// A MariaDB server of the fault tests' own, so that they may stop, kill and freeze it without
// touching the database other tests use: started from deploy/local/lib/mariadb.sh on a temp
// datadir and a free port, with an admin account for the tests' throwaway schemas. The datadir
// survives restarts and kills (that is the point); the destructor stops the server and removes it.
//
// Example:
//   ASSERT_OK_AND_ASSIGN(auto db, PrivateMariaDb::Start());
//   db->ExportForTests(db->port());   // CCRM_TEST_MYSQL_* now name this server
//   db->Kill();                       // SIGKILL, as a crash would
//   ASSERT_OK(db->Restart());         // InnoDB recovers; same port, same data
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace ccrm::fault {

class PrivateMariaDb final {
 public:
  // INTERNAL (with the script's output) when the server does not come up.
  static absl::StatusOr<std::unique_ptr<PrivateMariaDb>> Start();
  ~PrivateMariaDb();

  int port() const { return port_; }
  const std::string& admin_user() const { return admin_user_; }
  const std::string& admin_password() const { return admin_password_; }
  // The server's pid (from its pid file); -1 when it is not running.
  pid_t pid() const;

  // Points CCRM_TEST_MYSQL_* (read by MySqlTestDb) at this server's admin account on
  // 127.0.0.1:`port` (its own port, or a proxy's in front of it).
  void ExportForTests(int port) const;

  // A clean shutdown (mariadb-admin shutdown, then SIGTERM).
  absl::Status Stop();
  // SIGKILL, and waits until the process is gone.
  absl::Status Kill();
  // Starts it again on the same datadir and port (crash recovery after Kill).
  absl::Status Restart();
  // SIGSTOP / SIGCONT: a server that accepts connections but answers nothing.
  absl::Status Freeze();
  absl::Status Thaw();

 private:
  PrivateMariaDb() = default;
  absl::Status RunLib(const std::string& commands) const;

  std::string dir_;
  int port_ = 0;
  std::string admin_user_ = "ccrm_fault_admin";
  std::string admin_password_;
};

}  // namespace ccrm::fault
