#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Runs the test suite: installs missing Debian packages, builds, starts a throwaway MariaDB (temp
# datadir, free port) with a test admin account, and runs every ctest test labelled unit, mysql or
# integration exactly once. Arguments go to ctest and narrow the selection further (several -L
# must all match). Exits non-zero when a test fails, when the selection is empty, or when any step
# before fails. The database and its temp dir are removed on every exit.
#
# The reliability tests (tests/fault, tests/fuzz, tests/bench soak) run in their short form unless
# --long is given (more faults, longer fuzzing and soak). Each writes its figures to
# <build>/reliability/; after ctest they are rendered into <build>/reliability/reliability.md, and
# --report FILE (e.g. docs/reliability.md) copies the rendered report there.
#
# Example:
#   tests/run.sh
#   tests/run.sh -L unit
#   CCRM_SKIP_BUILD=1 tests/run.sh -R money
#   tests/run.sh --long --report docs/reliability.md -L fault
#
# Environment (all optional):
#   CCRM_BUILD_DIR        build directory (default <repo>/build)
#   CCRM_SKIP_PACKAGES=1  do not check/install Debian packages
#   CCRM_SKIP_BUILD=1     do not configure/build; test what is in CCRM_BUILD_DIR
#   CCRM_BUILD_JOBS       ninja jobs (default 2)
#   CCRM_BUILD_TYPE       CMAKE_BUILD_TYPE (default RelWithDebInfo)
#   MARIADB_START_TIMEOUT seconds to wait for MariaDB to answer (default 60)
#
# The tests see: CCRM_TEST_MYSQL_HOST (127.0.0.1), CCRM_TEST_MYSQL_PORT, CCRM_TEST_MYSQL_USER,
# CCRM_TEST_MYSQL_PASSWORD, CCRM_TEST_MYSQL_SOCKET, CCRM_REPO_ROOT and CCRM_BUILD_DIR. The user has
# ALL PRIVILEGES WITH GRANT OPTION, so tests may create throwaway schemas and users.
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="tests"
# shellcheck source=../deploy/local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib/common.sh"
# shellcheck source=../deploy/local/lib/mariadb.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib/mariadb.sh"

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi

BUILD_DIR="${CCRM_BUILD_DIR:-$CCRM_REPO_ROOT/build}"
RELIABILITY_MODE=short
REPORT_OUT=""
while (($# > 0)); do
  case "$1" in
    --long) RELIABILITY_MODE=long ;;
    --report)
      (($# >= 2)) || ccrm_die "--report needs a file"
      REPORT_OUT="$(realpath -m -- "$2")"
      shift
      ;;
    *) break ;;
  esac
  shift
done
LABELS='^(unit|mysql|integration)$'
TEST_TMP=""

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$TEST_TMP" ]]; then
    mariadb_stop "$TEST_TMP/mysql" || rc=1
    rm -rf -- "$TEST_TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ "${CCRM_SKIP_PACKAGES:-0}" != 1 ]]; then
  ccrm_install_packages "$CCRM_PACKAGES_FILE"
fi
if [[ "${CCRM_SKIP_BUILD:-0}" != 1 ]]; then
  ccrm_build "$BUILD_DIR"
fi
[[ -f "$BUILD_DIR/CTestTestfile.cmake" ]] || ccrm_die "no ctest tree in $BUILD_DIR (build first)"
BUILD_DIR="$(cd "$BUILD_DIR" && pwd -P)"

# An empty selection must fail, not pass quietly.
selected="$(ctest --test-dir "$BUILD_DIR" -N -L "$LABELS" "$@" |
  sed -n 's/^Total Tests: *\([0-9][0-9]*\).*/\1/p')" || ccrm_die "ctest -N failed (arguments: $*)"
if [[ -z "$selected" || "$selected" -eq 0 ]]; then
  ccrm_die "no test matches labels $LABELS ${*:+and '$*'} in $BUILD_DIR"
fi
ccrm_log "$selected test(s) selected"

# A throwaway database; never the local stack's nor Debian's.
TEST_TMP="$(mktemp -d /tmp/ccrm-test.XXXXXX)"
mysql_port="$(ccrm_pick_free_port)"
mariadb_start "$TEST_TMP/mysql" "$mysql_port"
test_password="$(openssl rand -hex 24)"
mariadb_create_test_admin "$TEST_TMP/mysql" ccrm_test_admin "$test_password"

# Service binaries read any flag from CCRM_<FLAG> when it is not given; nothing from the caller's
# shell may leak into the tests that way. Keep only CCRM_TEST_* (ours are set below).
while IFS= read -r name; do
  [[ "$name" == CCRM_TEST_* ]] || unset "$name"
done < <(compgen -e | grep '^CCRM_' || true)

export CCRM_TEST_MYSQL_HOST=127.0.0.1
export CCRM_TEST_MYSQL_PORT="$mysql_port"
export CCRM_TEST_MYSQL_USER=ccrm_test_admin
export CCRM_TEST_MYSQL_PASSWORD="$test_password"
export CCRM_TEST_MYSQL_SOCKET
CCRM_TEST_MYSQL_SOCKET="$(mariadb_socket "$TEST_TMP/mysql")"
export CCRM_REPO_ROOT
export CCRM_BUILD_DIR="$BUILD_DIR"
export CCRM_RELIABILITY_MODE="$RELIABILITY_MODE"
export CCRM_RELIABILITY_DIR="$BUILD_DIR/reliability"
rm -rf -- "$CCRM_RELIABILITY_DIR"
mkdir -p "$CCRM_RELIABILITY_DIR"

ccrm_log "running ctest (MariaDB on 127.0.0.1:$mysql_port)"
ctest_status=0
ctest --test-dir "$BUILD_DIR" -L "$LABELS" --output-on-failure --no-tests=error -j1 "$@" |
  tee "$TEST_TMP/ctest.out" || ctest_status="${PIPESTATUS[0]}"

summary="$(sed -n 's/^[0-9]*% tests passed, \([0-9]*\) tests\{0,1\} failed out of \([0-9]*\).*/\1 \2/p' \
  "$TEST_TMP/ctest.out" | tail -n 1)"

# Stop the database now, so that the summary below is the last thing printed.
mariadb_stop "$TEST_TMP/mysql" || ctest_status=1
rm -rf -- "$TEST_TMP"
TEST_TMP=""

# The reliability report, from whatever sections this run's tests wrote.
if compgen -G "$CCRM_RELIABILITY_DIR/*.json" >/dev/null; then
  report_command="tests/run.sh"
  [[ "$RELIABILITY_MODE" != long ]] || report_command+=" --long"
  [[ -z "$REPORT_OUT" ]] || report_command+=" --report ${REPORT_OUT#"$CCRM_REPO_ROOT"/}"
  report_command+="${*:+ $*}"
  if /usr/bin/python3 "$CCRM_REPO_ROOT/tests/fault/report/render_report.py" \
    "$CCRM_RELIABILITY_DIR" "$CCRM_RELIABILITY_DIR/reliability.md" --command "$report_command"; then
    ccrm_log "reliability report: $CCRM_RELIABILITY_DIR/reliability.md"
    if [[ -n "$REPORT_OUT" ]]; then
      cp -- "$CCRM_RELIABILITY_DIR/reliability.md" "$REPORT_OUT" || ctest_status=1
      ccrm_log "reliability report copied to $REPORT_OUT"
    fi
  else
    ctest_status=1
  fi
elif [[ -n "$REPORT_OUT" ]]; then
  ccrm_log "--report: no reliability test ran in this selection; $REPORT_OUT left as it was"
  ctest_status=1
fi

if [[ -n "$summary" ]]; then
  read -r failed total <<<"$summary"
  ((failed == 0)) || ((ctest_status != 0)) || ctest_status=1
  summary_line="tests: $((total - failed)) passed, $failed failed"
else
  ((ctest_status != 0)) || ctest_status=1
  summary_line="tests: ctest printed no summary (exit status $ctest_status)"
fi
if ((ctest_status != 0)); then
  ccrm_log "FAILED (exit status $ctest_status)"
fi
echo "$summary_line"
exit $((ctest_status == 0 ? 0 : 1))
