#include "tools/ccrmctl/customer_commands.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/status/status_macros.h"
#include "common/wire/money_time_mapping.h"
#include "tools/ccrmctl/cli_errors.h"
#include "tools/ccrmctl/formatting.h"
#include "tools/ccrmctl/json_output.h"
#include "tools/ccrmctl/paging.h"
#include "tools/ccrmctl/resource_names.h"
#include "tools/ccrmctl/session.h"
#include "tools/ccrmctl/table.h"

namespace ccrm::ctl {
namespace {

namespace v1 = ::ccrm::customer::v1;
using CustomerStub = v1::CustomerProfile::Stub;

std::string Override(const v1::ClassificationOverride& o) {
  if (o.overridden_by().empty()) {
    return "";
  }
  return absl::StrCat(EnumLabel(o.segment()), "/", EnumLabel(o.tier()), " by ", o.overridden_by(),
                      " at ", FormatTimestamp(o.override_time()), ": ", o.reason());
}

absl::Status ShowList(Session& session, const v1::ListCustomersRequest& request) {
  auto stub = v1::CustomerProfile::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::ListCustomersResponse response,
                   session.Call(*stub, &CustomerStub::ListCustomers, request));
  RETURN_IF_ERROR(
      session.output().Show(response, [&] { return CustomersTable(response.customers()); }));
  session.output().NextPageHint(response.next_page_token());
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& invocation, Session& session) {
  v1::GetCustomerRequest request;
  request.set_name(QualifiedName("customers", invocation.args[0]));
  if (invocation.BoolFlag("unmasked")) {
    request.set_view(v1::CUSTOMER_VIEW_UNMASKED);
  }
  if (invocation.Has("as_of")) {
    ASSIGN_OR_RETURN(absl::Time as_of, ParseTimeFlag("as_of", invocation.Flag("as_of")));
    ToProto(as_of, request.mutable_as_of_time());
  }
  auto stub = v1::CustomerProfile::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::Customer customer, session.Call(*stub, &CustomerStub::GetCustomer, request));
  return session.output().Show(customer, [&] { return CustomerDetails(customer); });
}

absl::Status RunList(const Invocation& invocation, Session& session) {
  ASSIGN_OR_RETURN(v1::ListCustomersRequest request, ListCustomersRequestFrom(invocation));
  return ShowList(session, request);
}

absl::Status RunSearch(const Invocation& invocation, Session& session) {
  v1::ListCustomersRequest request;
  if (!invocation.args.empty()) {
    request.set_name_prefix(invocation.args[0]);
  }
  request.set_legal_representative_id_number(invocation.Flag("id_number"));
  if (request.name_prefix().empty() && request.legal_representative_id_number().empty()) {
    return UsageError("customers search needs a legal-name PREFIX or --id_number");
  }
  request.set_order_by("legal_name");
  request.set_show_archived(invocation.BoolFlag("archived"));
  RETURN_IF_ERROR(SetPage(invocation, &request));
  return ShowList(session, request);
}

absl::Status RunCreate(const Invocation& invocation, Session& session) {
  v1::CreateCustomerRequest request;
  RETURN_IF_ERROR(ReadJsonFile(invocation.args[0], session.input(), &request));
  // --request_id wins over the file's, so a retry can name the first attempt's key.
  if (!invocation.global.request_id.empty() || request.request_id().empty()) {
    request.set_request_id(RequestIdFor(invocation.global, session.clock().Now()));
  }
  auto stub = v1::CustomerProfile::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::Customer customer,
                   session.CallWithRequestId(*stub, &CustomerStub::CreateCustomer, request,
                                             request.request_id()));
  return session.output().Show(customer, [&] { return CustomerDetails(customer); });
}

}  // namespace

absl::StatusOr<v1::ListCustomersRequest> ListCustomersRequestFrom(const Invocation& invocation) {
  v1::ListCustomersRequest request;
  if (invocation.Has("segment")) {
    ASSIGN_OR_RETURN(int segment, ParseEnumFlag(v1::Segment_descriptor(), "segment",
                                                invocation.Flag("segment")));
    request.set_segment(static_cast<v1::Segment>(segment));
  }
  if (invocation.Has("tier")) {
    ASSIGN_OR_RETURN(int tier,
                     ParseEnumFlag(v1::Tier_descriptor(), "tier", invocation.Flag("tier")));
    request.set_tier(static_cast<v1::Tier>(tier));
  }
  if (invocation.Has("stage")) {
    ASSIGN_OR_RETURN(int stage, ParseEnumFlag(v1::LifecycleStage_descriptor(), "stage",
                                              invocation.Flag("stage")));
    request.set_lifecycle_stage(static_cast<v1::LifecycleStage>(stage));
  }
  request.set_industry_code(invocation.Flag("industry"));
  request.set_relationship_manager_id(invocation.Flag("manager"));
  request.set_show_archived(invocation.BoolFlag("archived"));
  request.set_order_by(invocation.Flag("order_by"));
  RETURN_IF_ERROR(SetPage(invocation, &request));
  return request;
}

std::string CustomersTable(const google::protobuf::RepeatedPtrField<v1::Customer>& list) {
  Table table({"NAME", "LEGAL NAME", "SEGMENT", "TIER", "INDUSTRY", "MANAGER", "STAGE"});
  for (const v1::Customer& c : list) {
    table.AddRow({c.name(), c.legal_name(), EnumLabel(c.segment()), EnumLabel(c.tier()),
                  c.industry_code(), c.relationship_manager_id(),
                  c.archived() ? absl::StrCat(EnumLabel(c.lifecycle_stage()), " (archived)")
                               : EnumLabel(c.lifecycle_stage())});
  }
  return table.Render();
}

std::string CustomerDetails(const v1::Customer& c) {
  DetailList d;
  d.Add("name", c.name());
  d.Add("kind", EnumLabel(c.kind()));
  d.Add("legal name", c.legal_name());
  d.Add("unified social credit code", c.unified_social_credit_code());
  d.Add("legal representative", c.legal_representative());
  d.Add("legal representative id", c.legal_representative_id_number());
  d.Add("contact phone", c.contact_phone());
  d.Add("settlement account", c.settlement_account_number());
  d.Add("registered capital", FormatMoney(c.registered_capital()));
  d.Add("industry", c.industry_code());
  d.Add("business scope", c.business_scope());
  d.Add("registered address", c.registered_address());
  d.Add("established", FormatDate(c.established_date()));
  d.Add("annual revenue", FormatMoney(c.annual_revenue()));
  d.Add("total assets", FormatMoney(c.total_assets()));
  d.Add("employees", c.employee_count() == 0 ? "" : absl::StrCat(c.employee_count()));
  d.Add("prior credit", c.has_prior_credit() ? "yes" : "no");
  d.Add("credit grade", c.credit_grade());
  d.Add("relationship since", FormatDate(c.relationship_start_date()));
  d.Add("manager", c.relationship_manager_id());
  d.Add("segment", EnumLabel(c.segment()));
  d.Add("tier", EnumLabel(c.tier()));
  d.Add("override", Override(c.classification_override()));
  d.Add("lifecycle stage", EnumLabel(c.lifecycle_stage()));
  d.Add("archived", c.archived() ? FormatTimestamp(c.archive_time()) : "no");
  d.Add("created", FormatTimestamp(c.create_time()));
  d.Add("updated", FormatTimestamp(c.update_time()));
  d.Add("revision", absl::StrCat(c.revision()));
  d.Add("etag", c.etag());
  return d.Render();
}

void AddCustomerCommands(CommandTable& table) {
  table.Add(CommandSpec("customers", "get", RunGet)
                .Arguments("CUSTOMER", 1, 1)
                .Summary("Show one customer (customers/{id} or the id)")
                .Flag("unmasked", "",
                      "personal identifiers in clear (roles allowed to see them; audited)")
                .Flag("as_of", "TIME", "the customer as it was then (RFC 3339 or a date)"));
  table.Add(WithPageFlags(
      CommandSpec("customers", "list", RunList)
          .Summary("List customers, filtered")
          .Flag("segment", "SEGMENT", "key, sme or first_time_borrower")
          .Flag("tier", "TIER", "1, 2, 3 or 4")
          .Flag("industry", "CODE", "GB/T 4754 code or prefix, e.g. C30")
          .Flag("stage", "STAGE", "prospect, onboarding, active, watch, exiting or closed")
          .Flag("manager", "ID", "relationship manager's staff id")
          .Flag("archived", "", "include archived customers")
          .Flag("order_by", "FIELD",
                "legal_name, create_time or update_time, optionally \" desc\"")));
  table.Add(WithPageFlags(
      CommandSpec("customers", "search", RunSearch)
          .Arguments("[PREFIX]", 0, 1)
          .Summary("Find customers by the start of their legal name")
          .Flag("id_number", "ID", "instead: the legal representative's ID number, exactly")
          .Flag("archived", "", "include archived customers")));
  table.Add(CommandSpec("customers", "create", RunCreate)
                .Arguments("FILE", 1, 1)
                .Summary("Create a customer from a CreateCustomerRequest in JSON (- = stdin)"));
}

}  // namespace ccrm::ctl
