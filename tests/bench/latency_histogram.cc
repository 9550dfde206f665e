#include "tests/bench/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace ccrm::bench {
namespace {

constexpr uint64_t kLinearLimit = uint64_t{1} << LatencyHistogram::kSubBits;  // 128
constexpr uint64_t kHalf = kLinearLimit / 2;                                  // 64
// Buckets for every uint64_t: 128 linear ones, then 64 for each shift 1..57.
constexpr int kBucketCount = static_cast<int>(kLinearLimit + (64 - 7) * kHalf);

int MostSignificantBit(uint64_t v) { return 63 - __builtin_clzll(v); }

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBucketCount, 0) {}

int LatencyHistogram::BucketOf(uint64_t nanos) {
  if (nanos < kLinearLimit) {
    return static_cast<int>(nanos);
  }
  const int shift = MostSignificantBit(nanos) - (kSubBits - 1);
  const uint64_t top = nanos >> shift;  // in [kHalf, kLinearLimit)
  return static_cast<int>(kLinearLimit + (shift - 1) * kHalf + (top - kHalf));
}

uint64_t LatencyHistogram::BucketUpperBound(int bucket) {
  if (bucket < static_cast<int>(kLinearLimit)) {
    return static_cast<uint64_t>(bucket);
  }
  const int offset = bucket - static_cast<int>(kLinearLimit);
  const int shift = offset / static_cast<int>(kHalf) + 1;
  const uint64_t top = kHalf + offset % kHalf;
  return ((top + 1) << shift) - 1;
}

void LatencyHistogram::Record(absl::Duration latency) {
  const int64_t ns = absl::ToInt64Nanoseconds(latency);
  const uint64_t v = ns < 0 ? 0 : static_cast<uint64_t>(ns);
  ++counts_[BucketOf(v)];
  ++count_;
  max_ns_ = std::max(max_ns_, v);
  sum_ns_ += static_cast<long double>(v);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i) {
    counts_[i] += other.counts_[i];
  }
  count_ += other.count_;
  max_ns_ = std::max(max_ns_, other.max_ns_);
  sum_ns_ += other.sum_ns_;
}

absl::Duration LatencyHistogram::Mean() const {
  if (count_ == 0) {
    return absl::ZeroDuration();
  }
  return absl::Nanoseconds(static_cast<int64_t>(sum_ns_ / count_));
}

absl::Duration LatencyHistogram::Percentile(double fraction) const {
  if (count_ == 0) {
    return absl::ZeroDuration();
  }
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int64_t rank =
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil(fraction * static_cast<double>(count_))));
  int64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const uint64_t bound = std::min(BucketUpperBound(static_cast<int>(i)), max_ns_);
      return absl::Nanoseconds(static_cast<int64_t>(bound));
    }
  }
  return absl::Nanoseconds(static_cast<int64_t>(max_ns_));
}

}  // namespace ccrm::bench
