#include "common/metrics/metrics_http_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <string>

#include "common/metrics/metrics.h"
#include "common/testing/status_matchers.h"

namespace ccrm {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kLoopback[] = "127.0.0.1";

class MetricsHttpServerTest : public ::testing::Test {
 protected:
  MetricsHttpServerTest()
      : requests_(registry_.AddCounter("ccrm_rpc_requests_total", "RPCs handled.", {"code"})) {}

  MetricsRegistry registry_;
  CounterFamily& requests_;
};

TEST_F(MetricsHttpServerTest, ServesTheExpositionOnAnEphemeralPort) {
  requests_.WithLabels({"OK"}).Increment(7);
  MetricsHttpServer server(&registry_);
  ASSERT_OK(server.Start(kLoopback, 0));
  ASSERT_GT(server.port(), 0);

  httplib::Client client(kLoopback, server.port());
  httplib::Result result = client.Get("/metrics");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_THAT(result->get_header_value("Content-Type"), StartsWith("text/plain; version=0.0.4"));
  EXPECT_EQ(result->body,
            "# HELP ccrm_rpc_requests_total RPCs handled.\n"
            "# TYPE ccrm_rpc_requests_total counter\n"
            "ccrm_rpc_requests_total{code=\"OK\"} 7\n");

  // Each scrape sees the current values.
  requests_.WithLabels({"OK"}).Increment();
  result = client.Get("/metrics");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_THAT(result->body, HasSubstr("ccrm_rpc_requests_total{code=\"OK\"} 8\n"));
}

TEST_F(MetricsHttpServerTest, RunsScrapeHooksPerRequest) {
  Gauge& pool_in_use = registry_.AddGauge("pool_in_use", "In use.", {}).WithLabels({});
  std::atomic<int> scrapes{0};
  registry_.AddScrapeHook([&] { pool_in_use.Set(++scrapes); });
  MetricsHttpServer server(&registry_);
  ASSERT_OK(server.Start(kLoopback, 0));

  httplib::Client client(kLoopback, server.port());
  ASSERT_TRUE(client.Get("/metrics"));
  httplib::Result result = client.Get("/metrics");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_THAT(result->body, HasSubstr("\npool_in_use 2\n"));
}

TEST_F(MetricsHttpServerTest, AnswersHealthzAndNotFound) {
  MetricsHttpServer server(&registry_);
  ASSERT_OK(server.Start(kLoopback, 0));
  httplib::Client client(kLoopback, server.port());

  httplib::Result health = client.Get("/healthz");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok");

  httplib::Result missing = client.Get("/nothing-here");
  ASSERT_TRUE(missing) << httplib::to_string(missing.error());
  EXPECT_EQ(missing->status, 404);
}

TEST_F(MetricsHttpServerTest, StartTwiceIsRejected) {
  MetricsHttpServer server(&registry_);
  ASSERT_OK(server.Start(kLoopback, 0));
  EXPECT_THAT(server.Start(kLoopback, 0), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(MetricsHttpServerTest, PortInUseIsUnavailable) {
  MetricsHttpServer first(&registry_);
  ASSERT_OK(first.Start(kLoopback, 0));
  MetricsHttpServer second(&registry_);
  EXPECT_THAT(second.Start(kLoopback, first.port()),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("cannot bind")));
  EXPECT_EQ(second.port(), 0);
  // A failed start may be retried.
  EXPECT_OK(second.Start(kLoopback, 0));
}

TEST_F(MetricsHttpServerTest, PortOutOfRangeIsInvalid) {
  MetricsHttpServer server(&registry_);
  EXPECT_THAT(server.Start(kLoopback, -1), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(server.Start(kLoopback, 65536), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MetricsHttpServerTest, StopIsIdempotentAndClosesThePort) {
  MetricsHttpServer server(&registry_);
  ASSERT_OK(server.Start(kLoopback, 0));
  const int port = server.port();
  httplib::Client client(kLoopback, port);
  ASSERT_TRUE(client.Get("/healthz"));

  server.Stop();
  server.Stop();
  EXPECT_EQ(server.port(), 0);
  httplib::Client after_stop(kLoopback, port);
  httplib::Result result = after_stop.Get("/healthz");
  EXPECT_FALSE(result);
  EXPECT_EQ(result.error(), httplib::Error::Connection);
}

TEST_F(MetricsHttpServerTest, DestroyingAnUnstartedServerIsFine) {
  MetricsHttpServer server(&registry_);
  server.Stop();
}

}  // namespace
}  // namespace ccrm
