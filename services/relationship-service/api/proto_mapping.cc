#include "services/relationship-service/api/proto_mapping.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/ids/etag.h"
#include "common/ids/resource_name.h"
#include "common/money/money.h"
#include "common/status/errors.h"
#include "common/wire/money_time_mapping.h"

namespace ccrm::relationship {

// The shared wire mappings (common/wire) overload the same names.
using ::ccrm::FromProto;
using ::ccrm::ToProto;

namespace {

// "prefix.field", or "field" when there is no prefix (top-level request fields).
std::string Path(const std::string& prefix, absl::string_view field) {
  if (prefix.empty()) {
    return std::string(field);
  }
  return absl::StrCat(prefix, ".", field);
}

absl::Status UnknownEnum(int value, const std::string& field) {
  return InvalidField(field, absl::StrCat("unknown enum value ", value));
}

std::string InteractionResourceName(const std::string& customer_id,
                                    const std::string& interaction_id) {
  return absl::StrCat("customers/", customer_id, "/interactions/", interaction_id);
}

std::string TemplateResourceName(const std::string& template_id) {
  return absl::StrCat("engagementTemplates/", template_id);
}

// Reads an enum field of a message: its domain value, or `fallback` with the violation added
// when the number is not one the proto defines.
template <typename Domain, typename Proto>
Domain ReadEnum(Proto value, const std::string& field, Domain fallback,
                FieldViolations& violations) {
  absl::StatusOr<Domain> known = FromProto(value, field);
  if (!known.ok()) {
    violations.Merge(known.status());
    return fallback;
  }
  return *known;
}

// The instant of an optional Timestamp field: the domain's unset value (absl::Time(), the epoch,
// which the validators refuse as "must be set") when absent; a violation when malformed.
absl::Time ReadTime(bool present, const google::protobuf::Timestamp& timestamp,
                    const std::string& field, FieldViolations& violations) {
  if (!present) {
    return absl::Time();
  }
  absl::StatusOr<absl::Time> time = TimestampFromProto(timestamp, field);
  if (!time.ok()) {
    violations.Merge(time.status());
    return absl::Time();
  }
  return *time;
}

// A required Money field: "is required" when absent, the wire checks otherwise.
Money ReadAmount(bool present, const common::v1::Money& money, const std::string& field,
                 FieldViolations& violations) {
  if (!present) {
    violations.Add(field, "is required");
    return Money{};
  }
  std::optional<Money> amount = MoneyFromProto(money, field, violations);
  return amount.has_value() ? *amount : Money{};
}

void CadenceToProto(const EngagementCadence& cadence, v1::EngagementCadence* out) {
  out->set_kind(ToProto(cadence.kind));
  out->set_interval_months(cadence.interval_months);
  out->set_first_due_days(cadence.first_due_days);
  out->set_occurrences(cadence.occurrences);
}

}  // namespace

// ---- Enums ----

absl::StatusOr<Segment> FromProto(v1::Segment segment, const std::string& field) {
  if (v1::Segment_IsValid(segment)) {
    switch (segment) {
      case v1::SEGMENT_UNSPECIFIED:
        return Segment::kUnspecified;
      case v1::SEGMENT_KEY:
        return Segment::kKey;
      case v1::SEGMENT_SME:
        return Segment::kSme;
      case v1::SEGMENT_FIRST_TIME_BORROWER:
        return Segment::kFirstTimeBorrower;
      default:
        break;
    }
  }
  return UnknownEnum(segment, field);
}

v1::Segment ToProto(Segment segment) {
  switch (segment) {
    case Segment::kKey:
      return v1::SEGMENT_KEY;
    case Segment::kSme:
      return v1::SEGMENT_SME;
    case Segment::kFirstTimeBorrower:
      return v1::SEGMENT_FIRST_TIME_BORROWER;
    case Segment::kUnspecified:
      break;
  }
  return v1::SEGMENT_UNSPECIFIED;
}

absl::StatusOr<InteractionKind> FromProto(v1::InteractionKind kind, const std::string& field) {
  if (v1::InteractionKind_IsValid(kind)) {
    switch (kind) {
      case v1::INTERACTION_KIND_UNSPECIFIED:
        return InteractionKind::kUnspecified;
      case v1::INTERACTION_KIND_VISIT:
        return InteractionKind::kVisit;
      case v1::INTERACTION_KIND_CALL:
        return InteractionKind::kCall;
      case v1::INTERACTION_KIND_EMAIL:
        return InteractionKind::kEmail;
      case v1::INTERACTION_KIND_MEETING:
        return InteractionKind::kMeeting;
      case v1::INTERACTION_KIND_SITE_INSPECTION:
        return InteractionKind::kSiteInspection;
      default:
        break;
    }
  }
  return UnknownEnum(kind, field);
}

v1::InteractionKind ToProto(InteractionKind kind) {
  switch (kind) {
    case InteractionKind::kVisit:
      return v1::INTERACTION_KIND_VISIT;
    case InteractionKind::kCall:
      return v1::INTERACTION_KIND_CALL;
    case InteractionKind::kEmail:
      return v1::INTERACTION_KIND_EMAIL;
    case InteractionKind::kMeeting:
      return v1::INTERACTION_KIND_MEETING;
    case InteractionKind::kSiteInspection:
      return v1::INTERACTION_KIND_SITE_INSPECTION;
    case InteractionKind::kUnspecified:
      break;
  }
  return v1::INTERACTION_KIND_UNSPECIFIED;
}

absl::StatusOr<EngagementKind> FromProto(v1::EngagementKind kind, const std::string& field) {
  if (v1::EngagementKind_IsValid(kind)) {
    switch (kind) {
      case v1::ENGAGEMENT_KIND_UNSPECIFIED:
        return EngagementKind::kUnspecified;
      case v1::ENGAGEMENT_KIND_PROJECT_PROGRESS_MEETING:
        return EngagementKind::kProjectProgressMeeting;
      case v1::ENGAGEMENT_KIND_FINANCIAL_ANALYSIS_MEETING:
        return EngagementKind::kFinancialAnalysisMeeting;
      case v1::ENGAGEMENT_KIND_RELATIONSHIP_VISIT:
        return EngagementKind::kRelationshipVisit;
      case v1::ENGAGEMENT_KIND_SITE_INSPECTION:
        return EngagementKind::kSiteInspection;
      case v1::ENGAGEMENT_KIND_ONBOARDING_SESSION:
        return EngagementKind::kOnboardingSession;
      case v1::ENGAGEMENT_KIND_COURTESY_CALL:
        return EngagementKind::kCourtesyCall;
      default:
        break;
    }
  }
  return UnknownEnum(kind, field);
}

v1::EngagementKind ToProto(EngagementKind kind) {
  switch (kind) {
    case EngagementKind::kProjectProgressMeeting:
      return v1::ENGAGEMENT_KIND_PROJECT_PROGRESS_MEETING;
    case EngagementKind::kFinancialAnalysisMeeting:
      return v1::ENGAGEMENT_KIND_FINANCIAL_ANALYSIS_MEETING;
    case EngagementKind::kRelationshipVisit:
      return v1::ENGAGEMENT_KIND_RELATIONSHIP_VISIT;
    case EngagementKind::kSiteInspection:
      return v1::ENGAGEMENT_KIND_SITE_INSPECTION;
    case EngagementKind::kOnboardingSession:
      return v1::ENGAGEMENT_KIND_ONBOARDING_SESSION;
    case EngagementKind::kCourtesyCall:
      return v1::ENGAGEMENT_KIND_COURTESY_CALL;
    case EngagementKind::kUnspecified:
      break;
  }
  return v1::ENGAGEMENT_KIND_UNSPECIFIED;
}

absl::StatusOr<EngagementStatus> FromProto(v1::EngagementStatus status, const std::string& field) {
  if (v1::EngagementStatus_IsValid(status)) {
    switch (status) {
      case v1::ENGAGEMENT_STATUS_UNSPECIFIED:
        return EngagementStatus::kUnspecified;
      case v1::ENGAGEMENT_STATUS_UPCOMING:
        return EngagementStatus::kUpcoming;
      case v1::ENGAGEMENT_STATUS_DUE:
        return EngagementStatus::kDue;
      case v1::ENGAGEMENT_STATUS_OVERDUE:
        return EngagementStatus::kOverdue;
      case v1::ENGAGEMENT_STATUS_COMPLETED:
        return EngagementStatus::kCompleted;
      case v1::ENGAGEMENT_STATUS_MISSED:
        return EngagementStatus::kMissed;
      default:
        break;
    }
  }
  return UnknownEnum(status, field);
}

v1::EngagementStatus ToProto(EngagementStatus status) {
  switch (status) {
    case EngagementStatus::kUpcoming:
      return v1::ENGAGEMENT_STATUS_UPCOMING;
    case EngagementStatus::kDue:
      return v1::ENGAGEMENT_STATUS_DUE;
    case EngagementStatus::kOverdue:
      return v1::ENGAGEMENT_STATUS_OVERDUE;
    case EngagementStatus::kCompleted:
      return v1::ENGAGEMENT_STATUS_COMPLETED;
    case EngagementStatus::kMissed:
      return v1::ENGAGEMENT_STATUS_MISSED;
    case EngagementStatus::kUnspecified:
      break;
  }
  return v1::ENGAGEMENT_STATUS_UNSPECIFIED;
}

absl::StatusOr<ServiceRequestType> FromProto(v1::ServiceRequestType type,
                                             const std::string& field) {
  if (v1::ServiceRequestType_IsValid(type)) {
    switch (type) {
      case v1::SERVICE_REQUEST_TYPE_UNSPECIFIED:
        return ServiceRequestType::kUnspecified;
      case v1::SERVICE_REQUEST_TYPE_INQUIRY:
        return ServiceRequestType::kInquiry;
      case v1::SERVICE_REQUEST_TYPE_COMPLAINT:
        return ServiceRequestType::kComplaint;
      default:
        break;
    }
  }
  return UnknownEnum(type, field);
}

v1::ServiceRequestType ToProto(ServiceRequestType type) {
  switch (type) {
    case ServiceRequestType::kInquiry:
      return v1::SERVICE_REQUEST_TYPE_INQUIRY;
    case ServiceRequestType::kComplaint:
      return v1::SERVICE_REQUEST_TYPE_COMPLAINT;
    case ServiceRequestType::kUnspecified:
      break;
  }
  return v1::SERVICE_REQUEST_TYPE_UNSPECIFIED;
}

absl::StatusOr<Priority> FromProto(v1::Priority priority, const std::string& field) {
  if (v1::Priority_IsValid(priority)) {
    switch (priority) {
      case v1::PRIORITY_UNSPECIFIED:
        return Priority::kUnspecified;
      case v1::PRIORITY_LOW:
        return Priority::kLow;
      case v1::PRIORITY_MEDIUM:
        return Priority::kMedium;
      case v1::PRIORITY_HIGH:
        return Priority::kHigh;
      case v1::PRIORITY_URGENT:
        return Priority::kUrgent;
      default:
        break;
    }
  }
  return UnknownEnum(priority, field);
}

v1::Priority ToProto(Priority priority) {
  switch (priority) {
    case Priority::kLow:
      return v1::PRIORITY_LOW;
    case Priority::kMedium:
      return v1::PRIORITY_MEDIUM;
    case Priority::kHigh:
      return v1::PRIORITY_HIGH;
    case Priority::kUrgent:
      return v1::PRIORITY_URGENT;
    case Priority::kUnspecified:
      break;
  }
  return v1::PRIORITY_UNSPECIFIED;
}

absl::StatusOr<ServiceRequestStatus> FromProto(v1::ServiceRequestStatus status,
                                               const std::string& field) {
  if (v1::ServiceRequestStatus_IsValid(status)) {
    switch (status) {
      case v1::SERVICE_REQUEST_STATUS_UNSPECIFIED:
        return ServiceRequestStatus::kUnspecified;
      case v1::SERVICE_REQUEST_STATUS_OPEN:
        return ServiceRequestStatus::kOpen;
      case v1::SERVICE_REQUEST_STATUS_IN_PROGRESS:
        return ServiceRequestStatus::kInProgress;
      case v1::SERVICE_REQUEST_STATUS_RESOLVED:
        return ServiceRequestStatus::kResolved;
      case v1::SERVICE_REQUEST_STATUS_CLOSED:
        return ServiceRequestStatus::kClosed;
      default:
        break;
    }
  }
  return UnknownEnum(status, field);
}

v1::ServiceRequestStatus ToProto(ServiceRequestStatus status) {
  switch (status) {
    case ServiceRequestStatus::kOpen:
      return v1::SERVICE_REQUEST_STATUS_OPEN;
    case ServiceRequestStatus::kInProgress:
      return v1::SERVICE_REQUEST_STATUS_IN_PROGRESS;
    case ServiceRequestStatus::kResolved:
      return v1::SERVICE_REQUEST_STATUS_RESOLVED;
    case ServiceRequestStatus::kClosed:
      return v1::SERVICE_REQUEST_STATUS_CLOSED;
    case ServiceRequestStatus::kUnspecified:
      break;
  }
  return v1::SERVICE_REQUEST_STATUS_UNSPECIFIED;
}

absl::StatusOr<TaskStatus> FromProto(v1::TaskStatus status, const std::string& field) {
  if (v1::TaskStatus_IsValid(status)) {
    switch (status) {
      case v1::TASK_STATUS_UNSPECIFIED:
        return TaskStatus::kUnspecified;
      case v1::TASK_STATUS_OPEN:
        return TaskStatus::kOpen;
      case v1::TASK_STATUS_DONE:
        return TaskStatus::kDone;
      default:
        break;
    }
  }
  return UnknownEnum(status, field);
}

v1::TaskStatus ToProto(TaskStatus status) {
  switch (status) {
    case TaskStatus::kOpen:
      return v1::TASK_STATUS_OPEN;
    case TaskStatus::kDone:
      return v1::TASK_STATUS_DONE;
    case TaskStatus::kUnspecified:
      break;
  }
  return v1::TASK_STATUS_UNSPECIFIED;
}

// ---- Managers and assignments ----

absl::StatusOr<RelationshipManager> FromProto(const v1::RelationshipManager& manager,
                                              const std::string& /*field*/) {
  // Nothing on the wire can be malformed here (strings and an int); ValidateManager checks the
  // values. `field` stays in the signature for the uniform call shape.
  RelationshipManager out;
  out.manager_id = manager.manager_id();
  out.display_name = manager.display_name();
  out.branch = manager.branch();
  out.email = manager.email();
  out.active = true;
  out.max_portfolio_size = manager.max_portfolio_size();
  return out;
}

void ToProto(const RelationshipManager& manager, v1::RelationshipManager* out) {
  out->Clear();
  out->set_name(ManagerResourceName(manager.manager_id));
  out->set_manager_id(manager.manager_id);
  out->set_display_name(manager.display_name);
  out->set_branch(manager.branch);
  out->set_email(manager.email);
  out->set_active(manager.active);
  out->set_max_portfolio_size(manager.max_portfolio_size);
  ToProto(manager.create_time, out->mutable_create_time());
  ToProto(manager.update_time, out->mutable_update_time());
  out->set_etag(FormatEtag(manager.revision));
}

void ToProto(const Assignment& assignment, v1::Assignment* out) {
  out->Clear();
  out->set_customer_id(assignment.customer_id);
  out->set_manager_id(assignment.manager_id);
  out->set_dedicated(assignment.dedicated);
  out->set_segment(ToProto(assignment.segment));
  out->set_reason(assignment.reason);
  out->set_assigned_by(assignment.assigned_by);
  ToProto(assignment.start_time, out->mutable_start_time());
  if (assignment.end_time.has_value()) {
    ToProto(*assignment.end_time, out->mutable_end_time());
  }
}

// ---- Interactions ----

absl::StatusOr<Interaction> FromProto(const v1::Interaction& interaction,
                                      const std::string& customer_id, const std::string& field) {
  FieldViolations violations;
  Interaction out;
  out.kind =
      ReadEnum(interaction.kind(), Path(field, "kind"), InteractionKind::kUnspecified, violations);
  out.occur_time = ReadTime(interaction.has_occur_time(), interaction.occur_time(),
                            Path(field, "occur_time"), violations);
  out.manager_id = interaction.manager_id();
  out.participants.assign(interaction.participants().begin(), interaction.participants().end());
  out.summary = interaction.summary();
  out.outcome = interaction.outcome();
  out.next_steps = interaction.next_steps();
  out.confidential = interaction.confidential();
  if (!interaction.engagement().empty()) {
    const std::string engagement_field = Path(field, "engagement");
    absl::StatusOr<std::vector<std::string>> ids =
        ParseResourceName(interaction.engagement(), {"customers", "engagements"}, engagement_field);
    if (!ids.ok()) {
      violations.Merge(ids.status());
    } else if ((*ids)[0] != absl::AsciiStrToLower(customer_id)) {
      violations.Add(engagement_field,
                     absl::StrCat("must be an engagement of customers/", customer_id));
    } else {
      out.engagement_id = (*ids)[1];
    }
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

void ToProto(const Interaction& interaction, v1::Interaction* out) {
  out->Clear();
  out->set_name(InteractionResourceName(interaction.customer_id, interaction.interaction_id));
  out->set_interaction_id(interaction.interaction_id);
  out->set_customer_id(interaction.customer_id);
  out->set_kind(ToProto(interaction.kind));
  ToProto(interaction.occur_time, out->mutable_occur_time());
  out->set_manager_id(interaction.manager_id);
  for (const std::string& participant : interaction.participants) {
    out->add_participants(participant);
  }
  out->set_summary(interaction.summary);
  out->set_outcome(interaction.outcome);
  out->set_next_steps(interaction.next_steps);
  out->set_confidential(interaction.confidential);
  out->set_redacted(interaction.redacted);
  if (!interaction.engagement_id.empty()) {
    out->set_engagement(EngagementResourceName(interaction.customer_id, interaction.engagement_id));
  }
  out->set_created_by(interaction.created_by);
  ToProto(interaction.create_time, out->mutable_create_time());
}

// ---- Engagements ----

void ToProto(const EngagementTemplate& engagement_template, v1::EngagementTemplate* out) {
  out->Clear();
  out->set_name(TemplateResourceName(engagement_template.template_id));
  out->set_template_id(engagement_template.template_id);
  out->set_segment(ToProto(engagement_template.segment));
  out->set_description(engagement_template.description);
  for (const EngagementCadence& cadence : engagement_template.cadences) {
    CadenceToProto(cadence, out->add_cadences());
  }
  out->set_grace_days(engagement_template.grace_days);
}

void ToProto(const Engagement& engagement, absl::CivilDay today, v1::Engagement* out) {
  out->Clear();
  out->set_name(EngagementResourceName(engagement.customer_id, engagement.engagement_id));
  out->set_engagement_id(engagement.engagement_id);
  out->set_customer_id(engagement.customer_id);
  out->set_kind(ToProto(engagement.kind));
  ToProto(engagement.due_date, out->mutable_due_date());
  out->set_manager_id(engagement.manager_id);
  out->set_status(ToProto(CurrentStatus(engagement, today)));
  out->set_completed_by(engagement.completed_by);
  if (engagement.complete_time.has_value()) {
    ToProto(*engagement.complete_time, out->mutable_complete_time());
  }
  out->set_template_id(engagement.template_id);
}

// ---- Service requests ----

absl::StatusOr<ServiceRequest> FromProto(const v1::ServiceRequest& request,
                                         const std::string& field) {
  FieldViolations violations;
  ServiceRequest out;
  out.type =
      ReadEnum(request.type(), Path(field, "type"), ServiceRequestType::kUnspecified, violations);
  out.priority =
      ReadEnum(request.priority(), Path(field, "priority"), Priority::kUnspecified, violations);
  out.subject = request.subject();
  out.description = request.description();
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

void ToProto(const ServiceRequest& request, v1::ServiceRequest* out) {
  out->Clear();
  out->set_name(ServiceRequestResourceName(request.customer_id, request.service_request_id));
  out->set_service_request_id(request.service_request_id);
  out->set_customer_id(request.customer_id);
  out->set_type(ToProto(request.type));
  out->set_priority(ToProto(request.priority));
  out->set_subject(request.subject);
  out->set_description(request.description);
  out->set_status(ToProto(request.status));
  ToProto(request.response_due, out->mutable_response_due());
  ToProto(request.resolution_due, out->mutable_resolution_due());
  if (request.first_response_time.has_value()) {
    ToProto(*request.first_response_time, out->mutable_first_response_time());
  }
  if (request.resolve_time.has_value()) {
    ToProto(*request.resolve_time, out->mutable_resolve_time());
  }
  out->set_assignee_manager_id(request.assignee_manager_id);
  out->set_green_channel(request.green_channel);
  out->set_escalation_level(request.escalation_level);
  out->set_resolution(request.resolution);
  out->set_created_by(request.created_by);
  ToProto(request.create_time, out->mutable_create_time());
  ToProto(request.update_time, out->mutable_update_time());
  out->set_etag(FormatEtag(request.revision));
}

void ToProto(const ServiceRequestChange& change, v1::ServiceRequestChange* out) {
  out->Clear();
  out->set_change_id(change.change_id);
  out->set_action(change.action);
  out->set_from_status(ToProto(change.from_status));
  out->set_to_status(ToProto(change.to_status));
  out->set_escalation_level(change.escalation_level);
  out->set_note(change.note);
  out->set_actor(change.actor);
  ToProto(change.change_time, out->mutable_change_time());
}

// ---- Satisfaction ----

absl::StatusOr<Survey> FromProto(const v1::SatisfactionSurvey& survey, const std::string& field) {
  FieldViolations violations;
  Survey out;
  out.csat = survey.csat();
  out.nps = survey.nps();
  out.comment = survey.comment();
  out.survey_time = ReadTime(survey.has_survey_time(), survey.survey_time(),
                             Path(field, "survey_time"), violations);
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

void ToProto(const Survey& survey, v1::SatisfactionSurvey* out) {
  out->Clear();
  out->set_name(SurveyResourceName(survey.customer_id, survey.survey_id));
  out->set_survey_id(survey.survey_id);
  out->set_customer_id(survey.customer_id);
  out->set_csat(survey.csat);
  out->set_nps(survey.nps);
  out->set_comment(survey.comment);
  ToProto(survey.survey_time, out->mutable_survey_time());
  out->set_manager_id(survey.manager_id);
  ToProto(survey.create_time, out->mutable_create_time());
}

void ToProto(const SatisfactionPoint& point, v1::SatisfactionPoint* out) {
  out->Clear();
  out->set_period(point.period);
  out->set_surveys(point.surveys);
  out->set_average_csat(point.average_csat);
  out->set_nps_score(point.nps_score);
}

// ---- Customer value ----

absl::StatusOr<Contribution> FromProto(const v1::Contribution& contribution,
                                       const std::string& field) {
  FieldViolations violations;
  Contribution out;
  // An absent month stays the domain's default day, which ValidateContribution refuses.
  if (std::optional<absl::CivilDay> month =
          DateFromProto(contribution.month(), Path(field, "month"), violations);
      month.has_value()) {
    out.month = *month;
  }
  out.interest_income =
      ReadAmount(contribution.has_interest_income(), contribution.interest_income(),
                 Path(field, "interest_income"), violations);
  out.fee_income = ReadAmount(contribution.has_fee_income(), contribution.fee_income(),
                              Path(field, "fee_income"), violations);
  out.average_deposits =
      ReadAmount(contribution.has_average_deposits(), contribution.average_deposits(),
                 Path(field, "average_deposits"), violations);
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

void ToProto(const Contribution& contribution, v1::Contribution* out) {
  out->Clear();
  out->set_customer_id(contribution.customer_id);
  ToProto(contribution.month, out->mutable_month());
  ToProto(contribution.interest_income, out->mutable_interest_income());
  ToProto(contribution.fee_income, out->mutable_fee_income());
  ToProto(contribution.average_deposits, out->mutable_average_deposits());
  out->set_recorded_by(contribution.recorded_by);
  ToProto(contribution.record_time, out->mutable_record_time());
}

void ToProto(const CustomerValue& value, v1::CustomerValue* out) {
  out->Clear();
  out->set_customer_id(value.customer_id);
  ToProto(value.summary.interest_income, out->mutable_interest_income());
  ToProto(value.summary.fee_income, out->mutable_fee_income());
  ToProto(value.summary.average_deposits, out->mutable_average_deposits());
  ToProto(value.summary.total_contribution, out->mutable_total_contribution());
  out->set_key_customer(value.key_customer.key_customer);
  out->set_key_customer_reason(value.key_customer.reason);
  for (const Recommendation& recommendation : value.recommendations) {
    v1::Recommendation* r = out->add_recommendations();
    r->set_product(recommendation.product);
    r->set_reason(recommendation.reason);
  }
}

// ---- Follow-up tasks ----

void ToProto(const FollowUpTask& task, v1::FollowUpTask* out) {
  out->Clear();
  out->set_name(TaskResourceName(task.manager_id, task.task_id));
  out->set_task_id(task.task_id);
  out->set_manager_id(task.manager_id);
  out->set_customer_id(task.customer_id);
  out->set_source(task.source);
  out->set_title(task.title);
  out->set_detail(task.detail);
  out->set_status(ToProto(task.status));
  ToProto(task.due_date, out->mutable_due_date());
  out->set_completion_note(task.completion_note);
  ToProto(task.create_time, out->mutable_create_time());
  if (task.complete_time.has_value()) {
    ToProto(*task.complete_time, out->mutable_complete_time());
  }
  out->set_etag(FormatEtag(task.revision));
}

// ---- Resource names ----

std::string ManagerResourceName(const std::string& manager_id) {
  return absl::StrCat("relationshipManagers/", manager_id);
}

std::string EngagementResourceName(const std::string& customer_id,
                                   const std::string& engagement_id) {
  return absl::StrCat("customers/", customer_id, "/engagements/", engagement_id);
}

std::string ServiceRequestResourceName(const std::string& customer_id,
                                       const std::string& service_request_id) {
  return absl::StrCat("customers/", customer_id, "/serviceRequests/", service_request_id);
}

std::string SurveyResourceName(const std::string& customer_id, const std::string& survey_id) {
  return absl::StrCat("customers/", customer_id, "/surveys/", survey_id);
}

std::string TaskResourceName(const std::string& manager_id, const std::string& task_id) {
  return absl::StrCat("relationshipManagers/", manager_id, "/tasks/", task_id);
}

}  // namespace ccrm::relationship
