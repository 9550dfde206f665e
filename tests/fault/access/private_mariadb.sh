#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A private MariaDB for the access-control test (access_control_itest), provisioned exactly as the
# local stack provisions its own: deploy/local/lib/mariadb.sh's mariadb_start on a free port and
# mariadb_provision of the four services (schemas ccrm_customer, ccrm_rating, ccrm_relationship,
# ccrm_risk; users <schema>_svc with SELECT, INSERT, UPDATE, DELETE on their schema; ccrm_migrator).
#
#   private_mariadb.sh start DIR OWNER_PID   initialises DIR/db, starts the server, provisions the
#                                            schemas and users (passwords in DIR/secrets/<user>
#                                            .password) and prints "port=N" on stdout. A watchdog
#                                            stops the server when OWNER_PID exits, so a crashed
#                                            test leaves no mariadbd behind.
#   private_mariadb.sh stop DIR              stops the server (nothing to do when none runs).
#
# Example:
#   tests/fault/access/private_mariadb.sh start /tmp/ccrm-acc.x1 $$   # port=3817
#   tests/fault/access/private_mariadb.sh stop /tmp/ccrm-acc.x1
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="private-mariadb"
# shellcheck source=../../../deploy/local/lib/mariadb.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../deploy/local/lib/mariadb.sh"

usage() {
  ccrm_die "usage: private_mariadb.sh start DIR OWNER_PID | stop DIR"
}

(($# >= 2)) || usage
command="$1"
dir="$2"

case "$command" in
  start)
    (($# == 3)) || usage
    owner="$3"
    [[ "$owner" =~ ^[1-9][0-9]*$ ]] || ccrm_die "OWNER_PID must be a process id, not '$owner'"
    mkdir -p "$dir"
    port="$(ccrm_pick_free_port)" || ccrm_die "no free port"
    mariadb_start "$dir/db" "$port"
    # The watchdog outlives this script (setsid, its own stdio) and waits for the test process.
    script="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/$(basename "${BASH_SOURCE[0]}")"
    # shellcheck disable=SC2016  # expanded by the watchdog's own bash
    setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; "$2" stop "$3"' \
      watchdog "$owner" "$script" "$dir" </dev/null >/dev/null 2>&1 &
    mariadb_provision "$dir/db" "$dir/secrets" customer-profile credit-rating \
      relationship-service risk-warning
    printf 'port=%s\n' "$port"
    ;;
  stop)
    (($# == 2)) || usage
    mariadb_stop "$dir/db"
    ;;
  *)
    usage
    ;;
esac
