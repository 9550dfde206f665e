#include "tools/ccrmctl/exposure_commands.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "common/status/status_macros.h"
#include "tools/ccrmctl/formatting.h"
#include "tools/ccrmctl/paging.h"
#include "tools/ccrmctl/resource_names.h"
#include "tools/ccrmctl/session.h"
#include "tools/ccrmctl/table.h"

namespace ccrm::ctl {
namespace {

namespace v1 = ::ccrm::risk::v1;
using RiskStub = v1::RiskWarning::Stub;

std::string Covenants(const v1::Covenants& c) {
  std::string out;
  if (c.min_dscr() != 0) {
    absl::StrAppend(&out, "DSCR >= ", FormatNumber(c.min_dscr()));
  }
  if (c.min_current_ratio() != 0) {
    absl::StrAppend(&out, out.empty() ? "" : ", ",
                    "current ratio >= ", FormatNumber(c.min_current_ratio()));
  }
  return out;
}

std::string Buckets(const char* title,
                    const google::protobuf::RepeatedPtrField<v1::SummaryBucket>& buckets) {
  Table table({title, "CUSTOMERS", "EXPOSURES", "OUTSTANDING", "OPEN ALERTS"});
  for (const v1::SummaryBucket& b : buckets) {
    table.AddRow({b.key(), absl::StrCat(b.customers()), absl::StrCat(b.exposures()),
                  FormatMoney(b.outstanding()), absl::StrCat(b.open_alerts())});
  }
  return table.Render();
}

absl::Status RunList(const Invocation& invocation, Session& session) {
  v1::ListExposuresRequest request;
  request.set_customer_id(BareId("customers", invocation.Flag("customer")));
  if (invocation.Has("status")) {
    ASSIGN_OR_RETURN(int status, ParseEnumFlag(v1::ExposureStatus_descriptor(), "status",
                                               invocation.Flag("status")));
    request.set_status(static_cast<v1::ExposureStatus>(status));
  }
  if (invocation.Has("category")) {
    ASSIGN_OR_RETURN(int category, ParseEnumFlag(v1::LoanCategory_descriptor(), "category",
                                                 invocation.Flag("category")));
    request.set_category(static_cast<v1::LoanCategory>(category));
  }
  RETURN_IF_ERROR(SetPage(invocation, &request));
  auto stub = v1::RiskWarning::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::ListExposuresResponse response,
                   session.Call(*stub, &RiskStub::ListExposures, request));
  RETURN_IF_ERROR(
      session.output().Show(response, [&] { return ExposuresTable(response.exposures()); }));
  session.output().NextPageHint(response.next_page_token());
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& invocation, Session& session) {
  v1::GetExposureRequest request;
  request.set_name(QualifiedName("exposures", invocation.args[0]));
  auto stub = v1::RiskWarning::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::Exposure exposure, session.Call(*stub, &RiskStub::GetExposure, request));
  return session.output().Show(exposure, [&] { return ExposureDetails(exposure); });
}

absl::Status RunSummary(const Invocation& invocation, Session& session) {
  v1::GetPortfolioSummaryRequest request;
  request.set_currency_code(invocation.Flag("currency"));
  auto stub = v1::RiskWarning::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::PortfolioSummary summary,
                   session.Call(*stub, &RiskStub::GetPortfolioSummary, request));
  return session.output().Show(summary, [&] { return PortfolioSummaryText(summary); });
}

}  // namespace

std::string ExposuresTable(const google::protobuf::RepeatedPtrField<v1::Exposure>& list) {
  Table table(
      {"NAME", "FACILITY", "CUSTOMER", "AMOUNT", "OUTSTANDING", "DPD", "CATEGORY", "STATUS"});
  for (const v1::Exposure& e : list) {
    table.AddRow({e.name(), e.facility_id(), e.customer_id(), FormatMoney(e.amount()),
                  FormatMoney(e.outstanding()), absl::StrCat(e.days_past_due()),
                  EnumLabel(e.suggested_category()), EnumLabel(e.status())});
  }
  return table.Render();
}

std::string ExposureDetails(const v1::Exposure& e) {
  DetailList d;
  d.Add("name", e.name());
  d.Add("customer", e.customer_id());
  d.Add("facility", e.facility_id());
  d.Add("amount", FormatMoney(e.amount()));
  d.Add("outstanding", FormatMoney(e.outstanding()));
  d.Add("purpose", e.purpose());
  d.Add("project", e.project());
  d.Add("originated", FormatDate(e.origination_date()));
  d.Add("matures", FormatDate(e.maturity_date()));
  d.Add("covenants", Covenants(e.covenants()));
  for (const v1::PlannedUse& use : e.use_of_funds_plan()) {
    d.Add(absl::StrCat("planned use ", use.category()),
          absl::StrCat(FormatMoney(use.amount()), use.payee().empty() ? "" : " to ", use.payee()));
  }
  d.Add("installments", absl::StrCat(e.repayment_schedule_size()));
  d.Add("status", EnumLabel(e.status()));
  d.Add("days past due", absl::StrCat(e.days_past_due()));
  d.Add("suggested category", EnumLabel(e.suggested_category()));
  d.Add("category reason", e.category_reason());
  d.Add("segment", e.segment());
  d.Add("industry", e.industry_code());
  d.Add("created", FormatTimestamp(e.create_time()));
  d.Add("updated", FormatTimestamp(e.update_time()));
  d.Add("etag", e.etag());
  return d.Render();
}

std::string PortfolioSummaryText(const v1::PortfolioSummary& s) {
  DetailList headline;
  headline.Add("as of", FormatTimestamp(s.as_of_time()));
  headline.Add("currency", s.currency_code());
  headline.Add("active exposures", absl::StrCat(s.active_exposures()));
  headline.Add("total outstanding", FormatMoney(s.total_outstanding()));
  headline.Add("in other currencies", absl::StrCat(s.other_currency_exposures(), " exposures"));
  return absl::StrCat(headline.Render(), "\n", Buckets("ALERT LEVEL", s.by_level()), "\n",
                      Buckets("CATEGORY", s.by_category()), "\n",
                      Buckets("INDUSTRY", s.by_industry()), "\n",
                      Buckets("MANAGER", s.by_manager()));
}

void AddExposureCommands(CommandTable& table) {
  table.Add(WithPageFlags(
      CommandSpec("exposures", "list", RunList)
          .Summary("Monitored exposures (loans, facilities)")
          .Flag("customer", "CUSTOMER", "one customer's exposures")
          .Flag("status", "STATUS", "active or closed")
          .Flag("category", "CATEGORY", "normal, special_mention, substandard, doubtful or loss")));
  table.Add(CommandSpec("exposures", "get", RunGet)
                .Arguments("EXPOSURE", 1, 1)
                .Summary("Show one exposure (exposures/{id} or the id)"));
  table.Add(CommandSpec("summary", "", RunSummary)
                .Summary("The portfolio's risk summary")
                .Flag("currency", "CODE", "reporting currency (default CNY)"));
}

}  // namespace ccrm::ctl
