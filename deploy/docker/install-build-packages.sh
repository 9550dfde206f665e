#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Installs, in an image's build stage, the Debian packages listed in deploy/local/packages.txt —
# the one list the local suite, the test suite and the images build with — through the same
# installer (ccrm_install_packages), then drops apt's caches. Run as root from the repository root.
#
# Example (a Dockerfile's build stage, after copying packages.txt and lib/common.sh):
#   RUN ["bash", "deploy/docker/install-build-packages.sh"]
#
# Environment: none.
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="install-build-packages"
# shellcheck source=../local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib/common.sh"

(($# == 0)) || ccrm_die "usage: install-build-packages.sh (no arguments)"
ccrm_install_packages "$CCRM_PACKAGES_FILE"
apt-get clean
rm -rf /var/lib/apt/lists/*
