// Process metrics exposed in the Prometheus text exposition format (version 0.0.4): counters,
// gauges and histograms, grouped in families keyed by label values, held by a MetricsRegistry.
// Updating a metric is lock-free (atomics). WithLabels takes a lock (a shared one once the metric
// exists) and a map lookup, so hot paths with fixed labels look a metric up once and keep the
// reference, which stays valid for the registry's lifetime.
//
// Misuse (a bad metric or label name, a name registered twice, the wrong number of label values,
// a negative counter increment, unsorted histogram bounds) is a programming error: the process
// aborts with a message naming the metric, so it shows up in the first test run.
//
// Example:
//   MetricsRegistry registry;
//   HistogramFamily& latency = registry.AddHistogram(
//       "ccrm_rpc_latency_seconds", "RPC latency.", {"method", "code"},
//       MetricsRegistry::LatencyBucketsSeconds());
//   Histogram& get_ok = latency.WithLabels({"GetCustomer", "OK"});
//   get_ok.Observe(0.0019);
//   std::string text = registry.RenderText();
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace ccrm {

// A value that only goes up (requests served, errors). Thread-safe, lock-free.
class Counter final {
 public:
  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  // Adds `by`; aborts when `by` is negative or NaN (a counter never goes down).
  void Increment(double by = 1.0);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// A value that goes up and down (connections in use, queue depth). Thread-safe, lock-free.
class Gauge final {
 public:
  Gauge() = default;
  Gauge(const Gauge&) = delete;
  Gauge& operator=(const Gauge&) = delete;

  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// Counts observations into buckets by upper bound (a value equal to a bound falls in that bucket),
// plus their sum and count. Thread-safe, lock-free.
class Histogram final {
 public:
  // `bucket_bounds` must be strictly increasing and free of NaN (aborts otherwise); a trailing
  // +Inf is implied and dropped if given.
  explicit Histogram(std::vector<double> bucket_bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // Records `value`; a NaN is ignored.
  void Observe(double value);

  const std::vector<double>& bucket_bounds() const { return bounds_; }
  // Cumulative counts per bound, then one for +Inf (equal to count()).
  std::vector<uint64_t> CumulativeCounts() const;
  uint64_t count() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  // Non-cumulative: counts_[i] holds observations in (bounds_[i-1], bounds_[i]]; the last slot is
  // above every bound.
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_{0.0};
};

namespace metrics_internal {

// The part of a family the registry renders.
class Family {
 public:
  virtual ~Family() = default;
  virtual const std::string& name() const = 0;
  // Appends the family's HELP, TYPE and sample lines to `out`.
  virtual void RenderText(std::string* out) const = 0;
};

// Label values → metric, created on first use; the metrics never move or go away.
template <typename Metric>
class LabeledMetrics final {
 public:
  template <typename MakeMetric>
  Metric& GetOrCreate(const std::vector<std::string>& label_values, MakeMetric make) {
    {
      // Callers on hot paths look up existing metrics; let them do it side by side.
      absl::ReaderMutexLock lock(&mu_);
      auto it = metrics_.find(label_values);
      if (it != metrics_.end()) {
        return *it->second;
      }
    }
    absl::MutexLock lock(&mu_);
    std::unique_ptr<Metric>& slot = metrics_[label_values];
    if (slot == nullptr) {
      slot = make();
    }
    return *slot;
  }

  // Calls `visit(label_values, metric)` for each metric, ordered by label values.
  template <typename Visit>
  void ForEach(Visit visit) const {
    absl::ReaderMutexLock lock(&mu_);
    for (const auto& [label_values, metric] : metrics_) {
      visit(label_values, *metric);
    }
  }

 private:
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> metrics_ ABSL_GUARDED_BY(mu_);
};

}  // namespace metrics_internal

class CounterFamily final : public metrics_internal::Family {
 public:
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names);

  // The counter for these label values (one per label name, in order; aborts otherwise).
  Counter& WithLabels(const std::vector<std::string>& label_values);

  const std::string& name() const override { return name_; }
  void RenderText(std::string* out) const override;

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  metrics_internal::LabeledMetrics<Counter> metrics_;
};

class GaugeFamily final : public metrics_internal::Family {
 public:
  GaugeFamily(std::string name, std::string help, std::vector<std::string> label_names);

  // The gauge for these label values (one per label name, in order; aborts otherwise).
  Gauge& WithLabels(const std::vector<std::string>& label_values);

  const std::string& name() const override { return name_; }
  void RenderText(std::string* out) const override;

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  metrics_internal::LabeledMetrics<Gauge> metrics_;
};

class HistogramFamily final : public metrics_internal::Family {
 public:
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> bucket_bounds);

  // The histogram for these label values (one per label name, in order; aborts otherwise).
  Histogram& WithLabels(const std::vector<std::string>& label_values);

  const std::string& name() const override { return name_; }
  void RenderText(std::string* out) const override;

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  const std::vector<double> bucket_bounds_;
  metrics_internal::LabeledMetrics<Histogram> metrics_;
};

// Owns the metric families of a process (or of a test). Thread-safe.
// A family without labels shows its single metric from the start (at 0); a labelled family
// shows a metric once WithLabels has created it.
class MetricsRegistry final {
 public:
  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Each aborts when `name` is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) or is already
  // registered, or a label name is invalid ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__"),
  // repeated, or "le" for a histogram. `help` is free text.
  CounterFamily& AddCounter(std::string name, std::string help,
                            std::vector<std::string> label_names);
  GaugeFamily& AddGauge(std::string name, std::string help, std::vector<std::string> label_names);
  HistogramFamily& AddHistogram(std::string name, std::string help,
                                std::vector<std::string> label_names,
                                std::vector<double> bucket_bounds);

  // `hook` runs at the start of every RenderText, e.g. to copy connection pool usage into gauges.
  // Hooks run in the order added, outside the registry's lock, possibly on several scraping
  // threads at once, so they must be thread-safe and must not call AddScrapeHook.
  void AddScrapeHook(std::function<void()> hook);

  // Runs the scrape hooks, then returns the whole exposition: families sorted by name, metrics
  // in a family sorted by label values.
  std::string RenderText() const;

  // Upper bounds for RPC and query latency histograms, 0.5 ms to 10 s.
  static std::vector<double> LatencyBucketsSeconds();

 private:
  template <typename FamilyType>
  FamilyType& Register(std::unique_ptr<FamilyType> family);

  mutable absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<metrics_internal::Family>> families_ ABSL_GUARDED_BY(mu_);
  std::vector<std::function<void()>> scrape_hooks_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ccrm
