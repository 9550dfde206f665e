#include "services/credit-rating/domain/rating_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/ids/etag.h"
#include "common/ids/uuid.h"
#include "common/pagination/paging.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/credit-rating/domain/rating_engine.h"

namespace ccrm::rating {
namespace {

constexpr int kMaxReviewHorizonDays = 366;

absl::Status CheckChecker(const Caller& caller, const Rating& rating) {
  if (!caller.principal.HasRole(roles::kCreditApprover)) {
    return WithReason(absl::PermissionDeniedError("deciding on a rating needs the "
                                                  "credit_approver role"),
                      "APPROVER_ROLE_REQUIRED");
  }
  if (caller.principal.subject == rating.maker) {
    return WithReason(absl::PermissionDeniedError(
                          "the maker of a rating cannot decide on it; another approver must"),
                      "MAKER_CANNOT_APPROVE");
  }
  if (rating.state != RatingState::kDraft) {
    return WithReason(absl::FailedPreconditionError("only a draft rating can be decided on"),
                      "RATING_NOT_DRAFT");
  }
  return absl::OkStatus();
}

absl::Time AddMonths(absl::Time t, int months) {
  const absl::CivilSecond when = absl::ToCivilSecond(t, absl::UTCTimeZone());
  const absl::CivilMonth month = absl::CivilMonth(when) + months;
  // Clamp the day to the target month's length (31 Jan + 1 month = 28/29 Feb).
  const absl::CivilDay first_of_next = absl::CivilDay(month + 1);
  const int last_day = (first_of_next - 1).day();
  const absl::CivilSecond target(month.year(), month.month(), std::min(when.day(), last_day),
                                 when.hour(), when.minute(), when.second());
  return absl::FromCivil(target, absl::UTCTimeZone()) +
         (t - absl::FromCivil(when, absl::UTCTimeZone()));
}

// Checks what can be checked before customer-profile is asked anything.
absl::Status ValidateRateRequest(const RateRequest& request) {
  if (request.model_id.empty() && request.model_family.empty()) {
    return InvalidField("model_family", "is required when no model is named");
  }
  return ValidateRatingInputs(request.qualitative, request.market,
                              /*allow_unassessed=*/!request.rerating_job.empty());
}

}  // namespace

absl::StatusOr<ScorecardModel> RatingService::ModelFor(const RateRequest& request) {
  if (request.model_id.empty()) {
    return deps_.models->Active(request.model_family);
  }
  ASSIGN_OR_RETURN(ScorecardModel model, deps_.models->Get(request.model_id));
  if (model.state != ModelState::kActive) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          "model ", request.model_id, " is not the active version of its family")),
                      "MODEL_NOT_ACTIVE");
  }
  return model;
}

absl::StatusOr<Rating> RatingService::Rate(const Caller& caller, const RateRequest& request,
                                           const IdempotencyKey& key) {
  RETURN_IF_ERROR(ValidateRateRequest(request));
  // A replay is answered from what the first request stored, even if customer-profile or the
  // bureau cannot be reached now.
  ASSIGN_OR_RETURN(std::optional<Rating> earlier, deps_.ratings->FindCreated(key));
  if (earlier.has_value()) {
    return *std::move(earlier);
  }
  ASSIGN_OR_RETURN(ScorecardModel model, ModelFor(request));
  const CallIdentity identity = caller.Identity();
  ASSIGN_OR_RETURN(CustomerRecord customer,
                   deps_.directory->GetCustomer(identity, request.customer_id));
  if (customer.archived) {
    return WithReason(absl::FailedPreconditionError("the customer is archived"),
                      "CUSTOMER_ARCHIVED");
  }
  ASSIGN_OR_RETURN(std::vector<StatementFigures> statements,
                   deps_.directory->ListStatements(identity, request.customer_id));
  ASSIGN_OR_RETURN(
      std::optional<BureauReport> bureau,
      deps_.bureau->Fetch(BureauSubject{customer.customer_id, customer.unified_social_credit_code,
                                        customer.legal_name}));
  const absl::Time now = deps_.clock->Now();
  RatingRequestInputs inputs;
  inputs.customer = RatedCustomer{customer.customer_id, customer.industry_code, customer.segment};
  inputs.statements = std::move(statements);
  inputs.qualitative = request.qualitative;
  inputs.market = request.market;
  inputs.bureau = bureau;
  inputs.now = now;
  inputs.allow_unassessed_qualitative = !request.rerating_job.empty();
  ASSIGN_OR_RETURN(RatingComputation computed, ComputeRating(model, inputs));

  Rating rating;
  rating.rating_id = NewUuidV7(now);
  rating.customer_id = customer.customer_id;
  rating.state = RatingState::kDraft;
  rating.qualitative = request.qualitative;
  rating.market = request.market;
  rating.industry_code = customer.industry_code;
  rating.segment = customer.segment;
  rating.bureau_report = std::move(bureau);
  rating.final_grade = computed.model_grade;
  rating.computed = std::move(computed);
  rating.maker = caller.principal.subject;
  rating.create_time = now;
  rating.rerating_job = request.rerating_job;
  rating.revision = 1;
  return deps_.ratings->CreateDraft(rating, key, caller.Write(now));
}

absl::Status RatingService::CheckModelFamily(const std::string& family) {
  return deps_.models->Active(family).status();
}

absl::StatusOr<Rating> RatingService::Get(const std::string& customer_id,
                                          const std::string& rating_id) {
  return deps_.ratings->Get(customer_id, rating_id);
}

absl::StatusOr<RatingList> RatingService::List(const std::string& customer_id,
                                               const RatingFilter& filter,
                                               const std::string& page_token, int page_size) {
  const std::string canonical =
      absl::StrCat("ratings|customer=", customer_id, "|state=", static_cast<int>(filter.state));
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  ASSIGN_OR_RETURN(Page<Rating> result, deps_.ratings->ListForCustomer(customer_id, filter, page));
  return RatingList{std::move(result.items), NextPageToken(canonical, std::move(result.next_key))};
}

absl::StatusOr<Rating> RatingService::LatestApproved(const std::string& customer_id) {
  ASSIGN_OR_RETURN(std::optional<Rating> latest, deps_.ratings->LatestApproved(customer_id));
  if (!latest.has_value()) {
    return WithReason(absl::NotFoundError("the customer has no approved rating"),
                      "NO_APPROVED_RATING");
  }
  return *std::move(latest);
}

absl::StatusOr<Rating> RatingService::Approve(const Caller& caller, const std::string& customer_id,
                                              const std::string& rating_id, const std::string& etag,
                                              const ApproveRequest& request) {
  ASSIGN_OR_RETURN(std::optional<int64_t> expected, ParseEtag(etag));
  const bool overriding = request.override_grade != CreditGrade::kUnspecified;
  if (overriding && request.override_reason.empty()) {
    return InvalidField("override_reason", "is required to override the model's grade");
  }
  if (!overriding && !request.override_reason.empty()) {
    return InvalidField("override_grade", "is required when an override reason is given");
  }
  // The model (for the validity period) is read before the rating is locked: a second database
  // read under the lock would hold one connection while waiting for another.
  ASSIGN_OR_RETURN(Rating unlocked, deps_.ratings->Get(customer_id, rating_id));
  ASSIGN_OR_RETURN(ScorecardModel model, deps_.models->Get(unlocked.computed.model_id));
  const absl::Time now = deps_.clock->Now();
  const WriteContext write = caller.Write(now, request.override_reason);
  return deps_.ratings->Decide(
      customer_id, rating_id, expected.value_or(0),
      [&](Rating& rating, const std::optional<Rating>& previous) -> absl::StatusOr<Decision> {
        RETURN_IF_ERROR(CheckChecker(caller, rating));
        if (previous.has_value() && previous->create_time > rating.create_time) {
          return WithReason(absl::FailedPreconditionError(
                                "a newer rating of this customer is already approved; rate "
                                "the customer again"),
                            "RATING_OUTDATED");
        }
        if (overriding && !rating.computed.default_reason.empty() &&
            request.override_grade != CreditGrade::kD) {
          return WithReason(
              absl::FailedPreconditionError(absl::StrCat("a default grade cannot be overridden: ",
                                                         rating.computed.default_reason)),
              "DEFAULT_NOT_OVERRIDABLE");
        }
        rating.state = RatingState::kApproved;
        rating.checker = caller.principal.subject;
        rating.decision_time = now;
        if (overriding && request.override_grade != rating.computed.model_grade) {
          rating.final_grade = request.override_grade;
          rating.override_reason = request.override_reason;
        }
        rating.valid_until = AddMonths(now, model.validity_months);
        rating.review_required = false;
        rating.review_reason.clear();
        Decision decision;
        decision.events.push_back(deps_.encoder->RatingApproved(rating, previous, write));
        if (previous.has_value()) {
          const int notches = NotchesDown(previous->final_grade, rating.final_grade);
          if (notches > 0) {
            decision.events.push_back(
                deps_.encoder->RatingDowngraded(rating, *previous, notches, write));
          }
        }
        return decision;
      },
      write);
}

absl::StatusOr<Rating> RatingService::Reject(const Caller& caller, const std::string& customer_id,
                                             const std::string& rating_id, const std::string& etag,
                                             const std::string& reason) {
  ASSIGN_OR_RETURN(std::optional<int64_t> expected, ParseEtag(etag));
  if (reason.empty()) {
    return InvalidField("reason", "is required to reject a rating");
  }
  const absl::Time now = deps_.clock->Now();
  return deps_.ratings->Decide(
      customer_id, rating_id, expected.value_or(0),
      [&](Rating& rating, const std::optional<Rating>&) -> absl::StatusOr<Decision> {
        RETURN_IF_ERROR(CheckChecker(caller, rating));
        rating.state = RatingState::kRejected;
        rating.checker = caller.principal.subject;
        rating.decision_time = now;
        rating.rejection_reason = reason;
        return Decision{};
      },
      caller.Write(now, reason));
}

absl::StatusOr<RatingList> RatingService::DueForReview(int within_days,
                                                       const std::string& page_token,
                                                       int page_size) {
  if (within_days < 0 || within_days > kMaxReviewHorizonDays) {
    return InvalidField("within_days", absl::StrCat("must be 0..", kMaxReviewHorizonDays));
  }
  const std::string canonical = absl::StrCat("due|within=", within_days);
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  // Paging across calls keeps the horizon of the first page only approximately (now moves):
  // the keyset order makes that harmless (no item is returned twice).
  const absl::Time due_before = deps_.clock->Now() + absl::Hours(24) * within_days;
  ASSIGN_OR_RETURN(Page<Rating> result, deps_.ratings->ListDueForReview(due_before, page));
  return RatingList{std::move(result.items), NextPageToken(canonical, std::move(result.next_key))};
}

absl::StatusOr<StatementRatios> RatingService::Ratios(const Caller& caller,
                                                      const std::string& customer_id,
                                                      int fiscal_year) {
  if (fiscal_year != 0 && (fiscal_year < 1900 || fiscal_year > 2200)) {
    return InvalidField("fiscal_year", "must be 0 (the latest) or a year 1900..2200");
  }
  const CallIdentity identity = caller.Identity();
  // Asked first so that an unknown customer is NOT_FOUND rather than "no statements".
  ASSIGN_OR_RETURN(CustomerRecord customer, deps_.directory->GetCustomer(identity, customer_id));
  ASSIGN_OR_RETURN(std::vector<StatementFigures> statements,
                   deps_.directory->ListStatements(identity, customer_id));
  const StatementFigures* chosen = nullptr;
  for (const StatementFigures& s : statements) {
    if (s.period_type != PeriodType::kAnnual) {
      continue;
    }
    if (fiscal_year != 0 ? s.fiscal_year == fiscal_year
                         : (chosen == nullptr || s.fiscal_year > chosen->fiscal_year)) {
      chosen = &s;
    }
  }
  if (chosen == nullptr) {
    return WithReason(
        absl::FailedPreconditionError(
            fiscal_year == 0
                ? "the customer has no annual financial statement"
                : absl::StrCat("the customer has no annual statement for ", fiscal_year)),
        "NO_USABLE_STATEMENTS");
  }
  StatementRatios out;
  out.customer_id = customer.customer_id;
  out.statement = *chosen;
  for (const StatementFigures& s : statements) {
    if (s.period_type == PeriodType::kAnnual && s.fiscal_year == chosen->fiscal_year - 1 &&
        s.currency_code == chosen->currency_code) {
      out.prior_year = s;
    }
  }
  out.ratios = ComputeRatios(out.statement, out.prior_year ? &*out.prior_year : nullptr);
  return out;
}

absl::StatusOr<PricingTerms> RatingService::Pricing(CreditGrade grade, Segment segment,
                                                    const std::string& customer_id,
                                                    int tenor_months) {
  if (!customer_id.empty()) {
    if (grade != CreditGrade::kUnspecified || segment != Segment::kUnspecified) {
      return InvalidField("customer", "give either a customer or a grade and segment, not both");
    }
    ASSIGN_OR_RETURN(std::optional<Rating> latest, deps_.ratings->LatestApproved(customer_id));
    if (!latest.has_value()) {
      return WithReason(
          absl::FailedPreconditionError("the customer has no approved rating to price from"),
          "NO_APPROVED_RATING");
    }
    grade = latest->final_grade;
    segment = latest->segment;
  }
  const absl::CivilDay today = absl::ToCivilDay(deps_.clock->Now(), absl::UTCTimeZone());
  ASSIGN_OR_RETURN(PricingTable table, deps_.pricing->Load(today));
  return RecommendTerms(table, grade, segment, tenor_months);
}

}  // namespace ccrm::rating
