// Tests of common/events against a real MariaDB/MySQL server: the outbox reader (order, gaps,
// filters), the EventFeed service served in-process by a ServerRunner, and the EventConsumer
// (exactly-once application, replay, handler errors, follow mode).
#include <cppconn/resultset.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "common/auth/jwt.h"
#include "common/auth/permission_table.h"
#include "common/events/event_consumer.h"
#include "common/events/event_feed_service.h"
#include "common/events/outbox.h"
#include "common/events/outbox_reader.h"
#include "common/events/outbox_wakeup.h"
#include "common/ids/uuid.h"
#include "common/metrics/metrics.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/server/server_runner.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"
#include "common/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm::events {
namespace {

using ::ccrm::common::v1::Event;
using ::ccrm::common::v1::EventFeed;
using ::ccrm::common::v1::StreamEventsRequest;
using ::ccrm::testing::MySqlTestDb;
using ::ccrm::testing::MySqlTestDbOptions;
using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kProducer[] = "customer-profile";
constexpr char kCreated[] = "ccrm.customer.v1.CustomerCreated";
constexpr char kUpdated[] = "ccrm.customer.v1.CustomerUpdated";
constexpr char kStreamMethod[] = "/ccrm.common.v1.EventFeed/StreamEvents";
constexpr char kIssuer[] = "ccrm-test";
constexpr char kAudience[] = "ccrm";

// Polls `done` until it holds or 20 s pass; returns its last value.
bool Eventually(const std::function<bool()>& done) {
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (!done()) {
    if (absl::Now() > give_up) {
      return false;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

std::vector<int64_t> Sequences(const std::vector<StoredEvent>& events) {
  std::vector<int64_t> out;
  for (const StoredEvent& e : events) {
    out.push_back(e.sequence);
  }
  return out;
}

EventFeedOptions FeedOptions(int batch_size, absl::Duration poll_interval,
                             OutboxWakeup* wakeup = nullptr) {
  EventFeedOptions options;
  options.batch_size = batch_size;
  options.poll_interval = poll_interval;
  options.wakeup = wakeup;
  return options;
}

class EventsTest : public ::testing::Test {
 protected:
  EventsTest() : clock_(absl::FromUnixSeconds(1795334400)) {}

  void SetUp() override {
    MySqlTestDbOptions options;
    options.migrations_dir = CCRM_EVENTS_TEST_MIGRATIONS_DIR;
    absl::StatusOr<std::unique_ptr<MySqlTestDb>> db = MySqlTestDb::Create(options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    reader_ = std::make_unique<OutboxReader>(&db_->app_pool(), absl::Seconds(5));
  }

  void TearDown() override {
    if (runner_ != nullptr) {
      runner_->Shutdown();
    }
    runner_.reset();
    feed_.reset();
  }

  // Appends one event in its own transaction, the way a producer does; returns its id.
  std::string Append(const std::string& type, const std::string& subject,
                     const std::string& payload = "payload") {
    OutboxEvent event{NewUuidV7(clock_.Now()), type,    subject,
                      "req-" + subject,        payload, clock_.Now()};
    EXPECT_OK(mysql::RunInTransaction(db_->app_pool(), {}, [&](mysql::Session& s) {
      AppendToOutbox(s, event);
      return absl::OkStatus();
    }));
    return event.event_id;
  }

  // Inserts a row with an explicit sequence and creation time (SQL expression).
  void InsertRaw(int64_t sequence, const std::string& created_at_sql) {
    ASSERT_OK(db_->ExecuteAsAdmin(absl::StrCat(
        "INSERT INTO outbox_events (sequence, event_id, event_type, subject, request_id, payload, "
        "occur_time, created_at) VALUES (",
        sequence, ", '", NewUuidV7(clock_.Now()), "', '", kCreated, "', 'customers/", sequence,
        "', 'req', 'p', UTC_TIMESTAMP(6), ", created_at_sql, ")")));
  }

  int64_t QueryInt(const std::string& sql) {
    absl::StatusOr<int64_t> n = db_->QueryIntAsAdmin(sql);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  // Serves the feed in-process: role "service" may stream events.
  void StartFeed(EventFeedOptions feed_options = {}) {
    JwtVerifierOptions options;
    options.issuer = kIssuer;
    options.audience = kAudience;
    options.keys.push_back(JwtKey{"", JwtAlgorithm::kHs256, std::string(32, 'k')});
    absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier =
        JwtVerifier::Create(std::move(options), &clock_);
    ASSERT_OK(verifier);
    verifier_ = *std::move(verifier);
    permissions_.Allow(kStreamMethod, {roles::kService});
    ServerConfig config;
    config.listen = "127.0.0.1:0";
    config.worker_threads = 4;
    config.drain_timeout = absl::Seconds(5);
    ServerDeps deps;
    deps.verifier = verifier_.get();
    deps.permissions = &permissions_;
    deps.metrics = &metrics_;
    deps.clock = &clock_;
    runner_ = std::make_unique<ServerRunner>(config, deps);
    feed_ = std::make_unique<EventFeedService>(kProducer, reader_.get(), &runner_->worker_pool(),
                                               &runner_->call_registry(), feed_options);
    runner_->AddService(feed_.get());
    ASSERT_OK(runner_->Start());
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", runner_->port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = EventFeed::NewStub(channel_);
  }

  std::string Token(const std::vector<std::string>& roles) {
    JwtClaims claims;
    claims.issuer = kIssuer;
    claims.audience = kAudience;
    claims.subject = "credit-rating";
    claims.roles = roles;
    claims.issued_at = clock_.Now();
    claims.expires_at = clock_.Now() + absl::Hours(1);
    absl::StatusOr<std::string> token =
        MintJwt(JwtKey{"", JwtAlgorithm::kHs256, std::string(32, 'k')}, claims);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.value_or("");
  }

  std::unique_ptr<grpc::ClientContext> StreamContext(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    if (!token.empty()) {
      ctx->AddMetadata("authorization", "Bearer " + token);
    }
    return ctx;
  }

  // Reads a whole (non-following) stream.
  grpc::Status ReadAll(const std::string& token, const StreamEventsRequest& request,
                       std::vector<Event>* events) {
    auto ctx = StreamContext(token);
    auto reader = stub_->StreamEvents(ctx.get(), request);
    Event e;
    while (reader->Read(&e)) {
      events->push_back(e);
    }
    return reader->Finish();
  }

  EventConsumerOptions ConsumerOptions() {
    EventConsumerOptions options;
    options.producer = kProducer;
    const std::string token = Token({roles::kService});
    options.authorization = [token] { return "Bearer " + token; };
    options.stream_deadline = absl::Seconds(30);
    options.retry_backoff = absl::Milliseconds(50);
    return options;
  }

  // A handler that records each event it applies in applied_events, in the consumer's
  // transaction; fails while fail_subject_ names the event's subject.
  EventHandler RecordingHandler() {
    return [this](const Event& e, mysql::Session& s) -> absl::Status {
      {
        absl::MutexLock lock(&mu_);
        ++handler_calls_;
        if (fail_subject_ == e.subject()) {
          return WithReason(absl::UnavailableError("downstream is down"), "DOWNSTREAM_DOWN");
        }
      }
      sql::PreparedStatement& insert =
          s.Prepare("INSERT INTO applied_events (event_id, sequence, subject) VALUES (?, ?, ?)");
      insert.setString(1, e.event_id());
      insert.setInt64(2, e.sequence());
      insert.setString(3, e.subject());
      insert.executeUpdate();
      return absl::OkStatus();
    };
  }

  FakeClock clock_;
  std::unique_ptr<MySqlTestDb> db_;
  std::unique_ptr<OutboxReader> reader_;
  std::unique_ptr<JwtVerifier> verifier_;
  PermissionTable permissions_;
  MetricsRegistry metrics_;
  std::unique_ptr<EventFeedService> feed_;
  std::unique_ptr<ServerRunner> runner_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<EventFeed::Stub> stub_;
  absl::Mutex mu_;
  int handler_calls_ ABSL_GUARDED_BY(mu_) = 0;
  std::string fail_subject_ ABSL_GUARDED_BY(mu_);
};

// ---- OutboxReader ----

TEST_F(EventsTest, ReaderReturnsRowsInOrder) {
  const std::string id1 = Append(kCreated, "customers/1", std::string("\0\x01\xff", 3));
  clock_.Advance(absl::Microseconds(1500));
  Append(kUpdated, "customers/1");
  Append(kCreated, "customers/2");

  ASSERT_OK_AND_ASSIGN(OutboxBatch all, reader_->ReadAfter(0, 10, {}));
  EXPECT_THAT(Sequences(all.events), ElementsAre(1, 2, 3));
  EXPECT_EQ(all.next_after, 3);
  EXPECT_FALSE(all.held_back);
  const OutboxEvent& first = all.events[0].event;
  EXPECT_EQ(first.event_id, id1);
  EXPECT_EQ(first.event_type, kCreated);
  EXPECT_EQ(first.subject, "customers/1");
  EXPECT_EQ(first.request_id, "req-customers/1");
  EXPECT_EQ(first.payload, std::string("\0\x01\xff", 3));
  EXPECT_EQ(first.occur_time, absl::FromUnixSeconds(1795334400));
  EXPECT_EQ(all.events[1].event.occur_time,
            absl::FromUnixSeconds(1795334400) + absl::Microseconds(1500));

  ASSERT_OK_AND_ASSIGN(OutboxBatch after1, reader_->ReadAfter(1, 10, {}));
  EXPECT_THAT(Sequences(after1.events), ElementsAre(2, 3));
  ASSERT_OK_AND_ASSIGN(OutboxBatch limited, reader_->ReadAfter(0, 2, {}));
  EXPECT_THAT(Sequences(limited.events), ElementsAre(1, 2));
  EXPECT_EQ(limited.next_after, 2);
  ASSERT_OK_AND_ASSIGN(OutboxBatch none, reader_->ReadAfter(3, 10, {}));
  EXPECT_TRUE(none.events.empty());
  EXPECT_EQ(none.next_after, 3);
  EXPECT_FALSE(none.held_back);
}

TEST_F(EventsTest, ReaderHoldsBackAtYoungGap) {
  InsertRaw(1, "UTC_TIMESTAMP(6)");
  InsertRaw(3, "UTC_TIMESTAMP(6)");  // 2 may still commit
  ASSERT_OK_AND_ASSIGN(OutboxBatch batch, reader_->ReadAfter(0, 10, {}));
  EXPECT_THAT(Sequences(batch.events), ElementsAre(1));
  EXPECT_EQ(batch.next_after, 1);
  EXPECT_TRUE(batch.held_back);

  // A gap right at the cursor holds everything back.
  ASSERT_OK_AND_ASSIGN(OutboxBatch at_gap, reader_->ReadAfter(1, 10, {}));
  EXPECT_TRUE(at_gap.events.empty());
  EXPECT_EQ(at_gap.next_after, 1);
  EXPECT_TRUE(at_gap.held_back);
}

TEST_F(EventsTest, ReaderStepsOverOldGap) {
  InsertRaw(1, "UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE");
  InsertRaw(3, "UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE");  // 2 rolled back long ago
  ASSERT_OK_AND_ASSIGN(OutboxBatch batch, reader_->ReadAfter(0, 10, {}));
  EXPECT_THAT(Sequences(batch.events), ElementsAre(1, 3));
  EXPECT_EQ(batch.next_after, 3);
  EXPECT_FALSE(batch.held_back);
}

TEST_F(EventsTest, ReaderFiltersByType) {
  Append(kCreated, "customers/1");
  Append(kUpdated, "customers/1");
  Append(kCreated, "customers/2");
  Append(kUpdated, "customers/2");
  ASSERT_OK_AND_ASSIGN(OutboxBatch created, reader_->ReadAfter(0, 10, {kCreated}));
  EXPECT_THAT(Sequences(created.events), ElementsAre(1, 3));
  EXPECT_EQ(created.next_after, 4);  // past the filtered-out row
  ASSERT_OK_AND_ASSIGN(OutboxBatch both, reader_->ReadAfter(0, 10, {kCreated, kUpdated}));
  EXPECT_THAT(Sequences(both.events), ElementsAre(1, 2, 3, 4));
  ASSERT_OK_AND_ASSIGN(OutboxBatch other, reader_->ReadAfter(0, 10, {"ccrm.other.v1.Nothing"}));
  EXPECT_TRUE(other.events.empty());
  EXPECT_EQ(other.next_after, 4);
}

// ---- EventFeedService ----

TEST_F(EventsTest, FeedStreamsAfterCursorAndEndsWhenCaughtUp) {
  for (int i = 1; i <= 5; ++i) {
    Append(kCreated, absl::StrCat("customers/", i));
  }
  StartFeed(FeedOptions(2, absl::Milliseconds(20)));
  StreamEventsRequest request;
  request.set_after_sequence(2);
  std::vector<Event> events;
  grpc::Status status = ReadAll(Token({roles::kService}), request, &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].sequence(), 3);
  EXPECT_EQ(events[2].sequence(), 5);
  EXPECT_EQ(events[0].producer(), kProducer);
  EXPECT_EQ(events[0].event_type(), kCreated);
  EXPECT_EQ(events[0].subject(), "customers/3");
  EXPECT_EQ(events[0].request_id(), "req-customers/3");
  EXPECT_EQ(events[0].payload().type_url(), absl::StrCat("type.googleapis.com/", kCreated));
  EXPECT_EQ(events[0].payload().value(), "payload");
  EXPECT_EQ(events[0].occur_time().seconds(), 1795334400);
}

TEST_F(EventsTest, FeedDoesNotStopAtABatchOfFilteredRows) {
  // Two full batches of other types before the one wanted.
  for (int i = 1; i <= 4; ++i) {
    Append(kUpdated, absl::StrCat("customers/", i));
  }
  Append(kCreated, "customers/5");
  StartFeed(FeedOptions(2, absl::Milliseconds(20)));
  StreamEventsRequest request;
  request.add_event_types(kCreated);
  std::vector<Event> events;
  grpc::Status status = ReadAll(Token({roles::kService}), request, &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].sequence(), 5);
}

TEST_F(EventsTest, FeedWaitsAtYoungGapInsteadOfEnding) {
  InsertRaw(1, "UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE");
  // 2 is missing; 3 turns older than the 5 s grace about 300 ms from now.
  InsertRaw(3, "UTC_TIMESTAMP(6) - INTERVAL 4700000 MICROSECOND");
  StartFeed(FeedOptions(10, absl::Milliseconds(20)));
  StreamEventsRequest request;
  std::vector<Event> events;
  grpc::Status status = ReadAll(Token({roles::kService}), request, &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].sequence(), 1);
  EXPECT_EQ(events[1].sequence(), 3);
}

TEST_F(EventsTest, FeedRefusesCallersWithoutServiceRole) {
  StartFeed();
  StreamEventsRequest request;
  std::vector<Event> events;
  grpc::Status status = ReadAll("", request, &events);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  status = ReadAll(Token({roles::kRelationshipManager}), request, &events);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), kReasonRoleNotPermitted);
  request.set_after_sequence(-1);
  status = ReadAll(Token({roles::kService}), request, &events);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(FieldViolationsOf(FromGrpcStatus(status)),
              ElementsAre(FieldViolation{"after_sequence", "must not be negative"}));
  EXPECT_TRUE(events.empty());
}

TEST_F(EventsTest, FeedFollowDeliversLaterEvents) {
  Append(kCreated, "customers/1");
  StartFeed(FeedOptions(10, absl::Milliseconds(20)));
  auto ctx = StreamContext(Token({roles::kService}));
  StreamEventsRequest request;
  request.set_follow(true);
  auto reader = stub_->StreamEvents(ctx.get(), request);
  Event e;
  ASSERT_TRUE(reader->Read(&e));
  EXPECT_EQ(e.sequence(), 1);
  // Caught up, the stream stays open; a new event arrives on it.
  Append(kUpdated, "customers/1");
  ASSERT_TRUE(reader->Read(&e));
  EXPECT_EQ(e.sequence(), 2);
  EXPECT_EQ(e.event_type(), kUpdated);
  ctx->TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

// A following stream with a ten-minute poll still gets a new event at once: the transaction
// that appended it notifies the process's wakeup when it commits.
TEST_F(EventsTest, FeedWokenByACommitReadsAtOnceInsteadOfAtTheNextPoll) {
  OutboxWakeup& wakeup = ProcessOutboxWakeup();
  const int64_t notified_before = wakeup.notifications();
  StartFeed(FeedOptions(10, absl::Minutes(10), &wakeup));
  auto ctx = StreamContext(Token({roles::kService}));
  StreamEventsRequest request;
  request.set_follow(true);
  auto reader = stub_->StreamEvents(ctx.get(), request);
  // Nothing yet: the stream is caught up and waits. Give it time to subscribe.
  absl::SleepFor(absl::Milliseconds(300));
  Append(kCreated, "customers/1");
  Event e;
  ASSERT_TRUE(reader->Read(&e)) << "the stream did not wake up";
  EXPECT_EQ(e.sequence(), 1);
  // Woken again for the next commit (a fresh wait subscribes again).
  absl::SleepFor(absl::Milliseconds(300));
  Append(kUpdated, "customers/1");
  ASSERT_TRUE(reader->Read(&e));
  EXPECT_EQ(e.sequence(), 2);
  // The stream deadline (20 s) is far shorter than the poll: it was the wake-ups, not polls.
  ctx->TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_GE(wakeup.notifications(), notified_before + 2);
}

TEST(OutboxWakeupTest, RunsEachWaiterOnceAndNeverAfterItUnsubscribed) {
  OutboxWakeup wakeup;
  int first = 0;
  int second = 0;
  const int64_t a = wakeup.Subscribe([&] { ++first; });
  const int64_t b = wakeup.Subscribe([&] { ++second; });
  EXPECT_TRUE(wakeup.Unsubscribe(b));
  wakeup.Notify();
  wakeup.Notify();
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 0);
  EXPECT_FALSE(wakeup.Unsubscribe(a));  // already taken by the first Notify
  EXPECT_EQ(wakeup.notifications(), 2);
}

// ---- EventConsumer ----

TEST_F(EventsTest, ConsumerAppliesEachEventOnceInItsTransaction) {
  Append(kCreated, "customers/1");
  Append(kUpdated, "customers/1");
  Append(kCreated, "customers/2");
  StartFeed(FeedOptions(2, absl::Milliseconds(20)));
  EventConsumer consumer(ConsumerOptions(), stub_.get(), &db_->app_pool(), &clock_,
                         RecordingHandler());
  ASSERT_OK_AND_ASSIGN(int64_t start, consumer.Cursor());
  EXPECT_EQ(start, 0);
  ASSERT_OK_AND_ASSIGN(int applied, consumer.CatchUp());
  EXPECT_EQ(applied, 3);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM applied_events"), 3);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM consumed_events"), 3);
  ASSERT_OK_AND_ASSIGN(int64_t cursor, consumer.Cursor());
  EXPECT_EQ(cursor, 3);
  // Bookkeeping carries the injected clock's time.
  EXPECT_EQ(*db_->QueryStringAsAdmin("SELECT MIN(CAST(consumed_at AS CHAR)) FROM consumed_events"),
            "2026-11-22 08:00:00.000000");

  ASSERT_OK_AND_ASSIGN(int again, consumer.CatchUp());
  EXPECT_EQ(again, 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM applied_events"), 3);
}

TEST_F(EventsTest, ReplayFromZeroCreatesNothingTwice) {
  Append(kCreated, "customers/1");
  Append(kCreated, "customers/2");
  StartFeed();
  EventConsumer consumer(ConsumerOptions(), stub_.get(), &db_->app_pool(), &clock_,
                         RecordingHandler());
  ASSERT_OK_AND_ASSIGN(int applied, consumer.CatchUp());
  ASSERT_EQ(applied, 2);

  ASSERT_OK(db_->ExecuteAsAdmin("DELETE FROM event_cursors"));
  ASSERT_OK_AND_ASSIGN(int64_t reset, consumer.Cursor());
  EXPECT_EQ(reset, 0);
  Append(kCreated, "customers/3");
  ASSERT_OK_AND_ASSIGN(int replayed, consumer.CatchUp());
  EXPECT_EQ(replayed, 1);  // only the new one
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM applied_events"), 3);
  EXPECT_EQ(QueryInt("SELECT MAX(c) FROM (SELECT COUNT(*) AS c FROM applied_events "
                     "GROUP BY event_id) AS per_event"),
            1);
  ASSERT_OK_AND_ASSIGN(int64_t cursor, consumer.Cursor());
  EXPECT_EQ(cursor, 3);
  {
    absl::MutexLock lock(&mu_);
    EXPECT_EQ(handler_calls_, 3);
  }
}

TEST_F(EventsTest, HandlerErrorKeepsCursorAndEventIsRetried) {
  Append(kCreated, "customers/1");
  Append(kCreated, "customers/bad");
  Append(kCreated, "customers/3");
  StartFeed();
  {
    absl::MutexLock lock(&mu_);
    fail_subject_ = "customers/bad";
  }
  EventConsumer consumer(ConsumerOptions(), stub_.get(), &db_->app_pool(), &clock_,
                         RecordingHandler());
  absl::StatusOr<int> failed = consumer.CatchUp();
  EXPECT_THAT(failed, StatusIs(absl::StatusCode::kUnavailable, "downstream is down"));
  EXPECT_EQ(ErrorReason(failed.status()), "DOWNSTREAM_DOWN");
  ASSERT_OK_AND_ASSIGN(int64_t cursor, consumer.Cursor());
  EXPECT_EQ(cursor, 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM applied_events"), 1);
  // Rolled back with the handler: the failed event is not marked consumed.
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM consumed_events"), 1);

  {
    absl::MutexLock lock(&mu_);
    fail_subject_.clear();
  }
  ASSERT_OK_AND_ASSIGN(int applied, consumer.CatchUp());
  EXPECT_EQ(applied, 2);
  ASSERT_OK_AND_ASSIGN(cursor, consumer.Cursor());
  EXPECT_EQ(cursor, 3);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM applied_events WHERE subject = 'customers/bad'"), 1);
}

TEST_F(EventsTest, FollowModePicksUpNewEventsUntilStopped) {
  Append(kCreated, "customers/1");
  StartFeed(FeedOptions(10, absl::Milliseconds(20)));
  EventConsumer consumer(ConsumerOptions(), stub_.get(), &db_->app_pool(), &clock_,
                         RecordingHandler());
  consumer.Start();
  ASSERT_TRUE(Eventually([&] { return QueryInt("SELECT COUNT(*) FROM applied_events") == 1; }));
  Append(kUpdated, "customers/1");
  ASSERT_TRUE(Eventually([&] { return QueryInt("SELECT COUNT(*) FROM applied_events") == 2; }));
  const absl::Time stop_start = absl::Now();
  consumer.Stop();
  EXPECT_LT(absl::Now() - stop_start, absl::Seconds(5));
  ASSERT_OK_AND_ASSIGN(int64_t cursor, consumer.Cursor());
  EXPECT_EQ(cursor, 2);
  // Stopped: later events wait for the next start.
  Append(kCreated, "customers/3");
  ASSERT_OK_AND_ASSIGN(cursor, consumer.Cursor());
  EXPECT_EQ(cursor, 2);
}

TEST_F(EventsTest, StopRightAfterStartDoesNotHang) {
  StartFeed(FeedOptions(10, absl::Milliseconds(20)));
  for (int i = 0; i < 20; ++i) {
    EventConsumer consumer(ConsumerOptions(), stub_.get(), &db_->app_pool(), &clock_,
                           RecordingHandler());
    consumer.Start();
    const absl::Time stop_start = absl::Now();
    consumer.Stop();
    ASSERT_LT(absl::Now() - stop_start, absl::Seconds(5)) << "round " << i;
  }
}

TEST_F(EventsTest, ProducerDownIsUnavailable) {
  // A stub pointing at a port nobody serves.
  auto channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  auto stub = EventFeed::NewStub(channel);
  EventConsumer consumer(ConsumerOptions(), stub.get(), &db_->app_pool(), &clock_,
                         RecordingHandler());
  EXPECT_THAT(consumer.CatchUp(), StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace ccrm::events
