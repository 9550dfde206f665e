#include "tools/ccrmctl/interrupt.h"

#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace ccrm::ctl {
namespace {

absl::Mutex hook_mu(absl::kConstInit);
std::function<void()>* hook ABSL_GUARDED_BY(hook_mu) = nullptr;
bool interrupted ABSL_GUARDED_BY(hook_mu) = false;

sigset_t InterruptSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

void WaitForSignals() {
  const sigset_t signals = InterruptSignals();
  while (true) {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) {
      continue;
    }
    // The hook runs under the lock, so the command cannot tear down what it touches meanwhile:
    // ~ScopedInterruptHook waits for it.
    absl::MutexLock lock(&hook_mu);
    if (hook == nullptr || interrupted) {
      std::_Exit(128 + signal);
    }
    interrupted = true;
    (*hook)();
  }
}

}  // namespace

void InstallInterruptHandler() {
  const sigset_t signals = InterruptSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread(WaitForSignals).detach();
}

ScopedInterruptHook::ScopedInterruptHook(std::function<void()> run) {
  absl::MutexLock lock(&hook_mu);
  hook = new std::function<void()>(std::move(run));
}

ScopedInterruptHook::~ScopedInterruptHook() {
  absl::MutexLock lock(&hook_mu);
  delete hook;
  hook = nullptr;
}

}  // namespace ccrm::ctl
