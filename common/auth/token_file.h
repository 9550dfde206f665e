// The service's own bearer token, read from a file that something outside the service keeps
// fresh (a Kubernetes projected token, a sidecar, or deploy/local/up.sh). Used for calls a
// service makes on its own behalf: consuming another service's events, background jobs. The
// file is re-read at most every `refresh` so a rotated token is picked up without a restart.
//
// Example:
//   TokenFile token("/var/run/secrets/ccrm/service.token", &SystemClock::Get());
//   context.AddMetadata("authorization", token.Authorization());
#pragma once

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/time/clock.h"

namespace ccrm {

class TokenFile final {
 public:
  TokenFile(std::string path, const Clock* clock, absl::Duration refresh = absl::Seconds(30))
      : path_(std::move(path)), clock_(clock), refresh_(refresh) {}

  // "Bearer <token>" (surrounding whitespace trimmed); the last good value when the file cannot
  // be read now; "" when it has never been readable (the call is then refused as
  // UNAUTHENTICATED by the other side, which is what should happen).
  std::string Authorization();

 private:
  const std::string path_;
  const Clock* clock_;
  const absl::Duration refresh_;
  absl::Mutex mu_;
  std::string authorization_ ABSL_GUARDED_BY(mu_);
  absl::Time read_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace ccrm
