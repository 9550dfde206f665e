// Protobuf's JSON mapping for ccrmctl: a response as one line of JSON (lowerCamelCase names,
// enums by name, 64-bit integers as strings, unset fields left out), and a request message read
// from a JSON file for the commands that take one (either field naming is accepted; unknown
// fields are refused, so a typo does not silently drop a value).
//
// Example:
//   ASSIGN_OR_RETURN(std::string line, ToJsonLine(customer));  // {"name":"customers/...",...}
//   v1::CreateCustomerRequest request;
//   RETURN_IF_ERROR(ReadJsonFile("customer.json", std::cin, &request));
#pragma once

#include <istream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace ccrm::ctl {

// The message as JSON on one line, without the trailing newline. INTERNAL if protobuf cannot
// print it (it always can for the generated messages).
absl::StatusOr<std::string> ToJsonLine(const google::protobuf::Message& message);

// Parses `json` into `out`. UsageError naming `source` and protobuf's complaint otherwise.
absl::Status ParseJson(absl::string_view json, absl::string_view source,
                       google::protobuf::Message* out);

// Reads the file at `path` ("-" reads `stdin_stream`) and parses it into `out`. UsageError when
// the file cannot be read or is not the message's JSON.
absl::Status ReadJsonFile(const std::string& path, std::istream& stdin_stream,
                          google::protobuf::Message* out);

}  // namespace ccrm::ctl
