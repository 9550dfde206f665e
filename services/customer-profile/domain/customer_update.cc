#include "services/customer-profile/domain/customer_update.h"

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status/errors.h"

namespace ccrm::customer {
namespace {

// One field of a message as an update mask sees it.
template <typename T>
struct FieldRule {
  std::string path;
  // Why the field cannot be named in an update mask; empty when it can.
  std::string not_updatable_because;
  // Copies the field from the patch to the target; set for updatable fields.
  std::function<void(const T&, T&)> copy;
  // Compares the field of two values; unset for fields ChangedFields ignores.
  std::function<bool(const T&, const T&)> equal;
};

// An updatable field held in `member`.
template <typename T, typename M>
FieldRule<T> Updatable(std::string path, M T::*member) {
  return {std::move(path), "", [member](const T& from, T& to) { to.*member = from.*member; },
          [member](const T& a, const T& b) { return a.*member == b.*member; }};
}

// A field an update may not name, compared for ChangedFields.
template <typename T, typename M>
FieldRule<T> Fixed(std::string path, std::string why, M T::*member) {
  return {std::move(path), std::move(why), nullptr,
          [member](const T& a, const T& b) { return a.*member == b.*member; }};
}

// A field an update may not name, not compared (bookkeeping, or not held in the domain value).
template <typename T>
FieldRule<T> OutputOnly(std::string path, std::string why = "is output only") {
  return {std::move(path), std::move(why), nullptr, nullptr};
}

template <typename T>
const FieldRule<T>* FindRule(const std::vector<FieldRule<T>>& rules, absl::string_view path) {
  for (const FieldRule<T>& rule : rules) {
    if (rule.path == path) {
      return &rule;
    }
  }
  return nullptr;
}

template <typename T>
absl::Status ApplyUpdate(const std::vector<FieldRule<T>>& rules, absl::string_view message_name,
                         const T& patch, const std::vector<std::string>& paths, T& target) {
  if (paths.empty()) {
    return InvalidField("update_mask", "must name at least one field to update");
  }
  FieldViolations violations;
  std::vector<const FieldRule<T>*> chosen;
  for (const std::string& path : paths) {
    const std::string quoted = absl::StrCat("\"", path, "\"");
    if (const FieldRule<T>* rule = FindRule(rules, path); rule != nullptr) {
      if (!rule->not_updatable_because.empty()) {
        violations.Add("update_mask", absl::StrCat(quoted, " ", rule->not_updatable_because));
      } else {
        chosen.push_back(rule);
      }
      continue;
    }
    if (path == "*") {
      violations.Add("update_mask", "a wildcard is not supported: name the fields to change");
      continue;
    }
    size_t dot = path.find('.');
    if (dot != std::string::npos && FindRule(rules, path.substr(0, dot)) != nullptr) {
      violations.Add("update_mask", absl::StrCat(quoted, " names a sub-field: update the whole ",
                                                 path.substr(0, dot), " field"));
      continue;
    }
    violations.Add("update_mask", absl::StrCat(quoted, " is not a field of ", message_name));
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  for (const FieldRule<T>* rule : chosen) {
    rule->copy(patch, target);
  }
  return absl::OkStatus();
}

template <typename T>
std::vector<std::string> ChangedFields(const std::vector<FieldRule<T>>& rules, const T& before,
                                       const T& after) {
  std::vector<std::string> changed;
  for (const FieldRule<T>& rule : rules) {
    if (rule.equal && !rule.equal(before, after)) {
      changed.push_back(rule.path);
    }
  }
  return changed;
}

bool SameOverride(const std::optional<ClassificationOverride>& a,
                  const std::optional<ClassificationOverride>& b) {
  if (a.has_value() != b.has_value()) {
    return false;
  }
  return !a.has_value() ||
         (a->segment == b->segment && a->tier == b->tier && a->reason == b->reason &&
          a->overridden_by == b->overridden_by && a->override_time == b->override_time);
}

bool SameMilestones(const std::vector<Milestone>& a, const std::vector<Milestone>& b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].title != b[i].title || a[i].planned_date != b[i].planned_date ||
        a[i].actual_date != b[i].actual_date) {
      return false;
    }
  }
  return true;
}

constexpr char kFixedAtCreation[] = "cannot be changed after creation";
constexpr char kUseOverride[] =
    "is output only: computed from the rules; use OverrideClassification to override it";

// Customer fields in proto field order.
const std::vector<FieldRule<Customer>>& CustomerRules() {
  using C = Customer;
  static const auto* rules = new std::vector<FieldRule<C>>{
      OutputOnly<C>("name"),
      OutputOnly<C>("customer_id"),
      Fixed("kind", kFixedAtCreation, &C::kind),
      Fixed("unified_social_credit_code", kFixedAtCreation, &C::unified_social_credit_code),
      Updatable("legal_name", &C::legal_name),
      Updatable("legal_representative", &C::legal_representative),
      Updatable("legal_representative_id_number", &C::legal_representative_id_number),
      Updatable("contact_phone", &C::contact_phone),
      Updatable("settlement_account_number", &C::settlement_account_number),
      Updatable("registered_capital", &C::registered_capital),
      Updatable("business_scope", &C::business_scope),
      Updatable("industry_code", &C::industry_code),
      Updatable("registered_address", &C::registered_address),
      Updatable("established_date", &C::established_date),
      Updatable("annual_revenue", &C::annual_revenue),
      Updatable("total_assets", &C::total_assets),
      Updatable("employee_count", &C::employee_count),
      Updatable("has_prior_credit", &C::has_prior_credit),
      Updatable("credit_grade", &C::credit_grade),
      Updatable("relationship_start_date", &C::relationship_start_date),
      Updatable("relationship_manager_id", &C::relationship_manager_id),
      Fixed("segment", kUseOverride, &C::segment),
      Fixed("tier", kUseOverride, &C::tier),
      FieldRule<C>{"classification_override",
                   "is output only: use OverrideClassification or ClearClassificationOverride",
                   nullptr,
                   [](const C& a, const C& b) {
                     return SameOverride(a.classification_override, b.classification_override);
                   }},
      Fixed("lifecycle_stage", "is output only: use TransitionLifecycle", &C::lifecycle_stage),
      Fixed("archived", "is output only: use ArchiveCustomer", &C::archived),
      OutputOnly<C>("create_time"),
      OutputOnly<C>("update_time"),
      Fixed("archive_time", "is output only: use ArchiveCustomer", &C::archive_time),
      OutputOnly<C>("etag",
                    "is output only: send the etag back in the resource, not in update_mask"),
      OutputOnly<C>("revision"),
  };
  return *rules;
}

// Contact fields in proto field order.
const std::vector<FieldRule<Contact>>& ContactRules() {
  using C = Contact;
  static const auto* rules = new std::vector<FieldRule<C>>{
      OutputOnly<C>("name"),
      OutputOnly<C>("contact_id"),
      Updatable("role", &C::role),
      Updatable("full_name", &C::full_name),
      Updatable("title", &C::title),
      Updatable("id_number", &C::id_number),
      Updatable("phone", &C::phone),
      Updatable("email", &C::email),
      Updatable("primary", &C::primary),
      OutputOnly<C>("create_time"),
      OutputOnly<C>("update_time"),
      OutputOnly<C>("etag",
                    "is output only: send the etag back in the resource, not in update_mask"),
  };
  return *rules;
}

// Project fields in proto field order.
const std::vector<FieldRule<Project>>& ProjectRules() {
  using P = Project;
  static const auto* rules = new std::vector<FieldRule<P>>{
      OutputOnly<P>("name"),
      OutputOnly<P>("project_id"),
      Updatable("project_name", &P::project_name),
      Updatable("total_investment", &P::total_investment),
      Updatable("capital_ratio_bps", &P::capital_ratio_bps),
      Updatable("use_of_funds", &P::use_of_funds),
      Updatable("planned_start_date", &P::planned_start_date),
      Updatable("planned_completion_date", &P::planned_completion_date),
      Updatable("actual_start_date", &P::actual_start_date),
      Updatable("actual_completion_date", &P::actual_completion_date),
      Updatable("invested_to_date", &P::invested_to_date),
      FieldRule<P>{
          "milestones", "", [](const P& from, P& to) { to.milestones = from.milestones; },
          [](const P& a, const P& b) { return SameMilestones(a.milestones, b.milestones); }},
      OutputOnly<P>("create_time"),
      OutputOnly<P>("update_time"),
      OutputOnly<P>("etag",
                    "is output only: send the etag back in the resource, not in update_mask"),
      OutputOnly<P>("investment_progress_bps",
                    "is output only: computed from invested_to_date and total_investment"),
  };
  return *rules;
}

}  // namespace

absl::Status ApplyCustomerUpdate(const Customer& patch, const std::vector<std::string>& paths,
                                 Customer& target) {
  return ApplyUpdate(CustomerRules(), "Customer", patch, paths, target);
}

std::vector<std::string> ChangedCustomerFields(const Customer& before, const Customer& after) {
  return ChangedFields(CustomerRules(), before, after);
}

absl::Status ApplyContactUpdate(const Contact& patch, const std::vector<std::string>& paths,
                                Contact& target) {
  return ApplyUpdate(ContactRules(), "Contact", patch, paths, target);
}

std::vector<std::string> ChangedContactFields(const Contact& before, const Contact& after) {
  return ChangedFields(ContactRules(), before, after);
}

absl::Status ApplyProjectUpdate(const Project& patch, const std::vector<std::string>& paths,
                                Project& target) {
  return ApplyUpdate(ProjectRules(), "Project", patch, paths, target);
}

std::vector<std::string> ChangedProjectFields(const Project& before, const Project& after) {
  return ChangedFields(ProjectRules(), before, after);
}

}  // namespace ccrm::customer
