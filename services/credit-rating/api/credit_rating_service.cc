#include "services/credit-rating/api/credit_rating_service.h"

#include <string>
#include <utility>
#include <vector>

#include "common/server/request_ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/credit-rating/api/proto_mapping.h"
#include "services/credit-rating/api/request_parsing.h"

namespace ccrm::rating {

grpc::ServerUnaryReactor* CreditRatingService::ComputeFinancialRatios(
    Context* ctx, const v1::ComputeFinancialRatiosRequest* request, v1::FinancialRatios* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->customer(), "customer"));
    ASSIGN_OR_RETURN(StatementRatios ratios,
                     domain_.ratings->Ratios(CallerOf(rpc), customer_id, request->fiscal_year()));
    ToProto(ratios, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::CreateScorecardModel(
    Context* ctx, const v1::CreateScorecardModelRequest* request, v1::ScorecardModel* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(ScorecardModel draft, FromProto(request->model(), "model"));
    ASSIGN_OR_RETURN(ScorecardModel created, domain_.models->Create(CallerOf(rpc), draft, key));
    ToProto(created, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::GetScorecardModel(
    Context* ctx, const v1::GetScorecardModelRequest* request, v1::ScorecardModel* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, ModelIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(ScorecardModel model, domain_.models->Get(id));
    ToProto(model, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::ListScorecardModels(
    Context* ctx, const v1::ListScorecardModelsRequest* request,
    v1::ListScorecardModelsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(ModelList list, domain_.models->List(request->family(), request->page_token(),
                                                          request->page_size()));
    for (const ScorecardModel& m : list.models) {
      ToProto(m, response->add_models());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::ActivateScorecardModel(
    Context* ctx, const v1::ActivateScorecardModelRequest* request, v1::ScorecardModel* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, ModelIdOf(request->name(), "name"));
    ASSIGN_OR_RETURN(ScorecardModel model,
                     domain_.models->Activate(CallerOf(rpc), id, request->etag()));
    ToProto(model, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::RateCustomer(Context* ctx,
                                                            const v1::RateCustomerRequest* request,
                                                            v1::Rating* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    FieldViolations violations;
    RateRequest rate;
    absl::StatusOr<std::string> customer_id = CustomerIdOf(request->customer(), "customer");
    violations.Merge(customer_id.status());
    absl::StatusOr<QualitativeInputs> qualitative =
        FromProto(request->qualitative(), "qualitative");
    violations.Merge(qualitative.status());
    if (request->has_market()) {
      absl::StatusOr<MarketInputs> market = FromProto(request->market(), "market");
      violations.Merge(market.status());
      if (market.ok()) {
        rate.market = *market;
      }
    }
    if (!request->model().empty()) {
      absl::StatusOr<std::string> model_id = ModelIdOf(request->model(), "model");
      violations.Merge(model_id.status());
      rate.model_id = model_id.value_or("");
    }
    RETURN_IF_ERROR(violations.ToStatus());
    rate.customer_id = *customer_id;
    rate.qualitative = *qualitative;
    if (!request->model_family().empty()) {
      rate.model_family = request->model_family();
    }
    ASSIGN_OR_RETURN(Rating rating, domain_.ratings->Rate(CallerOf(rpc), rate, key));
    ToProto(rating, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::GetRating(Context* ctx,
                                                         const v1::GetRatingRequest* request,
                                                         v1::Rating* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, RatingIdsOf(request->name()));
    ASSIGN_OR_RETURN(Rating rating, domain_.ratings->Get(ids[0], ids[1]));
    ToProto(rating, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::ListRatings(Context* ctx,
                                                           const v1::ListRatingsRequest* request,
                                                           v1::ListRatingsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->parent(), "parent"));
    RatingFilter filter;
    ASSIGN_OR_RETURN(filter.state, FromProto(request->state(), "state"));
    ASSIGN_OR_RETURN(
        RatingList list,
        domain_.ratings->List(customer_id, filter, request->page_token(), request->page_size()));
    for (const Rating& r : list.ratings) {
      ToProto(r, response->add_ratings());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::GetLatestApprovedRating(
    Context* ctx, const v1::GetLatestApprovedRatingRequest* request, v1::Rating* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->customer(), "customer"));
    ASSIGN_OR_RETURN(Rating rating, domain_.ratings->LatestApproved(customer_id));
    ToProto(rating, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::ApproveRating(
    Context* ctx, const v1::ApproveRatingRequest* request, v1::Rating* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, RatingIdsOf(request->name()));
    ApproveRequest approve;
    ASSIGN_OR_RETURN(approve.override_grade,
                     FromProto(request->override_grade(), "override_grade"));
    approve.override_reason = request->override_reason();
    ASSIGN_OR_RETURN(Rating rating, domain_.ratings->Approve(CallerOf(rpc), ids[0], ids[1],
                                                             request->etag(), approve));
    ToProto(rating, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::RejectRating(Context* ctx,
                                                            const v1::RejectRatingRequest* request,
                                                            v1::Rating* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, RatingIdsOf(request->name()));
    ASSIGN_OR_RETURN(Rating rating, domain_.ratings->Reject(CallerOf(rpc), ids[0], ids[1],
                                                            request->etag(), request->reason()));
    ToProto(rating, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::ListRatingsDueForReview(
    Context* ctx, const v1::ListRatingsDueForReviewRequest* request,
    v1::ListRatingsDueForReviewResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(RatingList list,
                     domain_.ratings->DueForReview(request->within_days(), request->page_token(),
                                                   request->page_size()));
    for (const Rating& r : list.ratings) {
      ToProto(r, response->add_ratings());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::CalculateMerton(
    Context* ctx, const v1::CalculateMertonRequest* request, v1::MertonResult* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(MertonInputs inputs, FromProto(*request));
    ASSIGN_OR_RETURN(MertonResult result, SolveMerton(inputs));
    ToProto(result, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::CalculateAltmanZ(
    Context* ctx, const v1::CalculateAltmanZRequest* request, v1::AltmanResult* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    AltmanVariant variant = AltmanVariant::kUnspecified;
    ASSIGN_OR_RETURN(AltmanInputs inputs, FromProto(*request, variant));
    ASSIGN_OR_RETURN(AltmanResult result, AltmanZ(variant, inputs));
    ToProto(result, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::RecommendPricing(
    Context* ctx, const v1::RecommendPricingRequest* request, v1::PricingRecommendation* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    FieldViolations violations;
    absl::StatusOr<CreditGrade> grade = FromProto(request->grade(), "grade");
    violations.Merge(grade.status());
    absl::StatusOr<Segment> segment = FromProto(request->segment(), "segment");
    violations.Merge(segment.status());
    std::string customer_id;
    if (!request->customer().empty()) {
      absl::StatusOr<std::string> id = CustomerIdOf(request->customer(), "customer");
      violations.Merge(id.status());
      customer_id = id.value_or("");
    }
    RETURN_IF_ERROR(violations.ToStatus());
    ASSIGN_OR_RETURN(PricingTerms terms, domain_.ratings->Pricing(*grade, *segment, customer_id,
                                                                  request->tenor_months()));
    ToProto(terms, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::StartPortfolioRerating(
    Context* ctx, const v1::StartPortfolioReratingRequest* request, v1::ReratingJob* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(*request, request->request_id()));
    ASSIGN_OR_RETURN(Segment segment, FromProto(request->segment(), "segment"));
    const std::string family =
        request->model_family().empty() ? "corporate" : request->model_family();
    ASSIGN_OR_RETURN(ReratingJob job, domain_.rerating->Start(CallerOf(rpc), segment, family, key));
    ToProto(job, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::GetReratingJob(
    Context* ctx, const v1::GetReratingJobRequest* request, v1::ReratingJob* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, JobIdOf(request->name()));
    ASSIGN_OR_RETURN(ReratingJob job, domain_.rerating->Get(id));
    ToProto(job, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::ListReratingJobs(
    Context* ctx, const v1::ListReratingJobsRequest* request,
    v1::ListReratingJobsResponse* response) {
  return runner_->Run(ctx, [=](const RpcContext&) -> absl::Status {
    ASSIGN_OR_RETURN(ReratingJobList list,
                     domain_.rerating->List(request->page_token(), request->page_size()));
    for (const ReratingJob& job : list.jobs) {
      ToProto(job, response->add_jobs());
    }
    response->set_next_page_token(list.next_page_token);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CreditRatingService::CancelReratingJob(
    Context* ctx, const v1::CancelReratingJobRequest* request, v1::ReratingJob* response) {
  return runner_->Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, JobIdOf(request->name()));
    ASSIGN_OR_RETURN(ReratingJob job, domain_.rerating->Cancel(CallerOf(rpc), id));
    ToProto(job, response);
    return absl::OkStatus();
  });
}

}  // namespace ccrm::rating
