#include "common/ids/resource_name.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"

namespace ccrm {
namespace {

// "relatedParties" → "related_party_id": the singular in snake case.
std::string IdName(const std::string& collection) {
  std::string singular = collection;
  if (absl::EndsWith(singular, "ies")) {
    singular = singular.substr(0, singular.size() - 3) + "y";
  } else if (absl::EndsWith(singular, "s")) {
    singular.pop_back();
  }
  std::string snake;
  for (char c : singular) {
    if (absl::ascii_isupper(c)) {
      snake.push_back('_');
      snake.push_back(absl::ascii_tolower(c));
    } else {
      snake.push_back(c);
    }
  }
  return snake + "_id";
}

std::string Pattern(const std::vector<std::string>& collections) {
  std::string pattern;
  for (const std::string& collection : collections) {
    absl::StrAppend(&pattern, pattern.empty() ? "" : "/", collection, "/{", IdName(collection),
                    "}");
  }
  return pattern;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view name, const std::vector<std::string>& collections, const std::string& field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  bool ok = parts.size() == 2 * collections.size();
  std::vector<std::string> ids;
  for (size_t i = 0; ok && i < collections.size(); ++i) {
    ok = parts[2 * i] == collections[i] && IsUuid(parts[2 * i + 1]);
    ids.push_back(absl::AsciiStrToLower(parts[2 * i + 1]));
  }
  if (!ok) {
    return InvalidField(field, absl::StrCat("must be \"", Pattern(collections), "\""));
  }
  return ids;
}

std::string LastNameSegment(absl::string_view resource_name) {
  const size_t slash = resource_name.rfind('/');
  return std::string(slash == absl::string_view::npos ? resource_name
                                                      : resource_name.substr(slash + 1));
}

}  // namespace ccrm
