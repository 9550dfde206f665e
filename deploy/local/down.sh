#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Stops the local ccrm suite started by deploy/local/up.sh: the API gateway (nginx) first, then
# every service with a pid file in <state>/run (SIGTERM, up to 30 s, then SIGKILL), then the
# private MariaDB. With --purge it also
# deletes the whole state directory (database, secrets, logs). Safe to run when nothing runs.
#
# Example:
#   deploy/local/down.sh
#   deploy/local/down.sh --purge
#
# Environment (all optional):
#   CCRM_STATE_DIR        state directory (default <repo>/.local)
#   CCRM_STOP_TIMEOUT     seconds a process gets after SIGTERM before SIGKILL (default 30)
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="down"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/mariadb.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/mariadb.sh"
# shellcheck source=../gateway/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../gateway/lib.sh"

purge=0
for arg in "$@"; do
  case "$arg" in
    --purge) purge=1 ;;
    -h | --help)
      sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *) ccrm_die "unknown argument '$arg' (usage: down.sh [--purge])" ;;
  esac
done

STATE_DIR="${CCRM_STATE_DIR:-$CCRM_REPO_ROOT/.local}"
STOP_TIMEOUT="${CCRM_STOP_TIMEOUT:-30}"

if [[ ! -d "$STATE_DIR" ]]; then
  ccrm_log "no state directory $STATE_DIR: nothing runs"
  exit 0
fi
STATE_DIR="$(cd "$STATE_DIR" && pwd -P)"

status=0
# The gateway first: it stops taking calls before the services behind it go away.
if [[ -d "$STATE_DIR/gateway" ]]; then
  ccrm_gateway_stop "$STATE_DIR/gateway" "$STOP_TIMEOUT" || status=1
fi

# Services in reverse start order, then anything else that left a pid file.
ordered=(risk-warning relationship-service credit-rating customer-profile)
shopt -s nullglob
for pid_file in "$STATE_DIR"/run/*.pid; do
  name="$(basename "$pid_file" .pid)"
  [[ " ${ordered[*]} " == *" $name "* ]] || ordered+=("$name")
done
shopt -u nullglob
for name in "${ordered[@]}"; do
  pid_file="$STATE_DIR/run/$name.pid"
  [[ -e "$pid_file" ]] || continue
  ccrm_stop_pid_file "$pid_file" "$name" "$STOP_TIMEOUT" || status=1
  rm -f "$STATE_DIR/run/$name.ready"
done

if [[ -d "$STATE_DIR/mysql" ]]; then
  mariadb_stop "$STATE_DIR/mysql" || status=1
fi

if ((purge)); then
  ((status == 0)) || ccrm_die "something is still running; not purging $STATE_DIR"
  case "$STATE_DIR" in
    / | "$CCRM_REPO_ROOT" | "$(cd ~ && pwd -P)")
      ccrm_die "refusing to delete $STATE_DIR"
      ;;
  esac
  rm -rf -- "$STATE_DIR"
  ccrm_log "deleted $STATE_DIR"
fi
((status == 0)) || ccrm_die "some processes did not stop"
ccrm_log "stopped"
