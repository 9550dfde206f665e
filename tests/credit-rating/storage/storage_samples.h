// Sample values for the credit-rating storage tests: instants with nanoseconds (storage keeps
// microseconds), write contexts, ratings with every field set, models from the shipped default,
// outbox events, and a field-by-field rating comparison.
//
// Example:
//   Rating r = SampleRating(CustomerId(1), RatingId(1), At(0));
//   ASSERT_OK_AND_ASSIGN(Rating stored, ratings.CreateDraft(r, Key("", ""), Write(0)));
//   ExpectSameRating(got, stored);
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/auth/write_context.h"
#include "common/events/outbox_event.h"
#include "common/ids/idempotency_key.h"
#include "common/money/money.h"
#include "services/credit-rating/domain/model_definition.h"
#include "services/credit-rating/domain/rating.h"
#include "services/credit-rating/domain/scorecard.h"

namespace ccrm::rating {

// 2026-03-01 09:00:00.123456789 UTC plus `seconds`; the nanoseconds check that storage returns
// what DATETIME(6) keeps.
inline absl::Time At(int64_t seconds) {
  return absl::FromCivil(absl::CivilSecond(2026, 3, 1, 9, 0, 0), absl::UTCTimeZone()) +
         absl::Nanoseconds(123456789) + absl::Seconds(seconds);
}
inline absl::Time Micros(absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); }

inline WriteContext Write(int64_t seconds, std::string request_id = "req-1") {
  WriteContext w;
  w.actor = "analyst-7";
  w.actor_roles = {"credit_analyst"};
  w.request_id = std::move(request_id);
  w.now = At(seconds);
  w.reason = "annual review";
  return w;
}

inline IdempotencyKey Key(std::string request_id, std::string fingerprint) {
  return IdempotencyKey{std::move(request_id), std::move(fingerprint)};
}

inline std::string CustomerId(int n) { return absl::StrFormat("00000000-0000-7000-8000-%012d", n); }
inline std::string RatingId(int n) { return absl::StrFormat("0193a000-0000-7000-8000-%012d", n); }
inline std::string ModelId(int n) { return absl::StrFormat("0193b000-0000-7000-8000-%012d", n); }
inline std::string JobId(int n) { return absl::StrFormat("0193c000-0000-7000-8000-%012d", n); }

// A rating with every field set (doubles that do not print short, both kinds of ratio, a
// bureau report with nanos in its amounts), as a DRAFT created at `create_time`.
inline Rating SampleRating(const std::string& customer_id, const std::string& rating_id,
                           absl::Time create_time) {
  Rating r;
  r.rating_id = rating_id;
  r.customer_id = customer_id;
  r.state = RatingState::kDraft;
  r.qualitative = {Assessment::kStrong, Assessment::kGood, Assessment::kAdequate,
                   Assessment::kWeak};
  r.market = MarketInputs{3.2e9, 1.0 / 3.0, 0.0185};
  r.industry_code = "C3011";
  r.segment = Segment::kSme;
  BureauReport b;
  b.source = "file";
  b.report_id = "PBOC-2025-0042";
  b.report_date = absl::CivilDay(2025, 12, 31);
  b.max_days_overdue_24m = 45;
  b.current_overdue_amount = Money{"CNY", 125'000, 500'000'000};
  b.guarantees_given = Money{"CNY", 8'000'000, 1};
  b.open_lawsuits = 2;
  b.other_bank_loans = Money{"USD", 0, 0};
  r.bureau_report = b;
  RatingComputation& c = r.computed;
  c.model_id = "00000000-0000-7000-8000-00000000c0a1";
  c.model_version = 3;
  c.score = 612.3456789012345;
  c.model_grade = CreditGrade::kBBB;
  c.probability_of_default = 0.0123456789;
  c.contributions = {{"current_ratio", "1.25", 0.1, 41.2345678},
                     {"dscr", "undefined: debt_service is missing", -0.3, -7.5},
                     {"management_quality", "STRONG", 0.45, 12.0}};
  c.industry_adjustment_points = -5.5;
  c.macro_adjustment_points = 0.1 + 0.2;
  c.ratios = {{"current_ratio", 1.25, ""},
              {"dscr", std::nullopt, "debt_service is missing"},
              {"revenue_growth", -0.0625, ""}};
  c.statement_periods = {{"st-2025", 2025, 0, absl::CivilDay(2025, 12, 31), true},
                         {"st-2025q3", 2025, 3, absl::CivilDay(2025, 9, 30), false}};
  c.merton = MertonResult{12.4, 0.2123, 10.0, 1.1394, 0.127, 7};
  c.altman =
      AltmanResult{AltmanVariant::kZDoublePrime, 2.0457, AltmanZone::kGrey, {0.1, 0.2, 0.3, 0.4}};
  c.default_reason = "";
  r.final_grade = CreditGrade::kBBB;
  r.maker = "analyst-7";
  r.create_time = create_time;
  r.rerating_job = "reratingJobs/0193c000-0000-7000-8000-000000000001";
  r.revision = 1;
  return r;
}

// The shipped default model as a draft of `family` (no id: the repository assigns one).
inline ScorecardModel SampleModel(const std::string& family) {
  absl::StatusOr<ScorecardModel> m = ModelDefinitionFromJson(DefaultCorporateModelJson());
  EXPECT_TRUE(m.ok()) << m.status();
  ScorecardModel model = m.value_or(ScorecardModel{});
  model.family = family;
  model.description = "model of " + family;
  model.created_by = "modeller-1";
  model.create_time = At(0);
  return model;
}

inline events::OutboxEvent Event(std::string type, std::string subject, std::string payload) {
  events::OutboxEvent e;
  e.event_type = std::move(type);
  e.subject = std::move(subject);
  e.payload = std::move(payload);
  return e;
}

inline void ExpectSameMoney(const Money& a, const Money& b) {
  EXPECT_EQ(a.currency_code, b.currency_code);
  EXPECT_EQ(a.units, b.units);
  EXPECT_EQ(a.nanos, b.nanos);
}

// Every field of the document part of a rating (rating_document.h).
inline void ExpectSameDocument(const Rating& a, const Rating& b) {
  EXPECT_EQ(a.qualitative.management_quality, b.qualitative.management_quality);
  EXPECT_EQ(a.qualitative.market_position, b.qualitative.market_position);
  EXPECT_EQ(a.qualitative.industry_outlook, b.qualitative.industry_outlook);
  EXPECT_EQ(a.qualitative.guarantee_strength, b.qualitative.guarantee_strength);
  ASSERT_EQ(a.market.has_value(), b.market.has_value());
  if (a.market.has_value()) {
    EXPECT_EQ(a.market->equity_value, b.market->equity_value);
    EXPECT_EQ(a.market->equity_volatility, b.market->equity_volatility);
    EXPECT_EQ(a.market->risk_free_rate, b.market->risk_free_rate);
  }
  EXPECT_EQ(a.industry_code, b.industry_code);
  EXPECT_EQ(a.segment, b.segment);
  ASSERT_EQ(a.bureau_report.has_value(), b.bureau_report.has_value());
  if (a.bureau_report.has_value()) {
    const BureauReport& x = *a.bureau_report;
    const BureauReport& y = *b.bureau_report;
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.report_id, y.report_id);
    EXPECT_EQ(x.report_date, y.report_date);
    EXPECT_EQ(x.max_days_overdue_24m, y.max_days_overdue_24m);
    ExpectSameMoney(x.current_overdue_amount, y.current_overdue_amount);
    ExpectSameMoney(x.guarantees_given, y.guarantees_given);
    EXPECT_EQ(x.open_lawsuits, y.open_lawsuits);
    ExpectSameMoney(x.other_bank_loans, y.other_bank_loans);
  }
  const RatingComputation& c = a.computed;
  const RatingComputation& d = b.computed;
  ASSERT_EQ(c.contributions.size(), d.contributions.size());
  for (size_t i = 0; i < c.contributions.size(); ++i) {
    EXPECT_EQ(c.contributions[i].input, d.contributions[i].input);
    EXPECT_EQ(c.contributions[i].input_value, d.contributions[i].input_value);
    EXPECT_EQ(c.contributions[i].woe, d.contributions[i].woe);
    EXPECT_EQ(c.contributions[i].points, d.contributions[i].points);
  }
  EXPECT_EQ(c.industry_adjustment_points, d.industry_adjustment_points);
  EXPECT_EQ(c.macro_adjustment_points, d.macro_adjustment_points);
  ASSERT_EQ(c.ratios.size(), d.ratios.size());
  for (size_t i = 0; i < c.ratios.size(); ++i) {
    EXPECT_EQ(c.ratios[i].ratio, d.ratios[i].ratio);
    EXPECT_EQ(c.ratios[i].value, d.ratios[i].value);
    EXPECT_EQ(c.ratios[i].undefined_reason, d.ratios[i].undefined_reason);
  }
  ASSERT_EQ(c.statement_periods.size(), d.statement_periods.size());
  for (size_t i = 0; i < c.statement_periods.size(); ++i) {
    EXPECT_EQ(c.statement_periods[i].statement_id, d.statement_periods[i].statement_id);
    EXPECT_EQ(c.statement_periods[i].fiscal_year, d.statement_periods[i].fiscal_year);
    EXPECT_EQ(c.statement_periods[i].fiscal_quarter, d.statement_periods[i].fiscal_quarter);
    EXPECT_EQ(c.statement_periods[i].period_end_date, d.statement_periods[i].period_end_date);
    EXPECT_EQ(c.statement_periods[i].audited, d.statement_periods[i].audited);
  }
  ASSERT_EQ(c.merton.has_value(), d.merton.has_value());
  if (c.merton.has_value()) {
    EXPECT_EQ(c.merton->asset_value, d.merton->asset_value);
    EXPECT_EQ(c.merton->asset_volatility, d.merton->asset_volatility);
    EXPECT_EQ(c.merton->default_point, d.merton->default_point);
    EXPECT_EQ(c.merton->distance_to_default, d.merton->distance_to_default);
    EXPECT_EQ(c.merton->default_probability, d.merton->default_probability);
    EXPECT_EQ(c.merton->iterations, d.merton->iterations);
  }
  ASSERT_EQ(c.altman.has_value(), d.altman.has_value());
  if (c.altman.has_value()) {
    EXPECT_EQ(c.altman->variant, d.altman->variant);
    EXPECT_EQ(c.altman->score, d.altman->score);
    EXPECT_EQ(c.altman->zone, d.altman->zone);
    EXPECT_EQ(c.altman->ratios, d.altman->ratios);
  }
  EXPECT_EQ(c.default_reason, d.default_reason);
}

// Every field of two ratings.
inline void ExpectSameRating(const Rating& a, const Rating& b) {
  EXPECT_EQ(a.rating_id, b.rating_id);
  EXPECT_EQ(a.customer_id, b.customer_id);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.computed.model_id, b.computed.model_id);
  EXPECT_EQ(a.computed.model_version, b.computed.model_version);
  EXPECT_EQ(a.computed.score, b.computed.score);
  EXPECT_EQ(a.computed.model_grade, b.computed.model_grade);
  EXPECT_EQ(a.computed.probability_of_default, b.computed.probability_of_default);
  EXPECT_EQ(a.final_grade, b.final_grade);
  EXPECT_EQ(a.maker, b.maker);
  EXPECT_EQ(a.checker, b.checker);
  EXPECT_EQ(a.override_reason, b.override_reason);
  EXPECT_EQ(a.rejection_reason, b.rejection_reason);
  EXPECT_EQ(a.create_time, b.create_time);
  EXPECT_EQ(a.decision_time, b.decision_time);
  EXPECT_EQ(a.valid_until, b.valid_until);
  EXPECT_EQ(a.review_required, b.review_required);
  EXPECT_EQ(a.review_reason, b.review_reason);
  EXPECT_EQ(a.rerating_job, b.rerating_job);
  EXPECT_EQ(a.revision, b.revision);
  ExpectSameDocument(a, b);
}

}  // namespace ccrm::rating
