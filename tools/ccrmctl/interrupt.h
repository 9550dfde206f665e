// Ctrl-C (SIGINT) and SIGTERM for a command-line gRPC client. Cancelling a call takes locks, which
// a signal handler must not, and gRPC runs threads of its own that could receive the signal; so
// the signals are blocked in every thread and one ordinary thread waits for them (sigwait). By
// default a signal ends the process with exit code 128 + its number (130 for Ctrl-C), as a shell
// expects; a long-running command (alerts watch) sets a hook instead that winds it down cleanly. A
// second signal ends the process at once.
//
// Example:
//   int main(int argc, char** argv) {
//     InstallInterruptHandler();  // before any channel exists
//     ...
//     ScopedInterruptHook hook([&watcher] { watcher.Stop(); });
#pragma once

#include <functional>

namespace ccrm::ctl {

// Blocks SIGINT and SIGTERM in the calling thread, and so in every thread started after it, and
// starts the thread that waits for them. Call once, first thing in main.
void InstallInterruptHandler();

// While alive, the next signal runs `hook` (on the waiting thread) instead of ending the process.
// The hook must not block; the destructor waits for a hook that is running.
class ScopedInterruptHook final {
 public:
  explicit ScopedInterruptHook(std::function<void()> hook);
  ~ScopedInterruptHook();
  ScopedInterruptHook(const ScopedInterruptHook&) = delete;
  ScopedInterruptHook& operator=(const ScopedInterruptHook&) = delete;
};

}  // namespace ccrm::ctl
