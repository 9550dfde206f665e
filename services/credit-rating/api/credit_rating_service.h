// gRPC handlers of ccrm.rating.v1.CreditRating (callback API). Each handler parses names, maps
// the request to domain values, calls the domain on the worker pool through UnaryRpcRunner
// (which has already enforced authentication and the permission table), and maps the result
// back. No business rules here.
//
// Example (main.cc):
//   CreditRatingService service(&runner.unary_runner(), CreditRatingDomain{&models, &ratings,
//                                                                          &rerating});
//   runner.AddService(&service);
#pragma once

#include "ccrm/rating/v1/credit_rating.grpc.pb.h"
#include "common/server/unary_rpc_runner.h"
#include "services/credit-rating/domain/model_service.h"
#include "services/credit-rating/domain/rating_service.h"
#include "services/credit-rating/domain/rerating_runner.h"

namespace ccrm::rating {

struct CreditRatingDomain {
  ModelService* models = nullptr;
  RatingService* ratings = nullptr;
  ReratingRunner* rerating = nullptr;
};

class CreditRatingService final : public v1::CreditRating::CallbackService {
 public:
  CreditRatingService(UnaryRpcRunner* runner, CreditRatingDomain domain)
      : runner_(runner), domain_(domain) {}

  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  Reactor* ComputeFinancialRatios(Context* ctx, const v1::ComputeFinancialRatiosRequest* request,
                                  v1::FinancialRatios* response) override;
  Reactor* CreateScorecardModel(Context* ctx, const v1::CreateScorecardModelRequest* request,
                                v1::ScorecardModel* response) override;
  Reactor* GetScorecardModel(Context* ctx, const v1::GetScorecardModelRequest* request,
                             v1::ScorecardModel* response) override;
  Reactor* ListScorecardModels(Context* ctx, const v1::ListScorecardModelsRequest* request,
                               v1::ListScorecardModelsResponse* response) override;
  Reactor* ActivateScorecardModel(Context* ctx, const v1::ActivateScorecardModelRequest* request,
                                  v1::ScorecardModel* response) override;
  Reactor* RateCustomer(Context* ctx, const v1::RateCustomerRequest* request,
                        v1::Rating* response) override;
  Reactor* GetRating(Context* ctx, const v1::GetRatingRequest* request,
                     v1::Rating* response) override;
  Reactor* ListRatings(Context* ctx, const v1::ListRatingsRequest* request,
                       v1::ListRatingsResponse* response) override;
  Reactor* GetLatestApprovedRating(Context* ctx, const v1::GetLatestApprovedRatingRequest* request,
                                   v1::Rating* response) override;
  Reactor* ApproveRating(Context* ctx, const v1::ApproveRatingRequest* request,
                         v1::Rating* response) override;
  Reactor* RejectRating(Context* ctx, const v1::RejectRatingRequest* request,
                        v1::Rating* response) override;
  Reactor* ListRatingsDueForReview(Context* ctx, const v1::ListRatingsDueForReviewRequest* request,
                                   v1::ListRatingsDueForReviewResponse* response) override;
  Reactor* CalculateMerton(Context* ctx, const v1::CalculateMertonRequest* request,
                           v1::MertonResult* response) override;
  Reactor* CalculateAltmanZ(Context* ctx, const v1::CalculateAltmanZRequest* request,
                            v1::AltmanResult* response) override;
  Reactor* RecommendPricing(Context* ctx, const v1::RecommendPricingRequest* request,
                            v1::PricingRecommendation* response) override;
  Reactor* StartPortfolioRerating(Context* ctx, const v1::StartPortfolioReratingRequest* request,
                                  v1::ReratingJob* response) override;
  Reactor* GetReratingJob(Context* ctx, const v1::GetReratingJobRequest* request,
                          v1::ReratingJob* response) override;
  Reactor* ListReratingJobs(Context* ctx, const v1::ListReratingJobsRequest* request,
                            v1::ListReratingJobsResponse* response) override;
  Reactor* CancelReratingJob(Context* ctx, const v1::CancelReratingJobRequest* request,
                             v1::ReratingJob* response) override;

 private:
  UnaryRpcRunner* runner_;
  CreditRatingDomain domain_;
};

}  // namespace ccrm::rating
