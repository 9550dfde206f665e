#include "common/auth/token_file.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace ccrm {

std::string TokenFile::Authorization() {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_->Now();
  if (now - read_at_ < refresh_) {
    return authorization_;
  }
  read_at_ = now;
  std::ifstream in(path_);
  std::stringstream content;
  content << in.rdbuf();
  if (!in) {
    return authorization_;
  }
  const std::string token(absl::StripAsciiWhitespace(content.str()));
  if (!token.empty()) {
    authorization_ = absl::StrCat("Bearer ", token);
  }
  return authorization_;
}

}  // namespace ccrm
