#include "tools/ccrmctl/output.h"

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "tools/ccrmctl/json_output.h"

namespace ccrm::ctl {

absl::Status Output::Show(const google::protobuf::Message& message,
                          const std::function<std::string()>& render_table) {
  if (format_ == OutputFormat::kJson) {
    ASSIGN_OR_RETURN(std::string line, ToJsonLine(message));
    *out_ << line << "\n";
  } else {
    *out_ << render_table();
  }
  out_->flush();
  return absl::OkStatus();
}

void Output::TableText(absl::string_view text) {
  if (format_ == OutputFormat::kTable) {
    *out_ << text;
    out_->flush();
  }
}

void Output::Note(absl::string_view line) { *err_ << line << "\n"; }

void Output::NextPageHint(absl::string_view next_page_token) {
  if (!next_page_token.empty() && format_ == OutputFormat::kTable) {
    Note(absl::StrCat("more results: add --page_token=", next_page_token));
  }
}

}  // namespace ccrm::ctl
