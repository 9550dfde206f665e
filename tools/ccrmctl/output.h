// Where a command's answer goes and in which form: with --output=table a rendered table (or a
// detail list) on stdout; with --output=json protobuf's JSON of the response, one line per
// message. Notes for a person (the next page token, a reconnect) go to stderr in both forms so
// stdout stays machine-readable.
//
// Example:
//   Output output(OutputFormat::kJson, &std::cout, &std::cerr);
//   RETURN_IF_ERROR(output.Show(customer, [&] { return CustomerDetails(customer); }));
//   output.Note("more: --page_token=abc");
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "tools/ccrmctl/command_line.h"

namespace ccrm::ctl {

class Output final {
 public:
  Output(OutputFormat format, std::ostream* out, std::ostream* err)
      : format_(format), out_(out), err_(err) {}

  OutputFormat format() const { return format_; }

  // Writes `message` as one JSON line, or what `render_table` returns; flushes, so a stream's
  // reader sees each update when it arrives. INTERNAL when the JSON cannot be printed.
  absl::Status Show(const google::protobuf::Message& message,
                    const std::function<std::string()>& render_table);
  // Writes `text` as it is (a stream's header line), in table form only.
  void TableText(absl::string_view text);
  // A line for a person on stderr.
  void Note(absl::string_view line);
  // For a list: tells how to fetch the next page when there is one.
  void NextPageHint(absl::string_view next_page_token);

 private:
  const OutputFormat format_;
  std::ostream* out_;
  std::ostream* err_;
};

}  // namespace ccrm::ctl
