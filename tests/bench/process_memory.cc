#include "tests/bench/process_memory.h"

#include <fstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace ccrm::bench {

absl::StatusOr<ResidentMemory> ReadResidentMemory(int pid) {
  const std::string path = absl::StrCat("/proc/", pid, "/status");
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path));
  }
  ResidentMemory memory;
  bool have_current = false;
  bool have_peak = false;
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view rest = line;
    int64_t* target = nullptr;
    if (absl::ConsumePrefix(&rest, "VmRSS:")) {
      target = &memory.current_kib;
      have_current = true;
    } else if (absl::ConsumePrefix(&rest, "VmHWM:")) {
      target = &memory.peak_kib;
      have_peak = true;
    } else {
      continue;
    }
    rest = absl::StripAsciiWhitespace(rest);
    absl::ConsumeSuffix(&rest, " kB");
    if (!absl::SimpleAtoi(rest, target)) {
      return absl::InternalError(absl::StrCat(path, ": cannot parse '", line, "'"));
    }
  }
  if (!have_current || !have_peak) {
    return absl::InternalError(absl::StrCat(path, " has no VmRSS/VmHWM"));
  }
  return memory;
}

absl::Status ResetPeakResident(int pid) {
  const std::string path = absl::StrCat("/proc/", pid, "/clear_refs");
  std::ofstream out(path);
  if (!out) {
    return absl::PermissionDeniedError(absl::StrCat("cannot open ", path));
  }
  out << "5";
  out.close();
  if (!out) {
    return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace ccrm::bench
