// Resident memory of a process the benchmark watches (a service under load), from
// /proc/<pid>/status: the current resident set and its peak since the last reset.
//
// Example:
//   RETURN_IF_ERROR(ResetPeakResident(pid));
//   RunTheScan();
//   ASSIGN_OR_RETURN(ResidentMemory m, ReadResidentMemory(pid));  // m.peak_kib: the scan's peak
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ccrm::bench {

struct ResidentMemory {
  // VmRSS and VmHWM, in KiB.
  int64_t current_kib = 0;
  int64_t peak_kib = 0;
};

// NOT_FOUND when the process is gone, INTERNAL when the file has no VmRSS/VmHWM.
absl::StatusOr<ResidentMemory> ReadResidentMemory(int pid);

// Resets the peak (VmHWM) to the current resident set by writing 5 to /proc/<pid>/clear_refs
// (the process's owner or root). PERMISSION_DENIED / NOT_FOUND when that fails.
absl::Status ResetPeakResident(int pid);

}  // namespace ccrm::bench
