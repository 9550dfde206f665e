#include "common/metrics/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"

namespace ccrm {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(MetricsRegistryTest, RendersExactExpositionSortedByName) {
  MetricsRegistry registry;
  // Registered out of order: the exposition sorts families by name and metrics by label values.
  CounterFamily& requests =
      registry.AddCounter("ccrm_rpc_requests_total", "RPCs handled.", {"method", "code"});
  GaugeFamily& in_use =
      registry.AddGauge("ccrm_mysql_connections_in_use", "Connections lent out.", {});
  HistogramFamily& latency =
      registry.AddHistogram("ccrm_rpc_latency_seconds", "RPC latency.", {"method"}, {0.25, 0.5, 1});

  requests.WithLabels({"GetCustomer", "OK"}).Increment();
  requests.WithLabels({"GetCustomer", "OK"}).Increment(2);
  requests.WithLabels({"CreateCustomer", "INVALID_ARGUMENT"}).Increment();
  in_use.WithLabels({}).Set(3);
  in_use.WithLabels({}).Add(-1);
  Histogram& get_latency = latency.WithLabels({"GetCustomer"});
  get_latency.Observe(0.125);
  get_latency.Observe(0.25);  // Equal to a bound: counted in that bucket.
  get_latency.Observe(0.5);
  get_latency.Observe(4);  // Above every bound: only in +Inf.

  EXPECT_EQ(registry.RenderText(),
            "# HELP ccrm_mysql_connections_in_use Connections lent out.\n"
            "# TYPE ccrm_mysql_connections_in_use gauge\n"
            "ccrm_mysql_connections_in_use 2\n"
            "# HELP ccrm_rpc_latency_seconds RPC latency.\n"
            "# TYPE ccrm_rpc_latency_seconds histogram\n"
            "ccrm_rpc_latency_seconds_bucket{method=\"GetCustomer\",le=\"0.25\"} 2\n"
            "ccrm_rpc_latency_seconds_bucket{method=\"GetCustomer\",le=\"0.5\"} 3\n"
            "ccrm_rpc_latency_seconds_bucket{method=\"GetCustomer\",le=\"1\"} 3\n"
            "ccrm_rpc_latency_seconds_bucket{method=\"GetCustomer\",le=\"+Inf\"} 4\n"
            "ccrm_rpc_latency_seconds_sum{method=\"GetCustomer\"} 4.875\n"
            "ccrm_rpc_latency_seconds_count{method=\"GetCustomer\"} 4\n"
            "# HELP ccrm_rpc_requests_total RPCs handled.\n"
            "# TYPE ccrm_rpc_requests_total counter\n"
            "ccrm_rpc_requests_total{method=\"CreateCustomer\",code=\"INVALID_ARGUMENT\"} 1\n"
            "ccrm_rpc_requests_total{method=\"GetCustomer\",code=\"OK\"} 3\n");
}

TEST(MetricsRegistryTest, UnlabelledMetricsShowZeroBeforeUseLabelledOnesOnlyOnceCreated) {
  MetricsRegistry registry;
  registry.AddCounter("events_total", "Events.", {});
  registry.AddHistogram("wait_seconds", "Wait.", {}, {1});
  registry.AddGauge("queue_depth", "Depth.", {"queue"});

  EXPECT_EQ(registry.RenderText(),
            "# HELP events_total Events.\n"
            "# TYPE events_total counter\n"
            "events_total 0\n"
            "# HELP queue_depth Depth.\n"
            "# TYPE queue_depth gauge\n"
            "# HELP wait_seconds Wait.\n"
            "# TYPE wait_seconds histogram\n"
            "wait_seconds_bucket{le=\"1\"} 0\n"
            "wait_seconds_bucket{le=\"+Inf\"} 0\n"
            "wait_seconds_sum 0\n"
            "wait_seconds_count 0\n");
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelp) {
  MetricsRegistry registry;
  CounterFamily& family =
      registry.AddCounter("odd_total", "Help with \\ backslash\nand newline \"quoted\".", {"v"});
  family.WithLabels({"a\\b\"c\nd 客户"}).Increment();

  EXPECT_EQ(registry.RenderText(),
            "# HELP odd_total Help with \\\\ backslash\\nand newline \"quoted\".\n"
            "# TYPE odd_total counter\n"
            "odd_total{v=\"a\\\\b\\\"c\\nd 客户\"} 1\n");
}

TEST(MetricsRegistryTest, FormatsValuesShortestAndSpecialValuesAsPrometheusSpellsThem) {
  MetricsRegistry registry;
  GaugeFamily& family = registry.AddGauge("g", "G.", {"case"});
  family.WithLabels({"a_tenth"}).Set(0.1);
  family.WithLabels({"b_big"}).Set(1234567890123);
  family.WithLabels({"c_nan"}).Set(std::numeric_limits<double>::quiet_NaN());
  family.WithLabels({"d_pos_inf"}).Set(std::numeric_limits<double>::infinity());
  family.WithLabels({"e_neg_inf"}).Set(-std::numeric_limits<double>::infinity());
  family.WithLabels({"f_negative"}).Set(-2.5);

  EXPECT_EQ(registry.RenderText(),
            "# HELP g G.\n"
            "# TYPE g gauge\n"
            "g{case=\"a_tenth\"} 0.1\n"
            "g{case=\"b_big\"} 1234567890123\n"
            "g{case=\"c_nan\"} NaN\n"
            "g{case=\"d_pos_inf\"} +Inf\n"
            "g{case=\"e_neg_inf\"} -Inf\n"
            "g{case=\"f_negative\"} -2.5\n");
}

TEST(MetricsRegistryTest, ReferencesStayValidAsTheFamilyGrows) {
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounter("c_total", "C.", {"k"});
  Counter& first = family.WithLabels({"first"});
  first.Increment(5);
  for (int i = 0; i < 1000; ++i) {
    family.WithLabels({absl::StrCat("k", i)}).Increment();
  }
  EXPECT_EQ(&family.WithLabels({"first"}), &first);
  EXPECT_EQ(first.value(), 5);
}

TEST(MetricsRegistryTest, FamilyReferencesStayValidAsTheRegistryGrows) {
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounter("a_total", "A.", {});
  Counter& counter = family.WithLabels({});
  for (int i = 0; i < 200; ++i) {
    registry.AddGauge(absl::StrCat("g", i), "G.", {});
  }
  counter.Increment();
  EXPECT_EQ(&family.WithLabels({}), &counter);
  EXPECT_THAT(registry.RenderText(), HasSubstr("\na_total 1\n"));
}

TEST(MetricsRegistryTest, ScrapeHooksRunBeforeEachRender) {
  MetricsRegistry registry;
  Gauge& scrapes = registry.AddGauge("scrapes", "Renders so far.", {}).WithLabels({});
  int calls = 0;
  registry.AddScrapeHook([&] { scrapes.Set(++calls); });

  EXPECT_THAT(registry.RenderText(), HasSubstr("\nscrapes 1\n"));
  EXPECT_THAT(registry.RenderText(), HasSubstr("\nscrapes 2\n"));
  EXPECT_EQ(calls, 2);
}

TEST(MetricsRegistryTest, LatencyBucketsAreIncreasingFromHalfAMillisecondToTenSeconds) {
  const std::vector<double> buckets = MetricsRegistry::LatencyBucketsSeconds();
  ASSERT_GE(buckets.size(), 2u);
  EXPECT_EQ(buckets.front(), 0.0005);
  EXPECT_EQ(buckets.back(), 10);
  for (size_t i = 1; i < buckets.size(); ++i) {
    EXPECT_LT(buckets[i - 1], buckets[i]);
  }
}

TEST(HistogramTest, CountsCumulativelyAndIgnoresNaN) {
  Histogram histogram({1, 2, std::numeric_limits<double>::infinity()});  // +Inf is implied.
  EXPECT_THAT(histogram.bucket_bounds(), ElementsAre(1, 2));
  histogram.Observe(-3);
  histogram.Observe(1);
  histogram.Observe(1.5);
  histogram.Observe(100);
  histogram.Observe(std::numeric_limits<double>::quiet_NaN());
  EXPECT_THAT(histogram.CumulativeCounts(), ElementsAre(2, 3, 4));
  EXPECT_EQ(histogram.count(), 4u);
  EXPECT_EQ(histogram.sum(), 99.5);
}

TEST(GaugeTest, SetAndAdd) {
  Gauge gauge;
  gauge.Set(10);
  gauge.Add(2.5);
  gauge.Add(-4);
  EXPECT_EQ(gauge.value(), 8.5);
}

TEST(MetricsConcurrencyTest, ManyThreadsUpdatingGiveExactTotals) {
  constexpr int kThreads = 8;
  constexpr int kIterations = 20000;
  MetricsRegistry registry;
  CounterFamily& counters = registry.AddCounter("hits_total", "Hits.", {"shard"});
  Counter& cached = registry.AddCounter("cached_total", "Cached.", {}).WithLabels({});
  Gauge& gauge = registry.AddGauge("level", "Level.", {}).WithLabels({});
  Histogram& histogram =
      registry.AddHistogram("sizes", "Sizes.", {}, {0.5, 1.5, 2.5}).WithLabels({});

  std::atomic<bool> stop_rendering{false};
  std::thread renderer([&] {
    while (!stop_rendering.load()) {
      registry.RenderText();
    }
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIterations; ++i) {
        cached.Increment();
        counters.WithLabels({absl::StrCat(i % 4)}).Increment(0.5);
        gauge.Add(t % 2 == 0 ? 1 : -1);
        histogram.Observe(static_cast<double>(i % 3));  // 0, 1, 2: one per bucket.
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  stop_rendering.store(true);
  renderer.join();

  EXPECT_EQ(cached.value(), kThreads * kIterations);
  double hits = 0;
  for (int shard = 0; shard < 4; ++shard) {
    hits += counters.WithLabels({absl::StrCat(shard)}).value();
  }
  EXPECT_EQ(hits, kThreads * kIterations * 0.5);
  EXPECT_EQ(gauge.value(), 0);
  EXPECT_EQ(histogram.count(), static_cast<uint64_t>(kThreads * kIterations));
  const std::vector<uint64_t> cumulative = histogram.CumulativeCounts();
  ASSERT_EQ(cumulative.size(), 4u);
  // kIterations is not a multiple of 3: i % 3 == 0 and 1 occur once more than 2.
  const uint64_t zeros = kThreads * ((kIterations + 2) / 3);
  const uint64_t ones = kThreads * ((kIterations + 1) / 3);
  const uint64_t twos = kThreads * (kIterations / 3);
  EXPECT_THAT(cumulative,
              ElementsAre(zeros, zeros + ones, zeros + ones + twos, zeros + ones + twos));
  EXPECT_EQ(histogram.sum(), static_cast<double>(ones + 2 * twos));
}

using MetricsDeathTest = ::testing::Test;

TEST_F(MetricsDeathTest, WrongNumberOfLabelValuesAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounter("rpc_total", "RPCs.", {"method", "code"});
  EXPECT_DEATH(family.WithLabels({"GetCustomer"}),
               "metric rpc_total has labels \\(method, code\\) but WithLabels got 1 value");
  GaugeFamily& gauges = registry.AddGauge("pool", "Pool.", {});
  EXPECT_DEATH(gauges.WithLabels({"extra"}), "metric pool has labels \\(\\) but WithLabels got 1");
}

TEST_F(MetricsDeathTest, BadRegistrationsAbort) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  MetricsRegistry registry;
  registry.AddCounter("taken_total", "Taken.", {});
  EXPECT_DEATH(registry.AddGauge("taken_total", "Again.", {}), "taken_total registered twice");
  EXPECT_DEATH(registry.AddCounter("1bad", "Bad.", {}), "invalid metric name \"1bad\"");
  EXPECT_DEATH(registry.AddCounter("has-dash", "Bad.", {}), "invalid metric name");
  EXPECT_DEATH(registry.AddCounter("ok_total", "Bad label.", {"__reserved"}),
               "invalid label name \"__reserved\"");
  EXPECT_DEATH(registry.AddCounter("ok_total", "Twice.", {"a", "a"}), "label \"a\" given twice");
  EXPECT_DEATH(registry.AddHistogram("h", "H.", {"le"}, {1}), "\"le\" is reserved");
  EXPECT_DEATH(registry.AddHistogram("h", "H.", {}, {1, 1}), "strictly increasing");
  EXPECT_DEATH(registry.AddHistogram("h", "H.", {}, {2, 1}), "strictly increasing");
}

TEST_F(MetricsDeathTest, NegativeCounterIncrementAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  Counter counter;
  EXPECT_DEATH(counter.Increment(-1), "counter increment must be >= 0");
  EXPECT_DEATH(counter.Increment(std::nan("")), "counter increment must be >= 0");
}

}  // namespace
}  // namespace ccrm
