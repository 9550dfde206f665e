#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Runs the dev overlay's MySQL init script (deploy/k8s/overlays/dev/mysql/init-service-schema.sh)
# against the test database under throwaway names and checks what it leaves: the schema with
# utf8mb4_unicode_ci; the service user with exactly SELECT, INSERT, UPDATE, DELETE on it and the
# migrator with exactly CREATE, ALTER, INDEX, DROP, REFERENCES, SELECT, INSERT, UPDATE, DELETE;
# that the migrator can apply a service's real migrations (customer-profile --migrate_only, when
# built) and the service user can read them but not change the schema nor read another schema;
# that a second run changes nothing and keeps both logins working; and that a password file the
# script must refuse is refused. Drops what it created on every exit.
#
# Example (tests/run.sh provides the environment):
#   CCRM_TEST_MYSQL_HOST=127.0.0.1 CCRM_TEST_MYSQL_PORT=3400 CCRM_TEST_MYSQL_USER=admin \
#   CCRM_TEST_MYSQL_PASSWORD=... tests/deploy/k8s/check_mysql_init.sh
#
# Environment:
#   CCRM_TEST_MYSQL_HOST, CCRM_TEST_MYSQL_PORT, CCRM_TEST_MYSQL_USER, CCRM_TEST_MYSQL_PASSWORD
#                   a server account with ALL PRIVILEGES WITH GRANT OPTION (required)
#   CCRM_BUILD_DIR  build directory; its services/customer-profile/customer-profile, when built,
#                   applies the real migrations as the migrator (optional)
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="check-mysql-init"
# shellcheck source=../../../deploy/local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../deploy/local/lib/common.sh"

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
(($# == 0)) || ccrm_die "unexpected argument '$1' (see --help)"

readonly INIT_SCRIPT="$CCRM_REPO_ROOT/deploy/k8s/overlays/dev/mysql/init-service-schema.sh"
for var in CCRM_TEST_MYSQL_HOST CCRM_TEST_MYSQL_PORT CCRM_TEST_MYSQL_USER CCRM_TEST_MYSQL_PASSWORD; do
  [[ -n "${!var:-}" ]] || ccrm_die "$var is not set (run through tests/run.sh, which starts a test database)"
done
command -v mariadb >/dev/null 2>&1 ||
  ccrm_die "the mariadb client is not installed (Debian package mariadb-client)"

SUFFIX="$(openssl rand -hex 4)"
readonly SCHEMA="ccrm_k8sinit_$SUFFIX"
readonly SERVICE_USER="${SCHEMA}_svc"
readonly MIGRATOR_USER="k8smig_$SUFFIX"
WORK_DIR=""
FAILURES=0

# sql_as USER PASSWORD_FILE SQL: runs SQL as USER over TCP; prints rows tab-separated.
sql_as() {
  local user="$1" password_file="$2"
  mariadb --defaults-extra-file=<(printf '[client]\npassword="%s"\n' "$(<"$password_file")") \
    --protocol=TCP --host="$CCRM_TEST_MYSQL_HOST" --port="$CCRM_TEST_MYSQL_PORT" --user="$user" \
    --batch --skip-column-names -e "$3"
}

admin_sql() {
  sql_as "$CCRM_TEST_MYSQL_USER" "$WORK_DIR/admin.password" "$1"
}

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$WORK_DIR" ]]; then
    admin_sql "DROP DATABASE IF EXISTS \`$SCHEMA\`;
      DROP USER IF EXISTS '$SERVICE_USER'@'%', '$MIGRATOR_USER'@'%'" ||
      ccrm_log "could not drop $SCHEMA and its users"
    rm -rf -- "$WORK_DIR"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

check() {
  local what="$1" expected="$2" actual="$3"
  if [[ "$actual" != "$expected" ]]; then
    ccrm_log "FAIL $what: expected [$expected], got [$actual]"
    FAILURES=$((FAILURES + 1))
  fi
}

# run_init: runs the init script as the mysql image would, connected to the test server.
run_init() {
  env CCRM_DB_SCHEMA="$SCHEMA" CCRM_DB_SERVICE_USER="$SERVICE_USER" \
    CCRM_DB_SERVICE_PASSWORD_FILE="$WORK_DIR/service.password" \
    CCRM_DB_MIGRATOR_USER="$MIGRATOR_USER" CCRM_DB_MIGRATOR_PASSWORD_FILE="$WORK_DIR/migrator.password" \
    CCRM_DB_HOST="$CCRM_TEST_MYSQL_HOST" CCRM_DB_PORT="$CCRM_TEST_MYSQL_PORT" \
    CCRM_DB_ADMIN_USER="$CCRM_TEST_MYSQL_USER" MYSQL_ROOT_PASSWORD="$CCRM_TEST_MYSQL_PASSWORD" \
    CCRM_DB_CLIENT=mariadb bash "$INIT_SCRIPT"
}

# show_grants USER: USER@'%''s grant lines without the USAGE line; exits 1 when the query fails.
show_grants() {
  local out
  out="$(admin_sql "SHOW GRANTS FOR '$1'@'%'")" || ccrm_die "SHOW GRANTS FOR '$1' failed"
  grep -v '^GRANT USAGE ON \*\.\*' <<<"$out" || true
}

# grants_of USER: the privileges USER has on SCHEMA, as "P1,P2,..." sorted.
grants_of() {
  show_grants "$1" | sed -n "s/^GRANT \(.*\) ON \`$SCHEMA\`\.\* TO .*/\1/p" | tr ',' '\n' |
    sed 's/^ *//' | sort | paste -sd, -
}

# other_grants USER: grant lines of USER on anything but SCHEMA.
other_grants() {
  show_grants "$1" | grep -vF "ON \`$SCHEMA\`.*" || true
}

check_accounts() {
  local round="$1"
  check "$round: schema collation" "utf8mb4	utf8mb4_unicode_ci" \
    "$(admin_sql "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME
      FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '$SCHEMA'")"
  check "$round: service user grants" "DELETE,INSERT,SELECT,UPDATE" "$(grants_of "$SERVICE_USER")"
  check "$round: migrator grants" "ALTER,CREATE,DELETE,DROP,INDEX,INSERT,REFERENCES,SELECT,UPDATE" \
    "$(grants_of "$MIGRATOR_USER")"
  check "$round: service user grants elsewhere" "" "$(other_grants "$SERVICE_USER")"
  check "$round: migrator grants elsewhere" "" "$(other_grants "$MIGRATOR_USER")"
  check "$round: service user login" "$SERVICE_USER@%" \
    "$(sql_as "$SERVICE_USER" "$WORK_DIR/service.password" "SELECT CURRENT_USER()" 2>&1)"
  check "$round: migrator login" "$MIGRATOR_USER@%" \
    "$(sql_as "$MIGRATOR_USER" "$WORK_DIR/migrator.password" "SELECT CURRENT_USER()" 2>&1)"
}

WORK_DIR="$(mktemp -d /tmp/ccrm-k8s-mysql-init.XXXXXX)"
(
  umask 077
  printf '%s' "$CCRM_TEST_MYSQL_PASSWORD" >"$WORK_DIR/admin.password"
  openssl rand -hex 24 >"$WORK_DIR/service.password"
  openssl rand -hex 24 >"$WORK_DIR/migrator.password"
  printf 'short\n' >"$WORK_DIR/bad.password"
)

run_init || ccrm_die "the init script failed on a fresh schema"
check_accounts "first run"

# A tampered grant is put right by the next run, which otherwise changes nothing.
admin_sql "GRANT CREATE ON \`$SCHEMA\`.* TO '$SERVICE_USER'@'%'"
run_init || ccrm_die "the init script failed when run again"
check_accounts "second run"

bin="${CCRM_BUILD_DIR:-$CCRM_REPO_ROOT/build}/services/customer-profile/customer-profile"
if [[ -x "$bin" ]]; then
  if ! "$bin" --migrate_only --mysql_host="$CCRM_TEST_MYSQL_HOST" --mysql_port="$CCRM_TEST_MYSQL_PORT" \
    --mysql_user="$MIGRATOR_USER" --mysql_password_file="$WORK_DIR/migrator.password" \
    --mysql_database="$SCHEMA" --migrations_dir="$CCRM_REPO_ROOT/services/customer-profile/migrations" \
    --database_wait=5s >"$WORK_DIR/migrate.log" 2>&1; then
    cat "$WORK_DIR/migrate.log" >&2
    ccrm_die "customer-profile --migrate_only failed as the migrator"
  fi
  applied="$(sql_as "$SERVICE_USER" "$WORK_DIR/service.password" \
    "SELECT COUNT(*) FROM \`$SCHEMA\`.schema_migrations")"
  check "migrations readable by the service user" \
    "$(find "$CCRM_REPO_ROOT/services/customer-profile/migrations" -name '*.sql' | wc -l)" "$applied"
else
  ccrm_log "$bin not built: the real migrations are not applied as the migrator"
  sql_as "$MIGRATOR_USER" "$WORK_DIR/migrator.password" \
    "CREATE TABLE \`$SCHEMA\`.schema_migrations (version INT PRIMARY KEY)" ||
    ccrm_die "the migrator cannot create a table"
fi
if sql_as "$SERVICE_USER" "$WORK_DIR/service.password" \
  "CREATE TABLE \`$SCHEMA\`.intruder (id INT)" 2>/dev/null; then
  ccrm_log "FAIL the service user could create a table"
  FAILURES=$((FAILURES + 1))
fi
if sql_as "$SERVICE_USER" "$WORK_DIR/service.password" "SELECT COUNT(*) FROM mysql.user" >/dev/null 2>&1; then
  ccrm_log "FAIL the service user could read the mysql schema"
  FAILURES=$((FAILURES + 1))
fi

# A password that needs quoting (or is too short) is refused before anything is run.
if out="$(env CCRM_DB_SCHEMA="$SCHEMA" CCRM_DB_SERVICE_USER="$SERVICE_USER" \
  CCRM_DB_SERVICE_PASSWORD_FILE="$WORK_DIR/bad.password" CCRM_DB_MIGRATOR_USER="$MIGRATOR_USER" \
  CCRM_DB_MIGRATOR_PASSWORD_FILE="$WORK_DIR/migrator.password" CCRM_DB_HOST=127.0.0.1 \
  bash "$INIT_SCRIPT" 2>&1)"; then
  ccrm_log "FAIL the init script accepted a 5-character password"
  FAILURES=$((FAILURES + 1))
else
  check "refusal message" \
    "init-service-schema: $WORK_DIR/bad.password must hold one password of 16+ letters/digits" "$out"
fi

((FAILURES == 0)) || ccrm_die "$FAILURES check(s) of the dev MySQL init script failed"
ccrm_log "init-service-schema.sh: schema, grants, migrations, re-run and refusal all as expected"
