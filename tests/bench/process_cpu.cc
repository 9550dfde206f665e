#include "tests/bench/process_cpu.h"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace ccrm::bench {
namespace {

absl::Duration Ticks(int64_t ticks) {
  static const long per_second = sysconf(_SC_CLK_TCK);
  return absl::Seconds(static_cast<double>(ticks) / static_cast<double>(per_second));
}

absl::Duration FromTimeval(const timeval& tv) {
  return absl::Seconds(tv.tv_sec) + absl::Microseconds(tv.tv_usec);
}

absl::Duration SelfCpuTime() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return FromTimeval(usage.ru_utime) + FromTimeval(usage.ru_stime);
}

// Busy and total clock ticks of all cores from the first line of /proc/stat.
std::optional<std::pair<int64_t, int64_t>> MachineTicks() {
  std::ifstream in("/proc/stat");
  std::string line;
  if (!std::getline(in, line) || line.rfind("cpu ", 0) != 0) {
    return std::nullopt;
  }
  std::istringstream fields(line.substr(4));
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  int64_t value = 0;
  int64_t total = 0;
  int64_t idle = 0;
  for (int i = 0; i < 8 && fields >> value; ++i) {
    total += value;
    if (i == 3 || i == 4) {
      idle += value;
    }
  }
  return std::make_pair(total - idle, total);
}

std::string Percent(double fraction) { return absl::StrFormat("%.1f", 100.0 * fraction); }

}  // namespace

absl::StatusOr<std::vector<WatchedProcess>> ParseWatchList(const std::string& spec) {
  std::vector<WatchedProcess> out;
  if (spec.empty()) {
    return out;
  }
  for (absl::string_view entry : absl::StrSplit(spec, ',')) {
    std::vector<std::string> parts = absl::StrSplit(entry, absl::MaxSplits(':', 1));
    WatchedProcess p;
    bool ok =
        parts.size() == 2 && !parts[0].empty() && absl::SimpleAtoi(parts[1], &p.pid) && p.pid > 0;
    for (char c : parts[0]) {
      ok = ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_');
    }
    if (!ok) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad watch entry '", std::string(entry), "' (want label:pid)"));
    }
    p.label = parts[0];
    out.push_back(std::move(p));
  }
  return out;
}

absl::StatusOr<absl::Duration> ProcessCpuTime(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  if (!std::getline(in, line)) {
    return absl::NotFoundError(absl::StrCat("cannot read /proc/", pid, "/stat"));
  }
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const size_t paren = line.rfind(')');
  if (paren == std::string::npos) {
    return absl::InternalError(absl::StrCat("cannot parse /proc/", pid, "/stat"));
  }
  std::vector<std::string> fields = absl::StrSplit(line.substr(paren + 1), ' ', absl::SkipEmpty());
  // fields[0] is the state (field 3 of proc(5)); utime and stime are fields 14 and 15.
  int64_t utime = 0;
  int64_t stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return absl::InternalError(absl::StrCat("cannot parse /proc/", pid, "/stat"));
  }
  return Ticks(utime + stime);
}

CpuWindow::CpuWindow(std::vector<WatchedProcess> watched) : watched_(std::move(watched)) {}

CpuWindow::Sample CpuWindow::Take() const {
  Sample s;
  s.wall = absl::Now();
  s.self = SelfCpuTime();
  for (const WatchedProcess& p : watched_) {
    absl::StatusOr<absl::Duration> t = ProcessCpuTime(p.pid);
    s.processes.push_back(t.ok() ? std::optional<absl::Duration>(*t) : std::nullopt);
  }
  s.machine_busy_total = MachineTicks();
  return s;
}

void CpuWindow::Start() { start_ = Take(); }

void CpuWindow::Stop() { end_ = Take(); }

std::vector<std::pair<std::string, std::string>> CpuWindow::Figures() const {
  std::vector<std::pair<std::string, std::string>> out;
  const absl::Duration wall = end_.wall - start_.wall;
  if (wall <= absl::ZeroDuration()) {
    return out;
  }
  out.emplace_back("cpu_client", Percent(absl::FDivDuration(end_.self - start_.self, wall)));
  for (size_t i = 0; i < watched_.size(); ++i) {
    const auto& a = start_.processes[i];
    const auto& b = end_.processes[i];
    out.emplace_back(absl::StrCat("cpu_", watched_[i].label),
                     a && b ? Percent(absl::FDivDuration(*b - *a, wall)) : "n/a");
  }
  if (start_.machine_busy_total && end_.machine_busy_total) {
    const int64_t busy = end_.machine_busy_total->first - start_.machine_busy_total->first;
    const int64_t total = end_.machine_busy_total->second - start_.machine_busy_total->second;
    if (total > 0) {
      // Busy share of all cores, scaled to "percent of one core" like the others.
      const double cores = static_cast<double>(sysconf(_SC_NPROCESSORS_ONLN));
      out.emplace_back("cpu_machine",
                       Percent(static_cast<double>(busy) / static_cast<double>(total) * cores));
    }
  }
  return out;
}

}  // namespace ccrm::bench
