#include "tools/ccrmctl/paging.h"

namespace ccrm::ctl {

CommandSpec& WithPageFlags(CommandSpec& command) {
  return command.Flag("page_size", "N", "results per page (the service's default when unset)")
      .Flag("page_token", "TOKEN", "the page after the one that printed this token");
}

CommandSpec WithPageFlags(CommandSpec&& command) {
  WithPageFlags(command);
  return std::move(command);
}

}  // namespace ccrm::ctl
