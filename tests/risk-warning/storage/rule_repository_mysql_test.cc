// MySqlRuleRepository against a real MariaDB as the least-privilege user: the rule set migration
// 002 seeds is DefaultRules() (and running it again changes nothing); creates with their
// revision rows, idempotent replays and scope conflicts; updates as new versions with stale
// versions refused; a disabled rule freeing its scope; unknown rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/ids/uuid.h"
#include "common/mysql/migrations.h"
#include "common/status/errors.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"
#include "services/risk-warning/domain/rule.h"
#include "services/risk-warning/storage/mysql_rule_repository.h"

namespace ccrm::risk {
namespace {

MATCHER_P2(FailsWith, code, reason, "") {
  const absl::Status& s = ::ccrm::testing::GetStatus(arg);
  *result_listener << "status is " << s << " (reason " << ErrorReason(s) << ")";
  return s.code() == code && ErrorReason(s) == reason;
}

absl::Time At(int day, int hour = 9) {
  return absl::FromCivil(absl::CivilSecond(2026, 3, day, hour, 0, 0), absl::UTCTimeZone());
}

WriteContext Write(absl::Time now, const std::string& reason) {
  WriteContext write;
  write.actor = "risk-officer-7";
  write.actor_roles = {"risk_officer"};
  write.request_id = "req";
  // Microseconds below DATETIME(6)'s precision: the stored time is the truncated one.
  write.now = now + absl::Nanoseconds(1500);
  write.reason = reason;
  return write;
}

// A days-past-due rule for SMEs in wholesale (F51).
Rule ScopedRule() {
  Rule rule;
  rule.indicator = kDaysPastDue;
  rule.segment = "SEGMENT_SME";
  rule.industry_prefix = "F51";
  rule.thresholds = {std::nullopt, 20, 45, 75};
  // Wrong on purpose: the repository takes the direction from the indicator catalogue.
  rule.higher_is_worse = false;
  rule.contingency_scenario = ContingencyScenario::kBorrowerCannotRepay;
  rule.auto_activate_contingency = true;
  return rule;
}

void ExpectSameRule(const Rule& actual, const Rule& expected) {
  SCOPED_TRACE(expected.rule_id);
  EXPECT_EQ(actual.rule_id, expected.rule_id);
  EXPECT_EQ(actual.indicator, expected.indicator);
  EXPECT_EQ(actual.segment, expected.segment);
  EXPECT_EQ(actual.industry_prefix, expected.industry_prefix);
  EXPECT_EQ(actual.thresholds.blue, expected.thresholds.blue);
  EXPECT_EQ(actual.thresholds.yellow, expected.thresholds.yellow);
  EXPECT_EQ(actual.thresholds.orange, expected.thresholds.orange);
  EXPECT_EQ(actual.thresholds.red, expected.thresholds.red);
  EXPECT_EQ(actual.higher_is_worse, expected.higher_is_worse);
  EXPECT_EQ(actual.contingency_scenario, expected.contingency_scenario);
  EXPECT_EQ(actual.auto_activate_contingency, expected.auto_activate_contingency);
  EXPECT_EQ(actual.enabled, expected.enabled);
  EXPECT_EQ(actual.version, expected.version);
  EXPECT_EQ(actual.updated_by, expected.updated_by);
  EXPECT_EQ(actual.update_time, expected.update_time);
  EXPECT_EQ(actual.change_reason, expected.change_reason);
}

class MySqlRuleRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MySqlTestDbOptions options;
    options.migrations_dir = RISK_MIGRATIONS_DIR;
    absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db =
        testing::MySqlTestDb::Create(options);
    ASSERT_TRUE(db.ok()) << "cannot set up a test database: " << db.status();
    db_ = *std::move(db);
    rules_ = std::make_unique<MySqlRuleRepository>(&db_->app_pool());
  }

  int64_t QueryInt(const std::string& sql) {
    absl::StatusOr<int64_t> n = db_->QueryIntAsAdmin(sql);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  std::unique_ptr<testing::MySqlTestDb> db_;
  std::unique_ptr<MySqlRuleRepository> rules_;
};

TEST_F(MySqlRuleRepositoryTest, SeededRulesAreTheDefaultRulesEachWithItsRevision) {
  std::vector<Rule> expected = DefaultRules();
  std::sort(expected.begin(), expected.end(), [](const Rule& a, const Rule& b) {
    return a.indicator != b.indicator ? a.indicator < b.indicator : a.rule_id < b.rule_id;
  });
  ASSERT_OK_AND_ASSIGN(std::vector<Rule> stored, rules_->List(""));
  ASSERT_EQ(stored.size(), expected.size());
  ASSERT_EQ(stored.size(), 16u);
  for (size_t i = 0; i < stored.size(); ++i) {
    ExpectSameRule(stored[i], expected[i]);
    ASSERT_OK_AND_ASSIGN(std::vector<Rule> revisions, rules_->Revisions(expected[i].rule_id));
    ASSERT_EQ(revisions.size(), 1u) << expected[i].rule_id;
    ExpectSameRule(revisions[0], expected[i]);
  }
  // A few the comparison above must have seen, spelled out.
  ASSERT_OK_AND_ASSIGN(Rule group, rules_->Get("default-group_distress"));
  EXPECT_FALSE(group.thresholds.blue.has_value());
  EXPECT_EQ(group.thresholds.yellow, 3.0);
  EXPECT_FALSE(group.thresholds.red.has_value());
  ASSERT_OK_AND_ASSIGN(Rule dscr, rules_->Get("default-dscr_headroom"));
  EXPECT_FALSE(dscr.higher_is_worse);
  EXPECT_EQ(dscr.thresholds.yellow, -0.01);
  ASSERT_OK_AND_ASSIGN(Rule first_time, rules_->Get("default-days_past_due-first-time"));
  EXPECT_EQ(first_time.segment, "SEGMENT_FIRST_TIME_BORROWER");
  EXPECT_TRUE(first_time.auto_activate_contingency);
  EXPECT_EQ(first_time.update_time,
            absl::FromCivil(absl::CivilSecond(2026, 1, 1, 0, 0, 0), absl::UTCTimeZone()));
}

TEST_F(MySqlRuleRepositoryTest, ListOfOneIndicatorIsOrderedByRuleId) {
  ASSERT_OK_AND_ASSIGN(std::vector<Rule> dpd, rules_->List(kDaysPastDue));
  ASSERT_EQ(dpd.size(), 2u);
  EXPECT_EQ(dpd[0].rule_id, "default-days_past_due");
  EXPECT_EQ(dpd[1].rule_id, "default-days_past_due-first-time");
  ASSERT_OK_AND_ASSIGN(std::vector<Rule> none, rules_->List("no_such_indicator"));
  EXPECT_TRUE(none.empty());
}

TEST_F(MySqlRuleRepositoryTest, RunningTheSeedAgainChangesNothing) {
  ASSERT_OK_AND_ASSIGN(Rule changed, rules_->Get("default-complaints"));
  changed.thresholds.red = 8;
  ASSERT_OK(rules_->Update(changed, 1, Write(At(2), "more complaints tolerated")).status());

  ASSERT_OK_AND_ASSIGN(std::vector<mysql::Migration> migrations,
                       mysql::ReadMigrationDir(RISK_MIGRATIONS_DIR));
  const auto seed = std::find_if(migrations.begin(), migrations.end(),
                                 [](const mysql::Migration& m) { return m.version == 2; });
  ASSERT_NE(seed, migrations.end());
  for (const std::string& statement : mysql::SplitSqlStatements(seed->sql)) {
    ASSERT_OK(db_->ExecuteAsAdmin(statement));
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM rules"), 16);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM rule_revisions"), 17);
  ASSERT_OK_AND_ASSIGN(Rule complaints, rules_->Get("default-complaints"));
  EXPECT_EQ(complaints.version, 2);
  EXPECT_EQ(complaints.thresholds.red, 8.0);
}

TEST_F(MySqlRuleRepositoryTest, CreateStoresVersionOneAndItsRevision) {
  const WriteContext write = Write(At(3), "wholesale SMEs pay late in spring");
  ASSERT_OK_AND_ASSIGN(Rule created,
                       rules_->Create(ScopedRule(), IdempotencyKey{"req-1", "fp-1"}, write));
  EXPECT_TRUE(IsUuid(created.rule_id)) << created.rule_id;
  EXPECT_EQ(created.version, 1);
  EXPECT_TRUE(created.higher_is_worse);
  EXPECT_TRUE(created.enabled);
  EXPECT_EQ(created.updated_by, "risk-officer-7");
  EXPECT_EQ(created.update_time, At(3) + absl::Microseconds(1));
  EXPECT_EQ(created.change_reason, "wholesale SMEs pay late in spring");
  EXPECT_FALSE(created.thresholds.blue.has_value());
  EXPECT_EQ(created.thresholds.red, 75.0);

  ASSERT_OK_AND_ASSIGN(Rule read, rules_->Get(created.rule_id));
  ExpectSameRule(read, created);
  ASSERT_OK_AND_ASSIGN(std::vector<Rule> revisions, rules_->Revisions(created.rule_id));
  ASSERT_EQ(revisions.size(), 1u);
  ExpectSameRule(revisions[0], created);
  ASSERT_OK_AND_ASSIGN(std::vector<Rule> dpd, rules_->List(kDaysPastDue));
  ASSERT_EQ(dpd.size(), 3u);
  // A UUIDv7 sorts before "default-…".
  EXPECT_EQ(dpd[0].rule_id, created.rule_id);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys WHERE scope = 'rules.create'"), 1);
}

TEST_F(MySqlRuleRepositoryTest, CreateIsIdempotentByRequestId) {
  const IdempotencyKey key{"req-1", "fp-1"};
  ASSERT_OK_AND_ASSIGN(Rule first, rules_->Create(ScopedRule(), key, Write(At(3), "first")));
  // The replay answers with the rule the first request created, however later it comes.
  ASSERT_OK_AND_ASSIGN(Rule again, rules_->Create(ScopedRule(), key, Write(At(4), "again")));
  ExpectSameRule(again, first);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM rules"), 17);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM rule_revisions"), 17);

  Rule other = ScopedRule();
  other.industry_prefix = "F52";
  const absl::StatusOr<Rule> reused =
      rules_->Create(other, IdempotencyKey{"req-1", "fp-2"}, Write(At(4), "other"));
  EXPECT_THAT(reused, FailsWith(absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED"));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM rules"), 17);

  // Without a request id every call creates.
  ASSERT_OK_AND_ASSIGN(Rule unkeyed, rules_->Create(other, IdempotencyKey{}, Write(At(5), "x")));
  EXPECT_NE(unkeyed.rule_id, first.rule_id);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM rules"), 18);
}

TEST_F(MySqlRuleRepositoryTest, CreateRefusesAScopeAnEnabledRuleHolds) {
  Rule global = ScopedRule();
  global.segment.clear();
  global.industry_prefix.clear();
  EXPECT_THAT(rules_->Create(global, IdempotencyKey{"req-g", "fp"}, Write(At(3), "dup")),
              FailsWith(absl::StatusCode::kAlreadyExists, "RULE_SCOPE_TAKEN"));
  // The refused create left nothing behind, its request id included.
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM rules"), 16);

  Rule first_time = ScopedRule();
  first_time.segment = "SEGMENT_FIRST_TIME_BORROWER";
  first_time.industry_prefix.clear();
  EXPECT_THAT(rules_->Create(first_time, IdempotencyKey{}, Write(At(3), "dup")),
              FailsWith(absl::StatusCode::kAlreadyExists, "RULE_SCOPE_TAKEN"));

  ASSERT_OK(rules_->Create(ScopedRule(), IdempotencyKey{}, Write(At(3), "sme")).status());
  EXPECT_THAT(rules_->Create(ScopedRule(), IdempotencyKey{}, Write(At(4), "again")),
              FailsWith(absl::StatusCode::kAlreadyExists, "RULE_SCOPE_TAKEN"));

  // Scopes that differ in one part, or another indicator with the same scope, are free.
  Rule longer_prefix = ScopedRule();
  longer_prefix.industry_prefix = "F511";
  ASSERT_OK(rules_->Create(longer_prefix, IdempotencyKey{}, Write(At(4), "a")).status());
  Rule other_segment = ScopedRule();
  other_segment.segment = "SEGMENT_KEY";
  ASSERT_OK(rules_->Create(other_segment, IdempotencyKey{}, Write(At(4), "b")).status());
  Rule other_indicator = ScopedRule();
  other_indicator.indicator = kOverdueRate;
  ASSERT_OK(rules_->Create(other_indicator, IdempotencyKey{}, Write(At(4), "c")).status());
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM rules"), 20);
}

TEST_F(MySqlRuleRepositoryTest, ADisabledRuleFreesItsScope) {
  ASSERT_OK_AND_ASSIGN(Rule first,
                       rules_->Create(ScopedRule(), IdempotencyKey{}, Write(At(3), "first")));
  Rule disabled = first;
  disabled.enabled = false;
  ASSERT_OK_AND_ASSIGN(Rule off, rules_->Update(disabled, 1, Write(At(4), "replaced")));
  EXPECT_FALSE(off.enabled);

  ASSERT_OK_AND_ASSIGN(Rule second,
                       rules_->Create(ScopedRule(), IdempotencyKey{}, Write(At(5), "second")));
  EXPECT_TRUE(second.enabled);
  // A disabled rule may be added beside it; the first may not come back while the second holds
  // the scope.
  Rule draft = ScopedRule();
  draft.enabled = false;
  ASSERT_OK_AND_ASSIGN(Rule parked, rules_->Create(draft, IdempotencyKey{}, Write(At(5), "later")));
  EXPECT_FALSE(parked.enabled);
  Rule back = off;
  back.enabled = true;
  EXPECT_THAT(rules_->Update(back, 2, Write(At(6), "back")),
              FailsWith(absl::StatusCode::kAlreadyExists, "RULE_SCOPE_TAKEN"));
  ASSERT_OK_AND_ASSIGN(Rule still_off, rules_->Get(first.rule_id));
  EXPECT_EQ(still_off.version, 2);
  EXPECT_FALSE(still_off.enabled);
  // Changing thresholds of a disabled rule is not re-enabling it.
  Rule tweaked = off;
  tweaked.thresholds.red = 80;
  ASSERT_OK_AND_ASSIGN(Rule tweaked_stored, rules_->Update(tweaked, 2, Write(At(6), "tweak")));
  EXPECT_EQ(tweaked_stored.version, 3);
  EXPECT_FALSE(tweaked_stored.enabled);
}

TEST_F(MySqlRuleRepositoryTest, UpdateWritesANewVersionWithItsRevision) {
  ASSERT_OK_AND_ASSIGN(Rule complaints, rules_->Get("default-complaints"));
  Rule changed = complaints;
  changed.thresholds = {std::nullopt, 2, 4, 6};
  changed.contingency_scenario = ContingencyScenario::kBorrowerCannotRepay;
  changed.auto_activate_contingency = true;
  // What Update does not change: the scope, the direction, the indicator.
  changed.segment = "SEGMENT_KEY";
  changed.industry_prefix = "K";
  changed.indicator = kSlaBreaches;
  changed.higher_is_worse = false;
  ASSERT_OK_AND_ASSIGN(Rule v2, rules_->Update(changed, 1, Write(At(10), "red at six")));
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(v2.indicator, kComplaints);
  EXPECT_EQ(v2.segment, "");
  EXPECT_EQ(v2.industry_prefix, "");
  EXPECT_TRUE(v2.higher_is_worse);
  EXPECT_FALSE(v2.thresholds.blue.has_value());
  EXPECT_EQ(v2.thresholds.red, 6.0);
  EXPECT_EQ(v2.contingency_scenario, ContingencyScenario::kBorrowerCannotRepay);
  EXPECT_TRUE(v2.auto_activate_contingency);
  EXPECT_EQ(v2.updated_by, "risk-officer-7");
  EXPECT_EQ(v2.update_time, At(10) + absl::Microseconds(1));
  EXPECT_EQ(v2.change_reason, "red at six");
  ASSERT_OK_AND_ASSIGN(Rule read, rules_->Get("default-complaints"));
  ExpectSameRule(read, v2);

  // A stale version is refused and writes nothing.
  Rule stale = complaints;
  stale.thresholds.red = 9;
  EXPECT_THAT(rules_->Update(stale, 1, Write(At(11), "stale")),
              FailsWith(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
  // 0 skips the check.
  ASSERT_OK_AND_ASSIGN(Rule v3, rules_->Update(stale, 0, Write(At(12), "unchecked")));
  EXPECT_EQ(v3.version, 3);
  EXPECT_EQ(v3.thresholds.red, 9.0);
  EXPECT_FALSE(v3.auto_activate_contingency);

  ASSERT_OK_AND_ASSIGN(std::vector<Rule> revisions, rules_->Revisions("default-complaints"));
  ASSERT_EQ(revisions.size(), 3u);
  ExpectSameRule(revisions[0], v3);
  ExpectSameRule(revisions[1], v2);
  ExpectSameRule(revisions[2], complaints);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM rule_revisions"), 18);
}

TEST_F(MySqlRuleRepositoryTest, UnknownRulesAreNotFound) {
  EXPECT_THAT(rules_->Get("default-nothing"),
              FailsWith(absl::StatusCode::kNotFound, "RULE_NOT_FOUND"));
  EXPECT_THAT(rules_->Revisions("default-nothing"),
              FailsWith(absl::StatusCode::kNotFound, "RULE_NOT_FOUND"));
  Rule ghost = ScopedRule();
  ghost.rule_id = "default-nothing";
  EXPECT_THAT(rules_->Update(ghost, 0, Write(At(3), "x")),
              FailsWith(absl::StatusCode::kNotFound, "RULE_NOT_FOUND"));
}

}  // namespace
}  // namespace ccrm::risk
