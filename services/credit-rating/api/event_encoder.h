// RatingEventEncoder with ccrm.rating.v1 payloads (RatingApproved, RatingDowngraded) for the
// outbox: event id a UUIDv7 of write.now, subject "customers/{id}/ratings/{id}", the write's
// request id. Payloads carry grades and ids only.
//
// Example:
//   ProtoRatingEventEncoder encoder;
//   events::OutboxEvent e = encoder.RatingApproved(rating, previous, write);
#pragma once

#include "services/credit-rating/domain/repositories.h"

namespace ccrm::rating {

class ProtoRatingEventEncoder final : public RatingEventEncoder {
 public:
  events::OutboxEvent RatingApproved(const Rating& rating, const std::optional<Rating>& previous,
                                     const WriteContext& write) const override;
  events::OutboxEvent RatingDowngraded(const Rating& rating, const Rating& previous, int notches,
                                       const WriteContext& write) const override;
};

}  // namespace ccrm::rating
