#include "common/testing/service_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"

namespace ccrm::testing {
namespace {

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Tail(const std::string& text, size_t n = 4000) {
  return text.size() <= n ? text : text.substr(text.size() - n);
}

pid_t Spawn(const std::string& binary, const std::vector<std::string>& args,
            const std::string& output_path) {
  std::vector<std::string> argv_storage = {binary};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    // The child must receive SIGTERM even if the test process blocked it.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    std::vector<char*> argv;
    for (std::string& a : argv_storage) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// Removes a temp dir this file made, unless CCRM_KEEP_TEST_DIRS=1 asks to keep it (to read a
// service's logs after a run).
void RemoveTempDir(const std::string& dir) {
  const char* keep = std::getenv("CCRM_KEEP_TEST_DIRS");
  if (dir.empty() || (keep != nullptr && std::string(keep) == "1")) {
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace

std::string MakeTempDir(const std::string& prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(base != nullptr ? base : "/tmp", "/", prefix, "XXXXXX");
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  char* dir = mkdtemp(buf.data());
  return dir != nullptr ? std::string(dir) : std::string();
}

absl::StatusOr<std::unique_ptr<ServiceProcess>> ServiceProcess::Start(const std::string& binary,
                                                                      std::vector<std::string> args,
                                                                      absl::Duration timeout) {
  std::unique_ptr<ServiceProcess> p(new ServiceProcess());
  p->dir_ = MakeTempDir("ccrm-svc-");
  const std::string ready = p->dir_ + "/ready.json";
  p->log_path_ = p->dir_ + "/service.log";
  args.push_back("--ready_file=" + ready);
  args.push_back("--log_file=" + p->log_path_);
  p->pid_ = Spawn(binary, args, p->dir_ + "/stderr.log");
  if (p->pid_ < 0) {
    return absl::InternalError("fork failed");
  }
  const absl::Time give_up = absl::Now() + timeout;
  while (absl::Now() < give_up) {
    int status = 0;
    if (waitpid(p->pid_, &status, WNOHANG) == p->pid_) {
      p->pid_ = -1;
      return absl::InternalError(absl::StrCat("service exited early (status ", status, "):\n",
                                              Tail(ReadWholeFile(p->dir_ + "/stderr.log")),
                                              Tail(p->ReadLog())));
    }
    std::string text = ReadWholeFile(ready);
    if (!text.empty()) {
      nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
      if (!j.is_discarded() && j.contains("grpc_port")) {
        p->grpc_port_ = j["grpc_port"].get<int>();
        p->metrics_port_ = j.value("metrics_port", 0);
        return p;
      }
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::DeadlineExceededError(absl::StrCat("service not ready in time:\n",
                                                  Tail(ReadWholeFile(p->dir_ + "/stderr.log")),
                                                  Tail(p->ReadLog())));
}

ServiceProcess::~ServiceProcess() {
  Stop();
  RemoveTempDir(dir_);
}

std::string ServiceProcess::ReadLog() const {
  return ReadWholeFile(log_path_) + ReadWholeFile(dir_ + "/stderr.log");
}

int ServiceProcess::Stop(absl::Duration timeout) {
  if (pid_ <= 0) {
    return 0;
  }
  kill(pid_, SIGTERM);
  const absl::Time give_up = absl::Now() + timeout;
  int status = 0;
  while (absl::Now() < give_up) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return status;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  Kill();
  return -1;
}

void ServiceProcess::Kill() {
  if (pid_ <= 0) {
    return;
  }
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

CommandResult RunCommand(const std::string& binary, const std::vector<std::string>& args) {
  const std::string dir = MakeTempDir("ccrm-cmd-");
  const std::string out = dir + "/output.log";
  pid_t pid = Spawn(binary, args, out);
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult result{WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadWholeFile(out)};
  RemoveTempDir(dir);
  return result;
}

absl::Status WriteSecretFile(const std::string& path, const std::string& content) {
  {
    std::ofstream out(path, std::ios::trunc);
    out << content;
    if (!out) {
      return absl::InternalError(absl::StrCat("cannot write ", path));
    }
  }
  chmod(path.c_str(), 0600);
  return absl::OkStatus();
}

}  // namespace ccrm::testing
