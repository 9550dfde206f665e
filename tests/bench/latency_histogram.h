// A log-linear latency histogram for the benchmark tools: constant memory, ~1 % relative error,
// mergeable, so each closed-loop worker keeps its own and they are added up at the end.
//
// Example:
//   LatencyHistogram h;
//   h.Record(absl::Microseconds(250));
//   absl::Duration p99 = h.Percentile(0.99);
#pragma once

#include <cstdint>
#include <vector>

#include "absl/time/time.h"

namespace ccrm::bench {

// Not thread-safe: one writer at a time (a closed-loop worker has at most one call in flight).
class LatencyHistogram final {
 public:
  LatencyHistogram();

  // Negative latencies count as zero.
  void Record(absl::Duration latency);
  // Adds `other`'s samples to this one.
  void Merge(const LatencyHistogram& other);

  int64_t count() const { return count_; }
  absl::Duration max() const { return absl::Nanoseconds(max_ns_); }
  // Zero when empty.
  absl::Duration Mean() const;
  // The smallest bucket bound at or below which `fraction` (clamped to 0..1) of the samples lie,
  // never more than the largest sample; zero when empty.
  absl::Duration Percentile(double fraction) const;

  // Bucket arithmetic, exposed for tests: values below 2^kSubBits nanoseconds have a bucket each;
  // above, each power of two is split into 2^(kSubBits-1) equal buckets.
  static constexpr int kSubBits = 7;
  static int BucketOf(uint64_t nanos);
  // The largest value that falls in `bucket`.
  static uint64_t BucketUpperBound(int bucket);

 private:
  std::vector<int64_t> counts_;
  int64_t count_ = 0;
  uint64_t max_ns_ = 0;
  long double sum_ns_ = 0;
};

}  // namespace ccrm::bench
