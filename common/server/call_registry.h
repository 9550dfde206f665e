// What the server interceptor learnt about a call (the caller's verified identity, the
// permission verdict, the request id), handed to the handler of the same call. gRPC C++ server
// interceptors cannot refuse a call themselves, so the interceptor records its verdict here
// and every handler runs through UnaryRpcRunner, which enforces it before any work starts.
//
// Example:
//   std::optional<CallState> state = registry.Find(ctx);
//   if (!state || !state->verdict.ok()) { /* refuse */ }
#pragma once

#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"

namespace ccrm {

struct CallState {
  std::string method;
  std::string request_id;
  Principal principal;
  // OK when the caller is authenticated and allowed to call the method.
  absl::Status verdict;
  absl::Time start_time;
  // A server stream (an event feed, a watch): long-lived, resumed by the client from its cursor.
  bool streaming = false;
};

class CallRegistry final {
 public:
  // `key` is the call's grpc::ServerContextBase*.
  void Put(const void* key, CallState state);
  std::optional<CallState> Find(const void* key) const;
  void Erase(const void* key);
  // Calls in progress (from first metadata to status).
  size_t size() const;
  // Those of them that are not streams: what a graceful drain waits for.
  size_t unary_size() const;

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<const void*, CallState> calls_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ccrm
