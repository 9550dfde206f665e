#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds one service's executable in an image's build stage: configures the repository with CMake
# and Ninja into BUILD_DIR (CMAKE_BUILD_TYPE=RelWithDebInfo, the build type the test suite and the
# benchmarks run, so the image ships the code that was tested and measured) and builds only the
# target TARGET, whose executable must then be BUILD_DIR/services/TARGET/TARGET. ccache is not
# used: a build stage starts empty, so it would only add writes.
#
# Example:
#   deploy/docker/build-service.sh build credit-rating
#
# Environment (optional):
#   CCRM_BUILD_JOBS  ninja jobs (default: every CPU of the build machine)
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="build-service"
# shellcheck source=../local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib/common.sh"

(($# == 2)) || ccrm_die "usage: build-service.sh BUILD_DIR TARGET"
build_dir="$1"
target="$2"
[[ -f "$CCRM_REPO_ROOT/services/$target/CMakeLists.txt" ]] || ccrm_die "no service named '$target'"

export CCRM_BUILD_TYPE=RelWithDebInfo
export CCRM_BUILD_JOBS="${CCRM_BUILD_JOBS:-$(nproc)}"
export CCACHE_DISABLE=1
ccrm_build "$build_dir" "$target"
[[ -x "$build_dir/services/$target/$target" ]] ||
  ccrm_die "the build did not produce $build_dir/services/$target/$target"
