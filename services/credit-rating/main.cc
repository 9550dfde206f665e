// credit-rating: config → database → repositories → customer-profile client, credit bureau →
// domain → gRPC handlers, event feed, consumer of customer-profile's events, re-rating jobs →
// RunServer.
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/auth/token_file.h"
#include "common/config/flags.h"
#include "common/config/service_config.h"
#include "common/events/event_consumer.h"
#include "common/events/event_feed_service.h"
#include "common/events/outbox_reader.h"
#include "common/logging/logging.h"
#include "common/metrics/metrics.h"
#include "common/server/bootstrap.h"
#include "common/server/server_runner.h"
#include "common/time/clock.h"
#include "services/credit-rating/api/credit_rating_service.h"
#include "services/credit-rating/api/customer_events.h"
#include "services/credit-rating/api/event_encoder.h"
#include "services/credit-rating/api/permissions.h"
#include "services/credit-rating/clients/customer_profile_client.h"
#include "services/credit-rating/storage/file_credit_bureau.h"
#include "services/credit-rating/storage/mysql_model_repository.h"
#include "services/credit-rating/storage/mysql_pricing_repository.h"
#include "services/credit-rating/storage/mysql_rating_repository.h"
#include "services/credit-rating/storage/mysql_rerating_job_repository.h"

namespace ccrm::rating {
namespace {

constexpr char kServiceName[] = "credit-rating";
constexpr char kFileBureauPrefix[] = "file:";

struct CreditRatingConfig {
  ServerConfig server;
  MySqlConfig mysql;
  AuthConfig auth;
  PeerConfig customer_profile{"customer_profile", "127.0.0.1:50051"};
  std::string service_token_file;
  std::string credit_bureau;
  bool consume_customer_events = true;
  int rerating_page_size = 100;
  int rerating_parallelism = 2;
  absl::Duration database_wait = absl::Seconds(30);
  absl::Duration event_gap_grace = absl::Seconds(10);

  CreditRatingConfig() {
    server.listen = "127.0.0.1:50052";
    server.metrics_listen = "127.0.0.1:9152";
    mysql.database = "ccrm_rating";
  }

  void Bind(FlagSet& flags) {
    server.Bind(flags);
    mysql.Bind(flags);
    auth.Bind(flags);
    customer_profile.Bind(flags);
    flags.Add("service_token_file", &service_token_file,
              "this service's own bearer token, for background calls (kept fresh outside)");
    flags.Add("credit_bureau", &credit_bureau,
              "credit reference adapter: file:<path to a JSON file of reports>");
    flags.Add("consume_customer_events", &consume_customer_events,
              "follow customer-profile's events (new statements trigger rating reviews)");
    flags.Add("rerating_page_size", &rerating_page_size, "customers per re-rating page");
    flags.Add("rerating_parallelism", &rerating_parallelism,
              "customers rated at once by a re-rating job");
    flags.Add("database_wait", &database_wait, "how long start-up waits for the database");
    flags.Add("event_gap_grace", &event_gap_grace,
              "how long the event feed waits at a gap in outbox sequences");
  }

  absl::Status Validate() const {
    if (mysql.migrate_only) {
      return mysql.Validate();
    }
    for (const absl::Status& s :
         {server.Validate(), mysql.Validate(), auth.Validate(), customer_profile.Validate()}) {
      if (!s.ok()) {
        return s;
      }
    }
    if (service_token_file.empty()) {
      return absl::InvalidArgumentError("--service_token_file is required");
    }
    if (!absl::StartsWith(credit_bureau, kFileBureauPrefix)) {
      return absl::InvalidArgumentError("--credit_bureau must be file:<path>");
    }
    if (rerating_page_size < 1 || rerating_page_size > 500 || rerating_parallelism < 1 ||
        rerating_parallelism > 32) {
      return absl::InvalidArgumentError(
          "--rerating_page_size must be 1..500 and --rerating_parallelism 1..32");
    }
    return absl::OkStatus();
  }
};

int Run(int argc, char** argv) {
  BlockTerminationSignals();
  CreditRatingConfig config;
  FlagSet flags(kServiceName);
  config.Bind(flags);
  ParseFlagsOrExit(flags, argc, argv, [&config] { return config.Validate(); });
  const Clock* clock = &SystemClock::Get();
  ServiceBasics basics = StartServiceBasics(kServiceName, config.server, config.mysql, config.auth,
                                            config.database_wait, clock);
  if (config.mysql.migrate_only) {
    return 0;
  }
  absl::StatusOr<std::unique_ptr<FileCreditBureau>> bureau =
      FileCreditBureau::Load(config.credit_bureau.substr(sizeof(kFileBureauPrefix) - 1));
  if (!bureau.ok()) {
    ExitOnError(bureau.status(), "credit bureau");
  }
  const std::shared_ptr<grpc::Channel> channel =
      PeerChannelOrExit(config.customer_profile, "customer-profile");
  TokenFile service_token(config.service_token_file, clock);

  MetricsRegistry metrics;
  ExportPoolMetrics(basics.pool.get(), metrics);
  const PermissionTable permissions = CreditRatingPermissions();

  ProtoRatingEventEncoder encoder;
  MySqlModelRepository model_repository(basics.pool.get());
  MySqlRatingRepository rating_repository(basics.pool.get());
  MySqlPricingRepository pricing_repository(basics.pool.get());
  MySqlReratingJobRepository job_repository(basics.pool.get());
  auto customer_stub = customer::v1::CustomerProfile::NewStub(channel);
  CustomerProfileClient directory(customer_stub.get(), clock, config.customer_profile.timeout);

  ModelService models(&model_repository, clock);
  if (absl::Status s = models.SeedDefaultModel(); !s.ok()) {
    ExitOnError(s, "default scorecard model");
  }
  RatingService ratings(RatingServiceDeps{&rating_repository, &models, &pricing_repository,
                                          &directory, bureau->get(), &encoder, clock});
  ReratingRunner rerating(
      ReratingRunnerDeps{&job_repository, &ratings, &directory, clock,
                         [&service_token] { return service_token.Authorization(); }},
      ReratingOptions{config.rerating_page_size, config.rerating_parallelism});

  ServerRunner runner(config.server,
                      ServerDeps{basics.verifier.get(), &permissions, &metrics, clock});
  CreditRatingService service(&runner.unary_runner(),
                              CreditRatingDomain{&models, &ratings, &rerating});
  events::OutboxReader outbox(basics.pool.get(), config.event_gap_grace);
  events::EventFeedService feed(kServiceName, &outbox, &runner.worker_pool(),
                                &runner.call_registry());
  runner.AddService(&service);
  runner.AddService(&feed);

  auto feed_stub = ccrm::common::v1::EventFeed::NewStub(channel);
  events::EventConsumerOptions consumer_options;
  consumer_options.producer = "customer-profile";
  consumer_options.event_types = CustomerEventTypes();
  consumer_options.authorization = [&service_token] { return service_token.Authorization(); };
  events::EventConsumer customer_events(consumer_options, feed_stub.get(), basics.pool.get(), clock,
                                        ApplyCustomerEvent);

  if (absl::Status s = runner.Start(); !s.ok()) {
    ExitOnError(s, "server");
  }
  if (absl::Status s = rerating.Resume(); !s.ok()) {
    ExitOnError(s, "re-rating jobs");
  }
  if (config.consume_customer_events) {
    customer_events.Start();
  }
  runner.WaitForTerminationSignal();
  customer_events.Stop();
  rerating.Stop();
  return 0;
}

}  // namespace
}  // namespace ccrm::rating

int main(int argc, char** argv) { return ccrm::rating::Run(argc, argv); }
