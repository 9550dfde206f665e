#include "common/status/errors.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace ccrm {

void FieldViolations::Add(std::string field, std::string description) {
  violations_.push_back({std::move(field), std::move(description)});
}

void FieldViolations::AddAll(std::string_view prefix, const FieldViolations& other) {
  for (const auto& v : other.violations_) {
    Add(prefix.empty() ? v.field : absl::StrCat(std::string(prefix), ".", v.field), v.description);
  }
}

void FieldViolations::Merge(const absl::Status& status) {
  if (status.ok()) {
    return;
  }
  std::vector<FieldViolation> carried = FieldViolationsOf(status);
  if (carried.empty()) {
    Add("", std::string(status.message()));
    return;
  }
  for (FieldViolation& v : carried) {
    violations_.push_back(std::move(v));
  }
}

absl::Status FieldViolations::ToStatus() const {
  if (violations_.empty()) {
    return absl::OkStatus();
  }
  std::string message = "invalid request: ";
  for (size_t i = 0; i < violations_.size(); ++i) {
    absl::StrAppend(&message, i == 0 ? "" : "; ", violations_[i].field, ": ",
                    violations_[i].description);
  }
  google::rpc::BadRequest bad_request;
  for (const auto& v : violations_) {
    auto* fv = bad_request.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(bad_request.SerializeAsString()));
  return WithReason(std::move(status), "INVALID_ARGUMENT");
}

absl::Status InvalidField(std::string field, std::string description) {
  FieldViolations v;
  v.Add(std::move(field), std::move(description));
  return v.ToStatus();
}

absl::Status WithReason(absl::Status status, std::string_view reason) {
  if (status.ok()) {
    return status;
  }
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(kErrorDomain);
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

std::string ErrorReason(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorInfoTypeUrl);
  if (!payload.has_value()) {
    return "";
  }
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) {
    return "";
  }
  return info.reason();
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (!payload.has_value()) {
    return out;
  }
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload))) {
    return out;
  }
  for (const auto& fv : bad_request.field_violations()) {
    out.push_back({fv.field(), fv.description()});
  }
  return out;
}

}  // namespace ccrm
