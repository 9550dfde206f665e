// Resource arguments as an operator types them: a full resource name ("customers/0193...") or
// just the id ("0193..."). Requests want one form or the other; these give either from both.
// Malformed names are passed on as they are: the service checks them and says what is wrong.
//
// Example:
//   QualifiedName("customers", "0193a2b4-...");           // "customers/0193a2b4-..."
//   QualifiedName("customers", "customers/0193a2b4-..."); // unchanged
//   BareId("customers", "customers/0193a2b4-...");        // "0193a2b4-..."
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "tools/ccrmctl/command_line.h"

namespace ccrm::ctl {

// `collection`/`text` when `text` holds no "/", else `text`.
std::string QualifiedName(absl::string_view collection, absl::string_view text);
// `text` without a leading `collection`/.
std::string BareId(absl::string_view collection, absl::string_view text);

// The request id of a create: --request_id when given, else a fresh UUID (v7, from `now`).
std::string RequestIdFor(const GlobalOptions& options, absl::Time now);

}  // namespace ccrm::ctl
