// RatingService over the in-memory repositories and fake customer-profile / bureau: rating a
// customer (validation first, the caller's identity passed on, nothing written on failure,
// idempotent), maker-checker approval and rejection (overrides, default evidence, outdated
// drafts, validity, events), ratings due for review, ratios and pricing.
#include "services/credit-rating/domain/rating_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/events/outbox_event.h"
#include "common/ids/etag.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "services/credit-rating/domain/model_definition.h"
#include "tests/credit-rating/domain/service_fakes.h"

namespace ccrm::events {

// Readable failure messages for expectations on the outbox.
void PrintTo(const OutboxEvent& e, std::ostream* os) {
  *os << e.event_type << " " << e.subject << " \"" << e.payload << "\"";
}

}  // namespace ccrm::events

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kCustomer[] = "cust-1";

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

MATCHER_P2(EventIs, type, payload, "") {
  *result_listener << "event " << arg.event_type << " \"" << arg.payload << "\"";
  return arg.event_type == type && arg.payload == payload;
}

void ExpectSameQualitative(const QualitativeInputs& got, const QualitativeInputs& want) {
  EXPECT_EQ(got.management_quality, want.management_quality);
  EXPECT_EQ(got.market_position, want.market_position);
  EXPECT_EQ(got.industry_outlook, want.industry_outlook);
  EXPECT_EQ(got.guarantee_strength, want.guarantee_strength);
}

// A grade other than `grade`, so that an override to it is recorded as one.
CreditGrade OtherThan(CreditGrade grade, CreditGrade preferred) {
  return grade == preferred ? CreditGrade::kB : preferred;
}

PricingTable SamplePricingTable() {
  PricingTable t;
  t.lpr = LoanPrimeRates{310, 360};
  for (CreditGrade g : kAllGrades) {
    for (Segment s : {Segment::kKey, Segment::kSme, Segment::kFirstTimeBorrower}) {
      PricingRule r;
      r.grade = g;
      r.segment = s;
      r.eligible = g <= CreditGrade::kB;
      // 40 bps per notch, 30 more for SMEs.
      r.spread_bps = 40 * static_cast<int>(g) + (s == Segment::kSme ? 30 : 0);
      r.max_tenor_months = 84;
      r.collateral_requirement = "PARTIAL";
      r.approval_authority = "BRANCH_CREDIT_COMMITTEE";
      t.rules.push_back(r);
    }
  }
  return t;
}

class RatingServiceTest : public ::testing::Test {
 protected:
  RatingServiceTest() { AddCustomer(kCustomer); }

  void AddCustomer(const std::string& id, Segment segment = Segment::kSme) {
    bed_.directory.AddCustomer(SampleCustomer(id, segment), SampleStatements(2024));
  }

  absl::StatusOr<Rating> Rate(const std::string& customer_id, const std::string& request_id,
                              const Caller& caller = Analyst()) {
    return bed_.service.Rate(caller, SampleRateRequest(customer_id),
                             IdempotencyKey{request_id, absl::StrCat("fp-", request_id)});
  }

  absl::StatusOr<Rating> Approve(const Rating& draft, ApproveRequest request = {},
                                 const Caller& approver = Approver()) {
    return bed_.service.Approve(approver, draft.customer_id, draft.rating_id,
                                FormatEtag(draft.revision), request);
  }

  absl::StatusOr<Rating> ApproveAs(const Rating& draft, CreditGrade grade) {
    return Approve(draft, ApproveRequest{grade, "committee view"});
  }

  std::vector<Rating> RatingsOf(const std::string& customer_id) {
    absl::StatusOr<RatingList> list = bed_.service.List(customer_id, RatingFilter{}, "", 0);
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? list->ratings : std::vector<Rating>{};
  }

  RatingTestBed bed_;
};

// ---- Rate ----

TEST_F(RatingServiceTest, DraftKeepsInputsModelAndStatementPeriods) {
  BureauReport clean;
  clean.source = "file";
  clean.report_id = "pboc-2025-0001";
  clean.report_date = absl::CivilDay(2025, 6, 1);
  bed_.bureau.SetReport(SampleCustomer(kCustomer).unified_social_credit_code, clean);
  RateRequest request = SampleRateRequest(kCustomer);
  request.market = MarketInputs{2.0e9, 0.3, 0.02};
  ASSERT_OK_AND_ASSIGN(Rating draft,
                       bed_.service.Rate(Analyst(), request, IdempotencyKey{"req-1", "fp-1"}));

  EXPECT_FALSE(draft.rating_id.empty());
  EXPECT_EQ(draft.customer_id, kCustomer);
  EXPECT_EQ(draft.state, RatingState::kDraft);
  ExpectSameQualitative(draft.qualitative, SampleQualitative());
  ASSERT_TRUE(draft.market.has_value());
  EXPECT_DOUBLE_EQ(draft.market->equity_value, 2.0e9);
  EXPECT_DOUBLE_EQ(draft.market->equity_volatility, 0.3);
  EXPECT_EQ(draft.industry_code, "C3021");
  EXPECT_EQ(draft.segment, Segment::kSme);
  ASSERT_TRUE(draft.bureau_report.has_value());
  EXPECT_EQ(draft.bureau_report->report_id, "pboc-2025-0001");
  EXPECT_EQ(draft.computed.model_id, kDefaultCorporateModelId);
  EXPECT_EQ(draft.computed.model_version, 1);
  EXPECT_THAT(draft.computed.statement_periods,
              ElementsAre(Field(&StatementPeriod::statement_id, "fs-2024"),
                          Field(&StatementPeriod::statement_id, "fs-2023")));
  EXPECT_TRUE(draft.computed.merton.has_value());
  EXPECT_TRUE(draft.computed.altman.has_value());
  EXPECT_FALSE(draft.computed.contributions.empty());
  EXPECT_NE(draft.computed.model_grade, CreditGrade::kUnspecified);
  EXPECT_EQ(draft.final_grade, draft.computed.model_grade);
  EXPECT_EQ(draft.computed.default_reason, "");
  EXPECT_EQ(draft.maker, "analyst-7");
  EXPECT_EQ(draft.checker, "");
  EXPECT_EQ(draft.create_time, Utc(2025, 6, 30));
  EXPECT_FALSE(draft.valid_until.has_value());
  EXPECT_FALSE(draft.decision_time.has_value());
  EXPECT_EQ(draft.rerating_job, "");
  EXPECT_EQ(draft.revision, 1);

  ASSERT_OK_AND_ASSIGN(Rating stored, bed_.service.Get(kCustomer, draft.rating_id));
  EXPECT_EQ(stored.computed.model_id, kDefaultCorporateModelId);
  EXPECT_EQ(stored.final_grade, draft.final_grade);
  EXPECT_TRUE(bed_.store.outbox().empty());
}

TEST_F(RatingServiceTest, BadQualitativeInputIsRefusedBeforeAskingCustomerProfile) {
  RateRequest request = SampleRateRequest(kCustomer);
  request.qualitative.management_quality = Assessment::kUnspecified;
  request.qualitative.market_position = static_cast<Assessment>(9);
  request.market = MarketInputs{-1, 0.3, 0.02};
  absl::StatusOr<Rating> rated =
      bed_.service.Rate(Analyst(), request, IdempotencyKey{"req-1", "fp-1"});
  EXPECT_THAT(rated, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(rated.status()),
              UnorderedElementsAre("qualitative.management_quality", "qualitative.market_position",
                                   "market.equity_value"));
  EXPECT_EQ(bed_.directory.calls(), 0);
  EXPECT_EQ(bed_.bureau.calls(), 0);
  EXPECT_THAT(RatingsOf(kCustomer), IsEmpty());
}

TEST_F(RatingServiceTest, UnknownCustomerIsNotFound) {
  EXPECT_THAT(Rate("no-such-customer", "req-1"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(RatingsOf("no-such-customer"), IsEmpty());
  EXPECT_EQ(bed_.bureau.calls(), 0);
}

TEST_F(RatingServiceTest, ArchivedCustomerIsRefused) {
  CustomerRecord archived = SampleCustomer("cust-archived");
  archived.archived = true;
  bed_.directory.AddCustomer(archived, SampleStatements(2024));
  absl::StatusOr<Rating> rated = Rate("cust-archived", "req-1");
  EXPECT_THAT(rated, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(rated.status()), "CUSTOMER_ARCHIVED");
  EXPECT_THAT(RatingsOf("cust-archived"), IsEmpty());
}

TEST_F(RatingServiceTest, NoUsableStatementsIsRefused) {
  bed_.directory.AddCustomer(SampleCustomer("cust-none"), {});
  absl::StatusOr<Rating> none = Rate("cust-none", "req-1");
  EXPECT_THAT(none, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(none.status()), "NO_USABLE_STATEMENTS");

  // FY2022 ended 2022-12-31, more than 18 months before 2025-06-30.
  bed_.directory.AddCustomer(SampleCustomer("cust-old"), SampleStatements(2022));
  absl::StatusOr<Rating> old = Rate("cust-old", "req-2");
  EXPECT_THAT(old, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(old.status()), "NO_USABLE_STATEMENTS");
  EXPECT_THAT(RatingsOf("cust-none"), IsEmpty());
  EXPECT_THAT(RatingsOf("cust-old"), IsEmpty());
}

TEST_F(RatingServiceTest, CustomerProfileOrBureauAwayWritesNothing) {
  for (const absl::Status& failure : {absl::UnavailableError("customer-profile is down"),
                                      absl::DeadlineExceededError("customer-profile is slow")}) {
    SCOPED_TRACE(failure.ToString());
    RatingTestBed bed;
    bed.directory.AddCustomer(SampleCustomer(kCustomer), SampleStatements(2024));
    bed.directory.FailEveryCall(failure);
    absl::StatusOr<Rating> rated =
        bed.service.Rate(Analyst(), SampleRateRequest(kCustomer), IdempotencyKey{"req-1", "fp-1"});
    EXPECT_THAT(rated, StatusIs(failure.code()));
    ASSERT_OK_AND_ASSIGN(RatingList list, bed.service.List(kCustomer, RatingFilter{}, "", 0));
    EXPECT_THAT(list.ratings, IsEmpty());
    EXPECT_THAT(bed.store.outbox(), IsEmpty());

    // Once it answers, the same request goes through.
    bed.directory.FailEveryCall(absl::OkStatus());
    EXPECT_OK(
        bed.service.Rate(Analyst(), SampleRateRequest(kCustomer), IdempotencyKey{"req-1", "fp-1"})
            .status());
  }

  bed_.bureau.FailEveryCall(absl::UnavailableError("bureau is down"));
  EXPECT_THAT(Rate(kCustomer, "req-1"), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(RatingsOf(kCustomer), IsEmpty());
}

TEST_F(RatingServiceTest, CustomerProfileIsAskedWithTheCallersIdentity) {
  ASSERT_OK(Rate(kCustomer, "req-1").status());
  const std::vector<CallIdentity> identities = bed_.directory.identities();
  ASSERT_EQ(identities.size(), 2u);  // GetCustomer, ListStatements
  for (const CallIdentity& identity : identities) {
    EXPECT_EQ(identity.authorization, "Bearer analyst-token");
    EXPECT_EQ(identity.request_id, "req-analyst");
    EXPECT_EQ(identity.deadline, Utc(2025, 6, 30, 10, 5));
  }
}

TEST_F(RatingServiceTest, ReplayWithTheSameKeyReturnsTheSameRating) {
  ASSERT_OK_AND_ASSIGN(Rating first, Rate(kCustomer, "req-1"));
  bed_.clock.Advance(absl::Minutes(1));
  ASSERT_OK_AND_ASSIGN(Rating replay, Rate(kCustomer, "req-1"));
  EXPECT_EQ(replay.rating_id, first.rating_id);
  EXPECT_EQ(replay.create_time, first.create_time);
  EXPECT_EQ(RatingsOf(kCustomer).size(), 1u);

  // Another request id is another rating; the same request id for another request is refused.
  ASSERT_OK_AND_ASSIGN(Rating second, Rate(kCustomer, "req-2"));
  EXPECT_NE(second.rating_id, first.rating_id);
  absl::StatusOr<Rating> reused =
      bed_.service.Rate(Analyst(), SampleRateRequest(kCustomer), IdempotencyKey{"req-1", "other"});
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(RatingsOf(kCustomer).size(), 2u);
}

TEST_F(RatingServiceTest, AReplayIsAnsweredEvenWhenCustomerProfileIsDown) {
  ASSERT_OK_AND_ASSIGN(Rating first, Rate(kCustomer, "req-1"));
  const int calls = bed_.directory.calls();
  bed_.directory.FailEveryCall(absl::UnavailableError("customer-profile is down"));
  bed_.bureau.FailEveryCall(absl::UnavailableError("bureau is down"));
  ASSERT_OK_AND_ASSIGN(Rating replay, Rate(kCustomer, "req-1"));
  EXPECT_EQ(replay.rating_id, first.rating_id);
  EXPECT_EQ(bed_.directory.calls(), calls) << "a replay asks nobody downstream";
  // A new request still needs customer-profile.
  EXPECT_THAT(Rate(kCustomer, "req-2"), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(RatingServiceTest, RateNeedsAnActiveModel) {
  RateRequest sme = SampleRateRequest(kCustomer);
  sme.model_family = "sme";
  absl::StatusOr<Rating> no_model =
      bed_.service.Rate(Analyst(), sme, IdempotencyKey{"req-1", "fp-1"});
  EXPECT_THAT(no_model, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(no_model.status()), "NO_ACTIVE_MODEL");
  EXPECT_EQ(bed_.directory.calls(), 0);

  // A named model must be the active version.
  absl::StatusOr<ScorecardModel> definition = ModelDefinitionFromJson(DefaultCorporateModelJson());
  ASSERT_OK(definition.status());
  ASSERT_OK_AND_ASSIGN(ScorecardModel draft_model,
                       bed_.models.Create(Approver(), *definition, IdempotencyKey{"m", "m"}));
  RateRequest named = SampleRateRequest(kCustomer);
  named.model_id = draft_model.model_id;
  absl::StatusOr<Rating> inactive =
      bed_.service.Rate(Analyst(), named, IdempotencyKey{"req-2", "fp-2"});
  EXPECT_THAT(inactive, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(inactive.status()), "MODEL_NOT_ACTIVE");
  named.model_id = "0193b000-0000-7000-8000-000000000099";
  EXPECT_THAT(bed_.service.Rate(Analyst(), named, IdempotencyKey{"req-3", "fp-3"}),
              StatusIs(absl::StatusCode::kNotFound));
  RateRequest unnamed = SampleRateRequest(kCustomer);
  unnamed.model_family = "";
  absl::StatusOr<Rating> no_family =
      bed_.service.Rate(Analyst(), unnamed, IdempotencyKey{"req-4", "fp-4"});
  EXPECT_THAT(no_family, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(no_family.status()), ElementsAre("model_family"));
  EXPECT_EQ(bed_.directory.calls(), 0);
  EXPECT_THAT(RatingsOf(kCustomer), IsEmpty());
}

// ---- Approve / Reject ----

TEST_F(RatingServiceTest, ApprovalByAnotherApproverSetsValidityAndPublishes) {
  ASSERT_OK_AND_ASSIGN(Rating draft, Rate(kCustomer, "req-1"));
  bed_.clock.Advance(absl::Hours(2));
  ASSERT_OK_AND_ASSIGN(Rating approved, Approve(draft));
  EXPECT_EQ(approved.state, RatingState::kApproved);
  EXPECT_EQ(approved.checker, "approver-3");
  EXPECT_EQ(approved.decision_time, Utc(2025, 6, 30, 12, 0));
  EXPECT_EQ(approved.valid_until, Utc(2026, 6, 30, 12, 0));
  EXPECT_EQ(approved.final_grade, draft.computed.model_grade);
  EXPECT_EQ(approved.override_reason, "");
  EXPECT_EQ(approved.revision, draft.revision + 1);

  ASSERT_OK_AND_ASSIGN(Rating latest, bed_.service.LatestApproved(kCustomer));
  EXPECT_EQ(latest.rating_id, draft.rating_id);
  const std::vector<events::OutboxEvent> outbox = bed_.store.outbox();
  ASSERT_THAT(outbox, ElementsAre(EventIs(
                          "RatingApproved",
                          absl::StrCat("grade=", GradeName(draft.final_grade), " previous=none"))));
  EXPECT_EQ(outbox[0].subject, absl::StrCat("customers/", kCustomer, "/ratings/", draft.rating_id));
  EXPECT_EQ(outbox[0].request_id, "req-approver");
}

TEST_F(RatingServiceTest, TheMakerCannotApprove) {
  const Caller maker_approver = Approver("approver-9");
  ASSERT_OK_AND_ASSIGN(Rating draft, Rate(kCustomer, "req-1", maker_approver));
  absl::StatusOr<Rating> own = Approve(draft, {}, maker_approver);
  EXPECT_THAT(own, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(ErrorReason(own.status()), "MAKER_CANNOT_APPROVE");
  absl::StatusOr<Rating> own_reject = bed_.service.Reject(
      maker_approver, kCustomer, draft.rating_id, FormatEtag(draft.revision), "no");
  EXPECT_EQ(ErrorReason(own_reject.status()), "MAKER_CANNOT_APPROVE");
  ASSERT_OK_AND_ASSIGN(Rating stored, bed_.service.Get(kCustomer, draft.rating_id));
  EXPECT_EQ(stored.state, RatingState::kDraft);
  EXPECT_THAT(bed_.store.outbox(), IsEmpty());
  // Another approver can.
  EXPECT_OK(Approve(draft).status());
}

TEST_F(RatingServiceTest, DecidingNeedsTheApproverRole) {
  ASSERT_OK_AND_ASSIGN(Rating draft, Rate(kCustomer, "req-1"));
  const Caller analyst{Principal{"analyst-8", {roles::kCreditAnalyst, roles::kRiskOfficer}},
                       "req-x", "Bearer x", absl::InfiniteFuture()};
  absl::StatusOr<Rating> approved = Approve(draft, {}, analyst);
  EXPECT_THAT(approved, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(ErrorReason(approved.status()), "APPROVER_ROLE_REQUIRED");
  absl::StatusOr<Rating> rejected =
      bed_.service.Reject(analyst, kCustomer, draft.rating_id, "", "weak figures");
  EXPECT_THAT(rejected, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(ErrorReason(rejected.status()), "APPROVER_ROLE_REQUIRED");
  ASSERT_OK_AND_ASSIGN(Rating stored, bed_.service.Get(kCustomer, draft.rating_id));
  EXPECT_EQ(stored.state, RatingState::kDraft);
}

TEST_F(RatingServiceTest, OnlyADraftCanBeDecidedOn) {
  ASSERT_OK_AND_ASSIGN(Rating draft, Rate(kCustomer, "req-1"));
  ASSERT_OK_AND_ASSIGN(Rating approved, Approve(draft));
  absl::StatusOr<Rating> again = Approve(approved, {}, Approver("approver-4"));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(again.status()), "RATING_NOT_DRAFT");
  absl::StatusOr<Rating> reject = bed_.service.Reject(
      Approver("approver-4"), kCustomer, approved.rating_id, FormatEtag(approved.revision), "no");
  EXPECT_THAT(reject, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(reject.status()), "RATING_NOT_DRAFT");
  EXPECT_EQ(bed_.store.outbox().size(), 1u);
}

TEST_F(RatingServiceTest, AStaleEtagIsAborted) {
  ASSERT_OK_AND_ASSIGN(Rating draft, Rate(kCustomer, "req-1"));
  absl::StatusOr<Rating> ahead = bed_.service.Approve(Approver(), kCustomer, draft.rating_id,
                                                      FormatEtag(draft.revision + 1), {});
  EXPECT_THAT(ahead, StatusIs(absl::StatusCode::kAborted));
  ASSERT_OK(Approve(draft).status());
  // The etag read before the approval is stale now.
  absl::StatusOr<Rating> stale = Approve(draft, {}, Approver("approver-4"));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");
  EXPECT_THAT(bed_.service.Approve(Approver(), kCustomer, draft.rating_id, "bogus", {}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(bed_.service.Approve(Approver(), kCustomer, "no-such-rating", "", {}),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RatingServiceTest, AnOverrideNeedsAReasonAndIsRecorded) {
  ASSERT_OK_AND_ASSIGN(Rating draft, Rate(kCustomer, "req-1"));
  const CreditGrade target = OtherThan(draft.computed.model_grade, CreditGrade::kBB);
  absl::StatusOr<Rating> no_reason = Approve(draft, ApproveRequest{target, ""});
  EXPECT_THAT(no_reason, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(no_reason.status()), ElementsAre("override_reason"));
  absl::StatusOr<Rating> no_grade =
      Approve(draft, ApproveRequest{CreditGrade::kUnspecified, "because"});
  EXPECT_THAT(no_grade, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(no_grade.status()), ElementsAre("override_grade"));

  ASSERT_OK_AND_ASSIGN(Rating approved, Approve(draft, ApproveRequest{target, "sector stress"}));
  EXPECT_EQ(approved.final_grade, target);
  EXPECT_EQ(approved.computed.model_grade, draft.computed.model_grade);
  EXPECT_EQ(approved.override_reason, "sector stress");
}

TEST_F(RatingServiceTest, AGradeFromDefaultEvidenceCannotBeOverridden) {
  bed_.bureau.SetReport(SampleCustomer(kCustomer).unified_social_credit_code,
                        DefaultingBureauReport());
  ASSERT_OK_AND_ASSIGN(Rating draft, Rate(kCustomer, "req-1"));
  ASSERT_EQ(draft.computed.model_grade, CreditGrade::kD);
  EXPECT_THAT(draft.computed.default_reason, HasSubstr("pboc-2025-0999"));
  absl::StatusOr<Rating> lifted = Approve(draft, ApproveRequest{CreditGrade::kBBB, "paid since"});
  EXPECT_THAT(lifted, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(lifted.status()), "DEFAULT_NOT_OVERRIDABLE");
  EXPECT_THAT(bed_.store.outbox(), IsEmpty());
  ASSERT_OK_AND_ASSIGN(Rating approved, Approve(draft));
  EXPECT_EQ(approved.final_grade, CreditGrade::kD);
}

TEST_F(RatingServiceTest, AnOlderDraftCannotBeApprovedAfterANewerOne) {
  ASSERT_OK_AND_ASSIGN(Rating older, Rate(kCustomer, "req-1"));
  bed_.clock.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(Rating newer, Rate(kCustomer, "req-2"));
  ASSERT_OK(Approve(newer).status());
  absl::StatusOr<Rating> outdated = Approve(older);
  EXPECT_THAT(outdated, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(outdated.status()), "RATING_OUTDATED");
  ASSERT_OK_AND_ASSIGN(Rating latest, bed_.service.LatestApproved(kCustomer));
  EXPECT_EQ(latest.rating_id, newer.rating_id);
  ASSERT_OK_AND_ASSIGN(Rating stored, bed_.service.Get(kCustomer, older.rating_id));
  EXPECT_EQ(stored.state, RatingState::kDraft);
  EXPECT_EQ(bed_.store.outbox().size(), 1u);
}

TEST_F(RatingServiceTest, ADowngradeIsPublishedAndThePreviousRatingSuperseded) {
  ASSERT_OK_AND_ASSIGN(Rating first, Rate(kCustomer, "req-1"));
  ASSERT_OK(ApproveAs(first, CreditGrade::kA).status());
  bed_.clock.Advance(absl::Hours(24));
  ASSERT_OK_AND_ASSIGN(Rating second, Rate(kCustomer, "req-2"));
  ASSERT_OK_AND_ASSIGN(Rating approved, ApproveAs(second, CreditGrade::kBB));
  EXPECT_EQ(approved.final_grade, CreditGrade::kBB);

  EXPECT_THAT(
      bed_.store.outbox(),
      ElementsAre(EventIs("RatingApproved", "grade=A previous=none"),
                  EventIs("RatingApproved", absl::StrCat("grade=BB previous=", first.rating_id)),
                  EventIs("RatingDowngraded", "from=A to=BB notches=2")));
  ASSERT_OK_AND_ASSIGN(Rating superseded, bed_.service.Get(kCustomer, first.rating_id));
  EXPECT_EQ(superseded.state, RatingState::kSuperseded);
  ASSERT_OK_AND_ASSIGN(Rating latest, bed_.service.LatestApproved(kCustomer));
  EXPECT_EQ(latest.rating_id, second.rating_id);
}

TEST_F(RatingServiceTest, AnUpgradeOrTheSameGradeIsNoDowngrade) {
  ASSERT_OK_AND_ASSIGN(Rating first, Rate(kCustomer, "req-1"));
  ASSERT_OK(ApproveAs(first, CreditGrade::kBB).status());
  bed_.clock.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(Rating second, Rate(kCustomer, "req-2"));
  ASSERT_OK(ApproveAs(second, CreditGrade::kA).status());
  bed_.clock.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(Rating third, Rate(kCustomer, "req-3"));
  ASSERT_OK(ApproveAs(third, CreditGrade::kA).status());
  EXPECT_THAT(bed_.store.outbox(),
              ElementsAre(Field(&events::OutboxEvent::event_type, "RatingApproved"),
                          Field(&events::OutboxEvent::event_type, "RatingApproved"),
                          Field(&events::OutboxEvent::event_type, "RatingApproved")));
}

TEST_F(RatingServiceTest, RejectionNeedsAReason) {
  ASSERT_OK_AND_ASSIGN(Rating draft, Rate(kCustomer, "req-1"));
  absl::StatusOr<Rating> no_reason =
      bed_.service.Reject(Approver(), kCustomer, draft.rating_id, FormatEtag(draft.revision), "");
  EXPECT_THAT(no_reason, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(no_reason.status()), ElementsAre("reason"));
  bed_.clock.Advance(absl::Minutes(3));
  ASSERT_OK_AND_ASSIGN(Rating rejected,
                       bed_.service.Reject(Approver(), kCustomer, draft.rating_id,
                                           FormatEtag(draft.revision), "statements unaudited"));
  EXPECT_EQ(rejected.state, RatingState::kRejected);
  EXPECT_EQ(rejected.rejection_reason, "statements unaudited");
  EXPECT_EQ(rejected.checker, "approver-3");
  EXPECT_EQ(rejected.decision_time, Utc(2025, 6, 30, 10, 3));
  EXPECT_FALSE(rejected.valid_until.has_value());
  EXPECT_THAT(bed_.store.outbox(), IsEmpty());
  EXPECT_THAT(bed_.service.LatestApproved(kCustomer), StatusIs(absl::StatusCode::kNotFound));
}

// valid_until = approval + the model's validity in months, on the same day of the month or the
// target month's last day when it is shorter.
struct ValidityCase {
  absl::Time approved_at;
  int validity_months;
  absl::Time valid_until;
};

absl::StatusOr<absl::Time> ValidUntilOfAnApprovalAt(absl::Time at, int validity_months) {
  RatingTestBed bed;
  bed.clock.Set(at);
  const int latest_year = absl::ToCivilDay(at, absl::UTCTimeZone()).year() - 1;
  bed.directory.AddCustomer(SampleCustomer(kCustomer), SampleStatements(latest_year));
  if (validity_months != 12) {
    absl::StatusOr<ScorecardModel> definition =
        ModelDefinitionFromJson(DefaultCorporateModelJson());
    if (!definition.ok()) {
      return definition.status();
    }
    definition->validity_months = validity_months;
    absl::StatusOr<ScorecardModel> model =
        bed.models.Create(Approver(), *definition, IdempotencyKey{"m", "m"});
    if (!model.ok()) {
      return model.status();
    }
    if (absl::Status s = bed.models.Activate(Approver(), model->model_id, "").status(); !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<Rating> draft =
      bed.service.Rate(Analyst(), SampleRateRequest(kCustomer), IdempotencyKey{"r", "r"});
  if (!draft.ok()) {
    return draft.status();
  }
  absl::StatusOr<Rating> approved =
      bed.service.Approve(Approver(), kCustomer, draft->rating_id, "", ApproveRequest{});
  if (!approved.ok()) {
    return approved.status();
  }
  if (!approved->valid_until.has_value()) {
    return absl::InternalError("no valid_until");
  }
  return *approved->valid_until;
}

TEST(RatingValidityTest, ValidUntilIsTheApprovalPlusTheModelsValidityInMonths) {
  const ValidityCase cases[] = {
      {Utc(2028, 1, 31), 12, Utc(2029, 1, 31)},
      // A leap day: the next year's February ends on the 28th.
      {Utc(2028, 2, 29), 12, Utc(2029, 2, 28)},
      // The 28th stays the 28th (not the leap year's month end).
      {Utc(2027, 2, 28), 12, Utc(2028, 2, 28)},
      {Utc(2027, 12, 31, 23, 59), 12, Utc(2028, 12, 31, 23, 59)},
      // Shorter validities clamp to the target month's end.
      {Utc(2028, 1, 31), 1, Utc(2028, 2, 29)},
      {Utc(2027, 1, 31), 1, Utc(2027, 2, 28)},
      {Utc(2027, 8, 31), 3, Utc(2027, 11, 30)},
  };
  for (const ValidityCase& c : cases) {
    SCOPED_TRACE(absl::StrCat(absl::FormatTime(c.approved_at), " + ", c.validity_months, "m"));
    ASSERT_OK_AND_ASSIGN(absl::Time valid_until,
                         ValidUntilOfAnApprovalAt(c.approved_at, c.validity_months));
    EXPECT_EQ(valid_until, c.valid_until) << absl::FormatTime(valid_until);
  }
}

TEST(RatingValidityTest, FractionsOfASecondAreKept) {
  ASSERT_OK_AND_ASSIGN(absl::Time valid_until,
                       ValidUntilOfAnApprovalAt(Utc(2028, 1, 31) + absl::Milliseconds(250), 12));
  EXPECT_EQ(valid_until, Utc(2029, 1, 31) + absl::Milliseconds(250));
}

// ---- DueForReview ----

TEST_F(RatingServiceTest, DueForReviewChecksTheHorizon) {
  for (int bad : {-1, 367}) {
    absl::StatusOr<RatingList> due = bed_.service.DueForReview(bad, "", 0);
    EXPECT_THAT(due, StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
    EXPECT_THAT(ViolatedFields(due.status()), ElementsAre("within_days")) << bad;
  }
  EXPECT_OK(bed_.service.DueForReview(0, "", 0).status());
  EXPECT_OK(bed_.service.DueForReview(366, "", 0).status());
}

TEST_F(RatingServiceTest, AnApprovedRatingIsDueWhenItExpiresWithinTheHorizon) {
  ASSERT_OK_AND_ASSIGN(Rating draft, Rate(kCustomer, "req-1"));
  AddCustomer("cust-draft-only");
  ASSERT_OK(Rate("cust-draft-only", "req-2").status());
  ASSERT_OK(Approve(draft).status());  // valid until 2026-06-30 10:00
  ASSERT_OK_AND_ASSIGN(RatingList now, bed_.service.DueForReview(30, "", 0));
  EXPECT_THAT(now.ratings, IsEmpty());

  // 30 days before expiry the horizon reaches exactly valid_until: not yet within it.
  bed_.clock.Set(Utc(2026, 5, 31));
  ASSERT_OK_AND_ASSIGN(RatingList at_edge, bed_.service.DueForReview(30, "", 0));
  EXPECT_THAT(at_edge.ratings, IsEmpty());
  bed_.clock.Advance(absl::Seconds(1));
  ASSERT_OK_AND_ASSIGN(RatingList due, bed_.service.DueForReview(30, "", 0));
  ASSERT_THAT(due.ratings, ElementsAre(Field(&Rating::rating_id, draft.rating_id)));
  EXPECT_FALSE(due.ratings[0].review_required);
  ASSERT_OK_AND_ASSIGN(RatingList shorter, bed_.service.DueForReview(29, "", 0));
  EXPECT_THAT(shorter.ratings, IsEmpty());
}

TEST_F(RatingServiceTest, ARatingMarkedForReviewIsDueNow) {
  ASSERT_OK_AND_ASSIGN(Rating draft, Rate(kCustomer, "req-1"));
  ASSERT_OK_AND_ASSIGN(Rating approved, Approve(draft));
  AddCustomer("cust-2");
  ASSERT_OK_AND_ASSIGN(Rating other, Rate("cust-2", "req-2"));
  ASSERT_OK(Approve(other).status());

  // Information older than the rating was already used by it.
  ASSERT_OK_AND_ASSIGN(bool marked,
                       bed_.store.ratings().MarkReviewRequired(
                           kCustomer, "new statement", approved.create_time - absl::Seconds(1)));
  EXPECT_FALSE(marked);
  ASSERT_OK_AND_ASSIGN(RatingList none, bed_.service.DueForReview(0, "", 0));
  EXPECT_THAT(none.ratings, IsEmpty());

  bed_.clock.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(marked, bed_.store.ratings().MarkReviewRequired(
                                   kCustomer, "FY2025 statement filed", bed_.clock.Now()));
  EXPECT_TRUE(marked);
  ASSERT_OK_AND_ASSIGN(RatingList due, bed_.service.DueForReview(0, "", 0));
  ASSERT_THAT(due.ratings, ElementsAre(Field(&Rating::rating_id, approved.rating_id)));
  EXPECT_TRUE(due.ratings[0].review_required);
  EXPECT_EQ(due.ratings[0].review_reason, "FY2025 statement filed");

  // Marked ones come first, then by expiry.
  bed_.clock.Set(Utc(2026, 6, 1));
  ASSERT_OK_AND_ASSIGN(RatingList both, bed_.service.DueForReview(60, "", 0));
  EXPECT_THAT(both.ratings, ElementsAre(Field(&Rating::rating_id, approved.rating_id),
                                        Field(&Rating::rating_id, other.rating_id)));

  // A fresh approval clears the need.
  ASSERT_OK_AND_ASSIGN(Rating again, Rate(kCustomer, "req-3"));
  ASSERT_OK_AND_ASSIGN(Rating reapproved, Approve(again));
  EXPECT_FALSE(reapproved.review_required);
  ASSERT_OK_AND_ASSIGN(RatingList after, bed_.service.DueForReview(0, "", 0));
  EXPECT_THAT(after.ratings, IsEmpty());
}

// ---- Ratios ----

TEST_F(RatingServiceTest, RatiosOfTheLatestOrAGivenYear) {
  ASSERT_OK_AND_ASSIGN(StatementRatios latest, bed_.service.Ratios(Analyst(), kCustomer, 0));
  EXPECT_EQ(latest.statement.statement_id, "fs-2024");
  ASSERT_TRUE(latest.prior_year.has_value());
  EXPECT_EQ(latest.prior_year->statement_id, "fs-2023");
  EXPECT_FALSE(latest.ratios.empty());
  ASSERT_OK_AND_ASSIGN(StatementRatios fy2023, bed_.service.Ratios(Analyst(), kCustomer, 2023));
  EXPECT_EQ(fy2023.statement.statement_id, "fs-2023");
  EXPECT_FALSE(fy2023.prior_year.has_value());

  absl::StatusOr<StatementRatios> missing = bed_.service.Ratios(Analyst(), kCustomer, 2019);
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(missing.status()), "NO_USABLE_STATEMENTS");
  EXPECT_THAT(bed_.service.Ratios(Analyst(), kCustomer, 1800),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(bed_.service.Ratios(Analyst(), "no-such-customer", 0),
              StatusIs(absl::StatusCode::kNotFound));
}

// ---- Pricing ----

TEST_F(RatingServiceTest, PricingByGradeAndSegment) {
  bed_.store.SetPricingTable(SamplePricingTable());
  ASSERT_OK_AND_ASSIGN(PricingTerms terms,
                       bed_.service.Pricing(CreditGrade::kBBB, Segment::kSme, "", 36));
  EXPECT_TRUE(terms.eligible);
  EXPECT_EQ(terms.grade, CreditGrade::kBBB);
  EXPECT_EQ(terms.segment, Segment::kSme);
  EXPECT_EQ(terms.lpr_term, "1Y");
  EXPECT_EQ(terms.spread_bps, 190);
  EXPECT_EQ(terms.all_in_rate_bps, 500);
}

TEST_F(RatingServiceTest, PricingByCustomerUsesTheLatestApprovedRating) {
  bed_.store.SetPricingTable(SamplePricingTable());
  AddCustomer("cust-key", Segment::kKey);
  ASSERT_OK_AND_ASSIGN(Rating draft, Rate("cust-key", "req-1"));
  ASSERT_OK(ApproveAs(draft, CreditGrade::kA).status());
  ASSERT_OK_AND_ASSIGN(
      PricingTerms terms,
      bed_.service.Pricing(CreditGrade::kUnspecified, Segment::kUnspecified, "cust-key", 72));
  EXPECT_EQ(terms.grade, CreditGrade::kA);
  EXPECT_EQ(terms.segment, Segment::kKey);
  EXPECT_EQ(terms.lpr_term, "5Y");
  EXPECT_EQ(terms.all_in_rate_bps, 360 + 120);
}

TEST_F(RatingServiceTest, PricingByCustomerNeedsAnApprovedRating) {
  bed_.store.SetPricingTable(SamplePricingTable());
  ASSERT_OK(Rate(kCustomer, "req-1").status());  // a draft is not enough
  absl::StatusOr<PricingTerms> terms =
      bed_.service.Pricing(CreditGrade::kUnspecified, Segment::kUnspecified, kCustomer, 36);
  EXPECT_THAT(terms, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(terms.status()), "NO_APPROVED_RATING");
}

TEST_F(RatingServiceTest, PricingTakesEitherACustomerOrAGradeAndSegment) {
  bed_.store.SetPricingTable(SamplePricingTable());
  absl::StatusOr<PricingTerms> both =
      bed_.service.Pricing(CreditGrade::kBBB, Segment::kSme, kCustomer, 36);
  EXPECT_THAT(both, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(both.status()), ElementsAre("customer"));
  absl::StatusOr<PricingTerms> half =
      bed_.service.Pricing(CreditGrade::kUnspecified, Segment::kSme, kCustomer, 36);
  EXPECT_THAT(half, StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(RatingServiceTest, PricingWithoutLoanPrimeRatesIsRefused) {
  absl::StatusOr<PricingTerms> terms =
      bed_.service.Pricing(CreditGrade::kBBB, Segment::kSme, "", 36);
  EXPECT_THAT(terms, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(terms.status()), "LPR_MISSING");
}

}  // namespace
}  // namespace ccrm::rating
