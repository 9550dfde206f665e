#include "common/metrics/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace ccrm {
namespace {

// Misuse of the metrics API is a bug in the caller; stop loudly rather than export wrong data.
[[noreturn]] void DieBecause(const std::string& message) {
  std::fprintf(stderr, "ccrm metrics: %s\n", message.c_str());
  std::fflush(stderr);
  std::abort();
}

void AtomicAdd(std::atomic<double>& target, double delta) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) {
  }
}

bool IsMetricName(const std::string& name) {
  if (name.empty()) {
    return false;
  }
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) {
      return false;
    }
  }
  return true;
}

bool IsLabelName(const std::string& name) {
  if (name.empty() || name.rfind("__", 0) == 0) {
    return false;
  }
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) {
      return false;
    }
  }
  return true;
}

void CheckNames(const std::string& name, const std::vector<std::string>& label_names) {
  if (!IsMetricName(name)) {
    DieBecause(absl::StrCat("invalid metric name \"", name, "\""));
  }
  std::set<std::string> seen;
  for (const std::string& label : label_names) {
    if (!IsLabelName(label)) {
      DieBecause(absl::StrCat("metric ", name, ": invalid label name \"", label, "\""));
    }
    if (!seen.insert(label).second) {
      DieBecause(absl::StrCat("metric ", name, ": label \"", label, "\" given twice"));
    }
  }
}

void CheckLabelCount(const std::string& name, const std::vector<std::string>& label_names,
                     const std::vector<std::string>& label_values) {
  if (label_values.size() != label_names.size()) {
    DieBecause(absl::StrCat("metric ", name, " has labels (", absl::StrJoin(label_names, ", "),
                            ") but WithLabels got ", label_values.size(), " value(s): (",
                            absl::StrJoin(label_values, ", "), ")"));
  }
}

// The shortest text that reads back as the same double, in the exposition's spelling of the
// special values.
std::string FormatValue(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  char buffer[64];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

// Label values may hold any UTF-8; backslash, double quote and newline are escaped.
std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// HELP text escapes only backslash and newline.
std::string EscapeHelp(const std::string& help) {
  std::string out;
  out.reserve(help.size());
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// `{a="x",b="y"}`, or "" without labels. `extra_name`, when not empty, is appended as a last
// label (the histogram's "le").
std::string FormatLabels(const std::vector<std::string>& names,
                         const std::vector<std::string>& values, const std::string& extra_name = "",
                         const std::string& extra_value = "") {
  if (names.empty() && extra_name.empty()) {
    return "";
  }
  std::string out = "{";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    absl::StrAppend(&out, names[i], "=\"", EscapeLabelValue(values[i]), "\"");
  }
  if (!extra_name.empty()) {
    if (!names.empty()) {
      out += ',';
    }
    absl::StrAppend(&out, extra_name, "=\"", EscapeLabelValue(extra_value), "\"");
  }
  out += '}';
  return out;
}

void AppendHeader(const std::string& name, const std::string& help, const char* type,
                  std::string* out) {
  absl::StrAppend(out, "# HELP ", name, " ", EscapeHelp(help), "\n");
  absl::StrAppend(out, "# TYPE ", name, " ", type, "\n");
}

std::vector<double> CheckedBounds(std::vector<double> bounds) {
  if (!bounds.empty() && std::isinf(bounds.back()) && bounds.back() > 0) {
    bounds.pop_back();
  }
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (std::isnan(bounds[i]) || (i > 0 && !(bounds[i - 1] < bounds[i]))) {
      DieBecause(absl::StrCat("histogram bucket bounds must be strictly increasing, got (",
                              absl::StrJoin(bounds, ", "), ")"));
    }
  }
  return bounds;
}

}  // namespace

void Counter::Increment(double by) {
  if (!(by >= 0)) {
    DieBecause(absl::StrCat("counter increment must be >= 0, got ", by));
  }
  AtomicAdd(value_, by);
}

void Gauge::Add(double delta) { AtomicAdd(value_, delta); }

Histogram::Histogram(std::vector<double> bucket_bounds)
    : bounds_(CheckedBounds(std::move(bucket_bounds))),
      counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    counts_[i].store(0, std::memory_order_relaxed);
  }
}

void Histogram::Observe(double value) {
  if (std::isnan(value)) {
    return;
  }
  // First bound >= value: buckets are "less than or equal".
  const size_t bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  AtomicAdd(sum_, value);
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> cumulative(bounds_.size() + 1);
  uint64_t total = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    cumulative[i] = total;
  }
  return cumulative;
}

uint64_t Histogram::count() const { return CumulativeCounts().back(); }

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {
  CheckNames(name_, label_names_);
  if (label_names_.empty()) {
    WithLabels({});
  }
}

Counter& CounterFamily::WithLabels(const std::vector<std::string>& label_values) {
  CheckLabelCount(name_, label_names_, label_values);
  return metrics_.GetOrCreate(label_values, [] { return std::make_unique<Counter>(); });
}

void CounterFamily::RenderText(std::string* out) const {
  AppendHeader(name_, help_, "counter", out);
  metrics_.ForEach([&](const std::vector<std::string>& label_values, const Counter& counter) {
    absl::StrAppend(out, name_, FormatLabels(label_names_, label_values), " ",
                    FormatValue(counter.value()), "\n");
  });
}

GaugeFamily::GaugeFamily(std::string name, std::string help, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {
  CheckNames(name_, label_names_);
  if (label_names_.empty()) {
    WithLabels({});
  }
}

Gauge& GaugeFamily::WithLabels(const std::vector<std::string>& label_values) {
  CheckLabelCount(name_, label_names_, label_values);
  return metrics_.GetOrCreate(label_values, [] { return std::make_unique<Gauge>(); });
}

void GaugeFamily::RenderText(std::string* out) const {
  AppendHeader(name_, help_, "gauge", out);
  metrics_.ForEach([&](const std::vector<std::string>& label_values, const Gauge& gauge) {
    absl::StrAppend(out, name_, FormatLabels(label_names_, label_values), " ",
                    FormatValue(gauge.value()), "\n");
  });
}

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names,
                                 std::vector<double> bucket_bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)),
      bucket_bounds_(CheckedBounds(std::move(bucket_bounds))) {
  CheckNames(name_, label_names_);
  if (std::find(label_names_.begin(), label_names_.end(), "le") != label_names_.end()) {
    DieBecause(absl::StrCat("histogram ", name_, ": label name \"le\" is reserved"));
  }
  if (label_names_.empty()) {
    WithLabels({});
  }
}

Histogram& HistogramFamily::WithLabels(const std::vector<std::string>& label_values) {
  CheckLabelCount(name_, label_names_, label_values);
  return metrics_.GetOrCreate(label_values,
                              [this] { return std::make_unique<Histogram>(bucket_bounds_); });
}

void HistogramFamily::RenderText(std::string* out) const {
  AppendHeader(name_, help_, "histogram", out);
  const std::string bucket_name = absl::StrCat(name_, "_bucket");
  metrics_.ForEach([&](const std::vector<std::string>& label_values, const Histogram& histogram) {
    // Read the counts once so the buckets, +Inf and _count agree with each other.
    const std::vector<uint64_t> cumulative = histogram.CumulativeCounts();
    for (size_t i = 0; i < bucket_bounds_.size(); ++i) {
      absl::StrAppend(
          out, bucket_name,
          FormatLabels(label_names_, label_values, "le", FormatValue(bucket_bounds_[i])), " ",
          cumulative[i], "\n");
    }
    absl::StrAppend(out, bucket_name, FormatLabels(label_names_, label_values, "le", "+Inf"), " ",
                    cumulative.back(), "\n");
    const std::string labels = FormatLabels(label_names_, label_values);
    absl::StrAppend(out, name_, "_sum", labels, " ", FormatValue(histogram.sum()), "\n");
    absl::StrAppend(out, name_, "_count", labels, " ", cumulative.back(), "\n");
  });
}

template <typename FamilyType>
FamilyType& MetricsRegistry::Register(std::unique_ptr<FamilyType> family) {
  FamilyType& result = *family;
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = families_.emplace(family->name(), nullptr);
  if (!inserted) {
    DieBecause(absl::StrCat("metric ", family->name(), " registered twice"));
  }
  it->second = std::move(family);
  return result;
}

CounterFamily& MetricsRegistry::AddCounter(std::string name, std::string help,
                                           std::vector<std::string> label_names) {
  return Register(
      std::make_unique<CounterFamily>(std::move(name), std::move(help), std::move(label_names)));
}

GaugeFamily& MetricsRegistry::AddGauge(std::string name, std::string help,
                                       std::vector<std::string> label_names) {
  return Register(
      std::make_unique<GaugeFamily>(std::move(name), std::move(help), std::move(label_names)));
}

HistogramFamily& MetricsRegistry::AddHistogram(std::string name, std::string help,
                                               std::vector<std::string> label_names,
                                               std::vector<double> bucket_bounds) {
  return Register(std::make_unique<HistogramFamily>(
      std::move(name), std::move(help), std::move(label_names), std::move(bucket_bounds)));
}

void MetricsRegistry::AddScrapeHook(std::function<void()> hook) {
  absl::MutexLock lock(&mu_);
  scrape_hooks_.push_back(std::move(hook));
}

std::string MetricsRegistry::RenderText() const {
  std::vector<std::function<void()>> hooks;
  {
    absl::MutexLock lock(&mu_);
    hooks = scrape_hooks_;
  }
  for (const std::function<void()>& hook : hooks) {
    hook();
  }
  std::string out;
  absl::MutexLock lock(&mu_);
  for (const auto& [name, family] : families_) {
    family->RenderText(&out);
  }
  return out;
}

std::vector<double> MetricsRegistry::LatencyBucketsSeconds() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

}  // namespace ccrm
