#include "tools/ccrmctl/json_output.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "tools/ccrmctl/cli_errors.h"

namespace ccrm::ctl {

absl::StatusOr<std::string> ToJsonLine(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  const auto status = google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot print ", message.GetTypeName(), " as JSON: ", status.ToString()));
  }
  return out;
}

absl::Status ParseJson(absl::string_view json, absl::string_view source,
                       google::protobuf::Message* out) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(std::string(json), out, options);
  if (!status.ok()) {
    return UsageError(absl::StrCat(source, " is not a ", out->GetTypeName(), " in JSON: ",
                                   std::string(status.message().data(), status.message().size())));
  }
  return absl::OkStatus();
}

absl::Status ReadJsonFile(const std::string& path, std::istream& stdin_stream,
                          google::protobuf::Message* out) {
  std::stringstream content;
  if (path == "-") {
    content << stdin_stream.rdbuf();
    return ParseJson(content.str(), "standard input", out);
  }
  std::ifstream file(path);
  if (!file) {
    return UsageError(absl::StrCat("cannot read ", path));
  }
  content << file.rdbuf();
  return ParseJson(content.str(), path, out);
}

}  // namespace ccrm::ctl
