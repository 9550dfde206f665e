#include "services/customer-profile/domain/lifecycle.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/errors.h"

namespace ccrm::customer {
namespace {

constexpr LifecycleStage kAllStages[] = {
    LifecycleStage::kProspect, LifecycleStage::kOnboarding, LifecycleStage::kActive,
    LifecycleStage::kWatch,    LifecycleStage::kExiting,    LifecycleStage::kClosed,
};

bool IsKnownStage(LifecycleStage stage) {
  return stage >= LifecycleStage::kProspect && stage <= LifecycleStage::kClosed;
}

std::string StageList(const std::vector<LifecycleStage>& stages) {
  return absl::StrJoin(
      stages, ", ", [](std::string* out, LifecycleStage s) { out->append(LifecycleStageName(s)); });
}

}  // namespace

std::vector<LifecycleStage> AllowedNextStages(LifecycleStage from) {
  switch (from) {
    case LifecycleStage::kProspect:
      return {LifecycleStage::kOnboarding, LifecycleStage::kClosed};
    case LifecycleStage::kOnboarding:
      return {LifecycleStage::kActive, LifecycleStage::kClosed};
    case LifecycleStage::kActive:
      return {LifecycleStage::kWatch, LifecycleStage::kExiting};
    case LifecycleStage::kWatch:
      return {LifecycleStage::kActive, LifecycleStage::kExiting};
    case LifecycleStage::kExiting:
      return {LifecycleStage::kActive, LifecycleStage::kClosed};
    case LifecycleStage::kClosed:
    case LifecycleStage::kUnspecified:
      break;
  }
  return {};
}

absl::Status CheckLifecycleTransition(LifecycleStage from, LifecycleStage to) {
  if (to == LifecycleStage::kUnspecified) {
    return InvalidField("to_stage", "is required");
  }
  if (!IsKnownStage(to)) {
    return InvalidField(
        "to_stage", absl::StrCat("is not a known lifecycle stage (", static_cast<int>(to), ")"));
  }
  std::vector<LifecycleStage> allowed = AllowedNextStages(from);
  for (LifecycleStage next : allowed) {
    if (next == to) {
      return absl::OkStatus();
    }
  }
  std::string message;
  if (from == to) {
    message = absl::StrCat("the customer is already ", LifecycleStageName(from),
                           "; staying in a stage is not a transition");
  } else {
    message = absl::StrCat("cannot move a customer from ", LifecycleStageName(from), " to ",
                           LifecycleStageName(to));
  }
  if (!IsKnownStage(from)) {
    message = absl::StrCat("the customer has no known lifecycle stage (", static_cast<int>(from),
                           "); cannot move it to ", LifecycleStageName(to));
  } else if (allowed.empty()) {
    absl::StrAppend(&message, "; ", LifecycleStageName(from), " is final");
  } else {
    absl::StrAppend(&message, "; allowed from ", LifecycleStageName(from), ": ",
                    StageList(allowed));
  }
  return WithReason(absl::FailedPreconditionError(message), kLifecycleTransitionNotAllowed);
}

absl::Status CheckArchivable(const Customer& customer) {
  if (customer.archived) {
    return WithReason(absl::FailedPreconditionError("the customer is already archived"),
                      kCustomerArchived);
  }
  if (customer.lifecycle_stage != LifecycleStage::kProspect &&
      customer.lifecycle_stage != LifecycleStage::kClosed) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          "only prospect or closed customers can be archived; this customer is ",
                          LifecycleStageName(customer.lifecycle_stage))),
                      kCustomerNotArchivable);
  }
  return absl::OkStatus();
}

absl::Status CheckNotArchived(const Customer& customer) {
  if (customer.archived) {
    return WithReason(
        absl::FailedPreconditionError("the customer is archived; archived customers are read-only"),
        kCustomerArchived);
  }
  return absl::OkStatus();
}

std::string LifecycleStageName(LifecycleStage stage) {
  switch (stage) {
    case LifecycleStage::kProspect:
      return "prospect";
    case LifecycleStage::kOnboarding:
      return "onboarding";
    case LifecycleStage::kActive:
      return "active";
    case LifecycleStage::kWatch:
      return "watch";
    case LifecycleStage::kExiting:
      return "exiting";
    case LifecycleStage::kClosed:
      return "closed";
    case LifecycleStage::kUnspecified:
      break;
  }
  return "unspecified";
}

absl::StatusOr<LifecycleStage> ParseLifecycleStage(absl::string_view name) {
  for (LifecycleStage stage : kAllStages) {
    if (LifecycleStageName(stage) == name) {
      return stage;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown lifecycle stage \"", name,
                   "\"; expected prospect, onboarding, active, watch, exiting or closed"));
}

}  // namespace ccrm::customer
