#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Measures customer-profile, credit-rating and relationship-service against their baselines in
# one run on this machine and prints each service figure as a ratio to its baseline: installs
# missing Debian packages, builds, starts a throwaway MariaDB (temp datadir, free port), provisions
# the schemas of the three services, migrates customer-profile's, starts customer-profile and the
# bare callback-API echo server on free ports, mints a token, then runs, one after another at the
# same concurrency:
#   echo             ccrm-loadgen against ccrm-echo-server (bare gRPC, no auth, no database)
#   db_read          ccrm-db-bench: point SELECT of a ~1 KB row by primary key
#   db_insert        ccrm-db-bench: durable autocommit INSERT of a ~1 KB row
#   get_customer     ccrm-loadgen against customer-profile (reads from 1000 customers it creates)
#   list_customers   ccrm-loadgen, page_size 20, no filter
#   create_customer  ccrm-loadgen, a new valid enterprise customer per call
#   merton           ccrm-rating-bench, in-process: Merton/KMV solves per second over a spread of
#                    leverage and volatility, against plain Black-Scholes call pricings
# then migrates and starts credit-rating (with a service token and the demo credit-bureau file):
#   rate_customer    ccrm-rating-bench: RateCustomer (draft rating: two statements read from
#                    customer-profile, ratios, scorecard, stored) round-robin over 200 KEY customers
#   rerate           ccrm-rating-bench: a portfolio re-rating job over the KEY segment
#                    (BENCH_RERATE_PORTFOLIO customers with statements), timed until it finishes
# then migrates and starts relationship-service (service token, neither event feed followed) and
# runs:
#   log_interaction    ccrm-relationship-bench: LogInteraction (a ~200-character VISIT, the
#                      customer looked up in customer-profile) for one SME customer
#   list_interactions  ccrm-relationship-bench: ListInteractions, page_size 20, of a customer with
#                      BENCH_TIMELINE interactions (logged first through the API), read by another
#                      relationship manager (confidential entries redacted): half first pages,
#                      half pages deep in the timeline
# then migrates and starts risk-warning (service token, no event consumers, no periodic scan) and
# runs ccrm-risk-bench:
#   risk_seed          the monitored portfolio through the APIs: BENCH_SCAN_EXPOSURES facilities,
#                      4 per customer, 2 % overdue (alerts BLUE … RED, plans for the red ones)
#   record_observation RecordObservation (a fund usage inside the plan, evaluated in the same
#                      transaction) round-robin over the drawn, current facilities
#   scan               one RunPortfolioScan over the whole portfolio: time, facilities per second,
#                      risk-warning's resident memory before, at its peak and after
#   rule_change_scan
#                      the days-past-due rule tightened, then a second scan, which now raises
#                      alerts and activates plans
#   watch_latency      BENCH_WATCH_SAMPLES overdue repayments recorded one at a time on a watched
#                      manager's facilities; latency from each call to its alert on WatchAlerts
# then starts the API gateway (deploy/gateway: nginx, TLS, one worker) in front of the four and
# runs ccrm-suite-flow, the cross-service flow (CreateCustomer, ListRatings, CreateExposure with
# an overdue installment, ListTasks):
#   flow_direct        straight to the four services (qps = flows/s)
#   flow_gateway       the same through the gateway
# and prints a table (QPS, p50, p99, errors, CPU of each process over the measured window) and
# the ratios get_customer/echo (goal >= 0.60), list_customers/echo, create_customer/db_insert
# (goal >= 0.50), get_customer/db_read, rate_customer/get_customer, rate_customer/echo,
# log_interaction/create_customer, list_interactions/list_customers, record_observation/db_insert
# record_observation/create_customer and flow_gateway/flow_direct.
# Everything started is stopped and its temp dir removed on every exit. Only 127.0.0.1 is ever
# loaded.
#
# Example:
#   tests/bench/run.sh
#   BENCH_CONCURRENCY=32 BENCH_DURATION=20s CCRM_SKIP_BUILD=1 tests/bench/run.sh
#
# Environment (all optional):
#   CCRM_BUILD_DIR         build directory (default <repo>/build)
#   CCRM_SKIP_PACKAGES=1   do not check/install Debian packages
#   CCRM_SKIP_BUILD=1      do not configure/build; use what is in CCRM_BUILD_DIR
#   CCRM_BUILD_JOBS        ninja jobs (default 2)
#   CCRM_BUILD_TYPE        CMAKE_BUILD_TYPE (default RelWithDebInfo)
#   BENCH_CONCURRENCY      calls in flight in every run (default 16)
#   BENCH_DURATION         measured window of every run (default 10s)
#   BENCH_WARMUP           uncounted load before each window (default 2s)
#   BENCH_CHANNELS         gRPC connections the load generator uses (default min(concurrency, 4))
#   BENCH_MYSQL_POOL_SIZE  customer-profile's connection pool (default 8, as deploy/local/up.sh)
#   BENCH_WORKER_THREADS   customer-profile's worker threads (default: the service's default)
#   BENCH_SEED_CUSTOMERS   customers created for get_customer to read (default 1000)
#   BENCH_ECHO_PAYLOAD     echo payload bytes (default 512, about a GetCustomer reply)
#   BENCH_RATING_CUSTOMERS KEY customers (2 statements each) rate_customer rates (default 200)
#   BENCH_RERATE_PORTFOLIO KEY customers the re-rating job covers (default 10000; those missing
#                          are created first, at BENCH_CONCURRENCY)
#   BENCH_RERATE_TIMEOUT   how long to wait for the re-rating job (default 60m)
#   BENCH_TIMELINE         interactions of the customer list_interactions reads (default 10000)
#   BENCH_SCAN_EXPOSURES   facilities in risk-warning's scanned portfolio (default 100000)
#   BENCH_WATCH_SAMPLES    alerts watch_latency times (default 60)
#   BENCH_SECTIONS         what is measured after customer-profile, comma-separated (default
#                          rating,relationship,risk,gateway; gateway needs the other three); the
#                          baselines and customer-profile always run
#   BENCH_OUT              where the report is also written (default /tmp/ccrm-bench-results.txt)
#   BENCH_LOGS_OUT         when set, the servers' and tools' logs are copied there on exit
#   BENCH_ENFORCE_GOALS=1  exit 1 when a goal ratio is missed (default: report only)
#   CCRM_READY_TIMEOUT     seconds to wait for a server's ready file (default 60)
#   MARIADB_START_TIMEOUT  seconds to wait for MariaDB to answer (default 60)
#
# Exit status: 0 when every run produced its figures (and, with BENCH_ENFORCE_GOALS=1, the goals
# were met); 1 otherwise.
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="bench"
# shellcheck source=../../deploy/local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/local/lib/common.sh"
# shellcheck source=../../deploy/local/lib/mariadb.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/local/lib/mariadb.sh"
# shellcheck source=../../deploy/gateway/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/gateway/lib.sh"
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
(($# == 0)) || ccrm_die "unexpected argument '$1' (settings are environment variables, see --help)"

BUILD_DIR="${CCRM_BUILD_DIR:-$CCRM_REPO_ROOT/build}"
CONCURRENCY="${BENCH_CONCURRENCY:-16}"
DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-2s}"
CHANNELS="${BENCH_CHANNELS:-0}"
POOL_SIZE="${BENCH_MYSQL_POOL_SIZE:-8}"
WORKER_THREADS="${BENCH_WORKER_THREADS:-}"
SEED_CUSTOMERS="${BENCH_SEED_CUSTOMERS:-1000}"
ECHO_PAYLOAD="${BENCH_ECHO_PAYLOAD:-512}"
RATING_CUSTOMERS="${BENCH_RATING_CUSTOMERS:-200}"
RERATE_PORTFOLIO="${BENCH_RERATE_PORTFOLIO:-10000}"
RERATE_TIMEOUT="${BENCH_RERATE_TIMEOUT:-60m}"
TIMELINE="${BENCH_TIMELINE:-10000}"
SCAN_EXPOSURES="${BENCH_SCAN_EXPOSURES:-100000}"
WATCH_SAMPLES="${BENCH_WATCH_SAMPLES:-60}"
SECTIONS="${BENCH_SECTIONS:-rating,relationship,risk,gateway}"
OUT="${BENCH_OUT:-/tmp/ccrm-bench-results.txt}"
LOGS_OUT="${BENCH_LOGS_OUT:-}"
ENFORCE_GOALS="${BENCH_ENFORCE_GOALS:-0}"
READY_TIMEOUT="${CCRM_READY_TIMEOUT:-60}"
SKIP_PACKAGES="${CCRM_SKIP_PACKAGES:-0}"
SKIP_BUILD="${CCRM_SKIP_BUILD:-0}"

[[ "$CONCURRENCY" =~ ^[1-9][0-9]*$ ]] || ccrm_die "BENCH_CONCURRENCY must be a positive integer"
[[ "$POOL_SIZE" =~ ^[1-9][0-9]*$ ]] || ccrm_die "BENCH_MYSQL_POOL_SIZE must be a positive integer"
[[ -z "$WORKER_THREADS" || "$WORKER_THREADS" =~ ^[1-9][0-9]*$ ]] ||
  ccrm_die "BENCH_WORKER_THREADS must be a positive integer"
[[ "$RATING_CUSTOMERS" =~ ^[1-9][0-9]*$ ]] || ccrm_die "BENCH_RATING_CUSTOMERS must be a positive integer"
[[ "$RERATE_PORTFOLIO" =~ ^[1-9][0-9]*$ ]] || ccrm_die "BENCH_RERATE_PORTFOLIO must be a positive integer"
# ccrm-relationship-bench needs at least 10 pages of 20.
if ! [[ "$TIMELINE" =~ ^[1-9][0-9]*$ ]] || ((TIMELINE < 200)); then
  ccrm_die "BENCH_TIMELINE must be an integer >= 200"
fi
[[ "$SCAN_EXPOSURES" =~ ^[1-9][0-9]*$ ]] || ccrm_die "BENCH_SCAN_EXPOSURES must be a positive integer"
[[ "$WATCH_SAMPLES" =~ ^[1-9][0-9]*$ ]] || ccrm_die "BENCH_WATCH_SAMPLES must be a positive integer"
[[ "$SECTIONS" =~ ^((rating|relationship|risk|gateway)(,|$))*$ ]] ||
  ccrm_die "BENCH_SECTIONS must list rating, relationship, risk and/or gateway, comma-separated"
if [[ ",$SECTIONS," == *",gateway,"* ]]; then
  for needed in rating relationship risk; do
    [[ ",$SECTIONS," == *",$needed,"* ]] ||
      ccrm_die "BENCH_SECTIONS: gateway needs rating, relationship and risk (all four services run)"
  done
fi
# measured SECTION: whether BENCH_SECTIONS includes SECTION.
measured() {
  [[ ",$SECTIONS," == *",$1,"* ]]
}

BENCH_TMP=""
ECHO_PID=""
GATEWAY_DIR=""
# "pid name" of every service started, in start order; stopped in reverse on exit.
STARTED=()

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local i
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
    # shellcheck disable=SC2086  # "pid name"
    bench_stop_child ${STARTED[i]} || true
  done
  bench_stop_child "$ECHO_PID" ccrm-echo-server || true
  [[ -z "$GATEWAY_DIR" ]] || ccrm_gateway_stop "$GATEWAY_DIR" || rc=1
  if [[ -n "$BENCH_TMP" ]]; then
    if [[ -n "$LOGS_OUT" && -d "$BENCH_TMP/logs" ]]; then
      rm -rf -- "$LOGS_OUT" && cp -r "$BENCH_TMP/logs" "$LOGS_OUT" || rc=1
    fi
    mariadb_stop "$BENCH_TMP/mysql" || rc=1
    rm -rf -- "$BENCH_TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- packages and build ---
if [[ "$SKIP_PACKAGES" != 1 ]]; then
  ccrm_install_packages "$CCRM_PACKAGES_FILE"
fi
if [[ "$SKIP_BUILD" != 1 ]]; then
  ccrm_build "$BUILD_DIR" customer-profile credit-rating relationship-service ccrm-mint-token \
    risk-warning ccrm-loadgen ccrm-echo-server ccrm-db-bench ccrm-rating-bench \
    ccrm-relationship-bench ccrm-risk-bench ccrm-suite-flow
fi
BUILD_DIR="$(cd "$BUILD_DIR" && pwd -P)"
SERVICE_BIN="$BUILD_DIR/services/customer-profile/customer-profile"
MINT="$BUILD_DIR/common/auth/ccrm-mint-token"
LOADGEN="$BUILD_DIR/tests/bench/ccrm-loadgen"
ECHO_SERVER="$BUILD_DIR/tests/bench/ccrm-echo-server"
DB_BENCH="$BUILD_DIR/tests/bench/ccrm-db-bench"
RATING_BIN="$BUILD_DIR/services/credit-rating/credit-rating"
RATING_BENCH="$BUILD_DIR/tests/bench/ccrm-rating-bench"
RELATIONSHIP_BIN="$BUILD_DIR/services/relationship-service/relationship-service"
RELATIONSHIP_BENCH="$BUILD_DIR/tests/bench/ccrm-relationship-bench"
RISK_BIN="$BUILD_DIR/services/risk-warning/risk-warning"
RISK_BENCH="$BUILD_DIR/tests/bench/ccrm-risk-bench"
SUITE_FLOW="$BUILD_DIR/tests/bench/ccrm-suite-flow"
for bin in "$SERVICE_BIN" "$MINT" "$LOADGEN" "$ECHO_SERVER" "$DB_BENCH" "$RATING_BIN" \
  "$RATING_BENCH" "$RELATIONSHIP_BIN" "$RELATIONSHIP_BENCH" "$RISK_BIN" "$RISK_BENCH" \
  "$SUITE_FLOW"; do
  [[ -x "$bin" ]] || ccrm_die "$bin not built"
done

# Binaries read any flag from CCRM_<FLAG> when it is not given; nothing from the caller's shell
# may leak into the runs that way.
# CCRM_REPO_ROOT (set by deploy/local/lib/common.sh, exported by tests/run.sh) is no flag: keep it.
while IFS= read -r name; do
  [[ "$name" == CCRM_REPO_ROOT ]] || unset "$name"
done < <(compgen -e | grep '^CCRM_' || true)

# --- database, secrets, schema ---
BENCH_TMP="$(mktemp -d /tmp/ccrm-bench.XXXXXX)"
MYSQL_DIR="$BENCH_TMP/mysql"
SECRETS="$BENCH_TMP/secrets"
LOGS="$BENCH_TMP/logs"
BENCH_STATE_DIR="$BENCH_TMP"
RESULTS="$BENCH_TMP/results"
mkdir -p "$SECRETS" "$LOGS"
chmod 700 "$SECRETS"
: >"$RESULTS"

mysql_port="$(ccrm_pick_free_port)"
mariadb_start "$MYSQL_DIR" "$mysql_port"
MYSQL_PID="$(mariadb_pid "$MYSQL_DIR")"
mariadb_provision "$MYSQL_DIR" "$SECRETS" customer-profile credit-rating relationship-service \
  risk-warning
bench_password_file="$(mariadb_password_file "$SECRETS" ccrm_bench)"
# The raw baselines' own schema and user (the password is hex: no quoting needed).
bench_sql="CREATE DATABASE IF NOT EXISTS ccrm_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
for host in localhost 127.0.0.1; do
  bench_sql+="CREATE USER IF NOT EXISTS 'ccrm_bench'@'$host' IDENTIFIED BY '$(<"$bench_password_file")';"
  bench_sql+="GRANT ALL PRIVILEGES ON ccrm_bench.* TO 'ccrm_bench'@'$host';"
done
mariadb_sql "$MYSQL_DIR" "$bench_sql" || ccrm_die "creating the ccrm_bench schema failed"

JWT_KEY="$SECRETS/jwt-hs256.key"
KEYRING="$SECRETS/encryption-keyring"
BLIND_INDEX_KEY="$SECRETS/blind-index.key"
ccrm_write_secret_file "$JWT_KEY" bench_hex_key
ccrm_write_secret_file "$BLIND_INDEX_KEY" bench_hex_key
ccrm_write_secret_file "$KEYRING" bench_keyring

# The flags deploy/local/up.sh gives customer-profile, with this run's database and secrets.
common_flags=(
  "--mysql_host=127.0.0.1"
  "--mysql_port=$mysql_port"
  "--mysql_database=ccrm_customer"
  "--mysql_pool_size=$POOL_SIZE"
  "--migrations_dir=$CCRM_REPO_ROOT/services/customer-profile/migrations"
  "--jwt_issuer=ccrm-bench"
  "--jwt_audience=ccrm"
  "--jwt_hs256_key_file=$JWT_KEY"
  "--encryption_keyring_file=$KEYRING"
  "--blind_index_key_file=$BLIND_INDEX_KEY"
)

service_extra=()
[[ -z "$WORKER_THREADS" ]] || service_extra+=("--worker_threads=$WORKER_THREADS")
bench_start_service "" customer-profile "$SERVICE_BIN" "${common_flags[@]}" "${service_extra[@]}"
SERVICE_PID="$STARTED_PID"
SERVICE_TARGET="$STARTED_TARGET"

ccrm_log "ccrm-echo-server: starting"
"$ECHO_SERVER" --listen=127.0.0.1:0 --ready_file="$BENCH_TMP/echo.ready" \
  </dev/null >>"$LOGS/echo.out" 2>&1 &
ECHO_PID=$!
bench_wait_ready ccrm-echo-server "$ECHO_PID" "$BENCH_TMP/echo.ready" "$LOGS/echo.out"
ECHO_TARGET="127.0.0.1:$(bench_ready_port "$BENCH_TMP/echo.ready")"

# mint_token FILE SUBJECT ROLES: writes a token signed with this run's key to FILE (mode 600).
mint_token() {
  (
    umask 077
    "$MINT" --key_file "$JWT_KEY" --alg HS256 --issuer ccrm-bench --audience ccrm \
      --subject "$2" --roles "$3" --ttl_seconds 7200 >"$1"
  ) || ccrm_die "ccrm-mint-token failed"
}
TOKEN_FILE="$SECRETS/bench.token"
mint_token "$TOKEN_FILE" bench-loadgen admin,relationship_manager

# --- the runs ---
load_flags=("--concurrency=$CONCURRENCY" "--duration=$DURATION" "--warmup=$WARMUP")
loadgen_flags=("${load_flags[@]}" "--channels=$CHANNELS" "--deadline=5s")
db_flags=("${load_flags[@]}" --host=127.0.0.1 "--port=$mysql_port" --user=ccrm_bench
  "--password_file=$bench_password_file" --database=ccrm_bench)

# run_one NAME COMMAND...: runs COMMAND, keeps its RESULT line; exits 1 when there is none.
run_one() {
  local name="$1" line
  shift
  ccrm_log "run: $name"
  if ! "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err"; then
    cat "$LOGS/$name.err" >&2
    ccrm_die "$name: run failed (exit status shown above)"
  fi
  line="$(grep '^RESULT ' "$LOGS/$name.out" | tail -n 1)"
  [[ -n "$line" ]] || ccrm_die "$name: no RESULT line (output in $LOGS/$name.out)"
  printf '%s\n' "$line" | tee -a "$RESULTS" >&2
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
compiles_before="$(pgrep -c -x cc1plus || true)"

run_one echo "$LOADGEN" --target="$ECHO_TARGET" --scenario=echo "${loadgen_flags[@]}" \
  --echo_payload_bytes="$ECHO_PAYLOAD" --watch_pids="server:$ECHO_PID"
run_one db_read "$DB_BENCH" --mode=read "${db_flags[@]}" --watch_pids="mariadbd:$MYSQL_PID"
run_one db_insert "$DB_BENCH" --mode=insert "${db_flags[@]}" --watch_pids="mariadbd:$MYSQL_PID"
service_watch="server:$SERVICE_PID,mariadbd:$MYSQL_PID"
run_one get_customer "$LOADGEN" --target="$SERVICE_TARGET" --scenario=get_customer \
  "${loadgen_flags[@]}" --token_file="$TOKEN_FILE" --seed_customers="$SEED_CUSTOMERS" \
  --watch_pids="$service_watch"
run_one list_customers "$LOADGEN" --target="$SERVICE_TARGET" --scenario=list_customers \
  "${loadgen_flags[@]}" --token_file="$TOKEN_FILE" --page_size=20 --watch_pids="$service_watch"
run_one create_customer "$LOADGEN" --target="$SERVICE_TARGET" --scenario=create_customer \
  "${loadgen_flags[@]}" --token_file="$TOKEN_FILE" --watch_pids="$service_watch"

# --- credit-rating ---
bench_rating() {
  # In-process, before credit-rating starts: nothing but idle servers shares the cores.
  run_one merton "$RATING_BENCH" --mode=merton "--duration=$DURATION" "--warmup=$WARMUP"

  # The flags deploy/local/up.sh gives credit-rating, with this run's database, secrets and
  # customer-profile.
  local rating_flags=(
    "--mysql_host=127.0.0.1"
    "--mysql_port=$mysql_port"
    "--mysql_database=ccrm_rating"
    "--mysql_pool_size=$POOL_SIZE"
    "--migrations_dir=$CCRM_REPO_ROOT/services/credit-rating/migrations"
    "--jwt_issuer=ccrm-bench"
    "--jwt_audience=ccrm"
    "--jwt_hs256_key_file=$JWT_KEY"
    "--customer_profile_address=$SERVICE_TARGET"
    "--service_token_file=$SECRETS/credit-rating.token"
    "--credit_bureau=file:$CCRM_REPO_ROOT/deploy/local/demo/credit-bureau.json"
  )
  mint_token "$SECRETS/credit-rating.token" credit-rating service
  RATING_TOKEN="$SECRETS/rating.token"
  RERATE_TOKEN="$SECRETS/rerate.token"
  mint_token "$RATING_TOKEN" bench-rating relationship_manager,credit_analyst
  mint_token "$RERATE_TOKEN" bench-rerate relationship_manager,risk_officer

  bench_start_service "" credit-rating "$RATING_BIN" "${rating_flags[@]}" "${service_extra[@]}"
  RATING_PID="$STARTED_PID"
  RATING_TARGET="$STARTED_TARGET"

  rating_targets=("--customer_profile=$SERVICE_TARGET" "--credit_rating=$RATING_TARGET"
    "--concurrency=$CONCURRENCY" "--channels=$CHANNELS" "--deadline=5s")
  rating_watch="server:$RATING_PID,profile:$SERVICE_PID,mariadbd:$MYSQL_PID"
  run_one rate_customer "$RATING_BENCH" --mode=rate_customer "${rating_targets[@]}" \
    "--duration=$DURATION" "--warmup=$WARMUP" --token_file="$RATING_TOKEN" \
    --seed_customers="$RATING_CUSTOMERS" --watch_pids="$rating_watch"
  run_one rerate "$RATING_BENCH" --mode=rerate "${rating_targets[@]}" --token_file="$RERATE_TOKEN" \
    --portfolio="$RERATE_PORTFOLIO" --job_timeout="$RERATE_TIMEOUT" --watch_pids="$rating_watch"
}

# --- relationship-service ---
bench_relationship() {
  # The flags deploy/local/up.sh gives relationship-service, with this run's database, secrets and
  # customer-profile, and neither event feed followed: risk-warning is not started yet (the
  # --risk_warning_address default is never dialled), and following customer-profile's feed would
  # start from its cursor 0 and plan engagements for the ~30 000 customers the runs above created
  # (about 330 events/s on this machine, so some 100 s of background load in the middle of the
  # measurements).
  local relationship_flags=(
    "--mysql_host=127.0.0.1"
    "--mysql_port=$mysql_port"
    "--mysql_database=ccrm_relationship"
    "--mysql_pool_size=$POOL_SIZE"
    "--migrations_dir=$CCRM_REPO_ROOT/services/relationship-service/migrations"
    "--jwt_issuer=ccrm-bench"
    "--jwt_audience=ccrm"
    "--jwt_hs256_key_file=$JWT_KEY"
    "--customer_profile_address=$SERVICE_TARGET"
    "--service_token_file=$SECRETS/relationship-service.token"
    "--consume_alert_events=false"
    "--consume_customer_events=false"
  )
  mint_token "$SECRETS/relationship-service.token" relationship-service service
  # Two relationship managers: the writer logs, the reader (not the customer's manager, not the
  # author) lists, so confidential entries are redacted for the reader.
  RM_WRITER_TOKEN="$SECRETS/rm-writer.token"
  RM_READER_TOKEN="$SECRETS/rm-reader.token"
  mint_token "$RM_WRITER_TOKEN" bench-rm-writer relationship_manager
  mint_token "$RM_READER_TOKEN" bench-rm-reader relationship_manager

  bench_start_service "" relationship-service "$RELATIONSHIP_BIN" "${relationship_flags[@]}" \
    "${service_extra[@]}"
  RELATIONSHIP_PID="$STARTED_PID"
  RELATIONSHIP_TARGET="$STARTED_TARGET"

  relationship_targets=("--customer_profile=$SERVICE_TARGET" "--relationship=$RELATIONSHIP_TARGET"
    "--concurrency=$CONCURRENCY" "--channels=$CHANNELS" "--deadline=5s" "--duration=$DURATION"
    "--warmup=$WARMUP" "--token_file=$RM_WRITER_TOKEN")
  relationship_watch="server:$RELATIONSHIP_PID,profile:$SERVICE_PID,mariadbd:$MYSQL_PID"
  run_one log_interaction "$RELATIONSHIP_BENCH" --mode=log_interaction \
    "${relationship_targets[@]}" --watch_pids="$relationship_watch"
  run_one list_interactions "$RELATIONSHIP_BENCH" --mode=list_interactions \
    "${relationship_targets[@]}" --reader_token_file="$RM_READER_TOKEN" --timeline="$TIMELINE" \
    --page_size=20 --watch_pids="$relationship_watch"
}

# --- risk-warning ---
# risk-warning: the flags deploy/local/up.sh gives it, with this run's database, secrets and
# customer-profile; no event consumers (the peers' feeds would add background load) and the
# periodic scan pushed out of the run: the scans are started by the benchmark.
bench_risk() {
  local risk_flags=(
    "--mysql_host=127.0.0.1"
    "--mysql_port=$mysql_port"
    "--mysql_database=ccrm_risk"
    "--mysql_pool_size=$POOL_SIZE"
    "--migrations_dir=$CCRM_REPO_ROOT/services/risk-warning/migrations"
    "--jwt_issuer=ccrm-bench"
    "--jwt_audience=ccrm"
    "--jwt_hs256_key_file=$JWT_KEY"
    "--customer_profile_address=$SERVICE_TARGET"
    "--service_token_file=$SECRETS/risk-warning.token"
    "--consume_rating_events=false"
    "--consume_relationship_events=false"
    "--scan_interval=24h"
  )
  mint_token "$SECRETS/risk-warning.token" risk-warning service
  local risk_token="$SECRETS/risk.token" portfolio="$BENCH_TMP/portfolio.txt"
  mint_token "$risk_token" bench-risk admin,risk_officer,relationship_manager

  bench_start_service "" risk-warning "$RISK_BIN" "${risk_flags[@]}" "${service_extra[@]}"
  RISK_PID="$STARTED_PID"
  RISK_TARGET="$STARTED_TARGET"
  local risk_watch="server:$RISK_PID,profile:$SERVICE_PID,mariadbd:$MYSQL_PID"
  local targets=("--customer_profile=$SERVICE_TARGET" "--risk=$RISK_TARGET"
    "--token_file=$risk_token" "--concurrency=$CONCURRENCY" "--channels=$CHANNELS"
    "--deadline=5s" "--watch_pids=$risk_watch")
  run_one risk_seed "$RISK_BENCH" --mode=seed "${targets[@]}" --exposures="$SCAN_EXPOSURES" \
    --portfolio_file="$portfolio"
  run_one record_observation "$RISK_BENCH" --mode=record_observation "${targets[@]}" \
    --portfolio_file="$portfolio" "--duration=$DURATION" "--warmup=$WARMUP"
  run_one scan "$RISK_BENCH" --mode=scan "${targets[@]}" --server_pid="$RISK_PID"
  run_one rule_change_scan "$RISK_BENCH" --mode=rule_change_scan "${targets[@]}" \
    --server_pid="$RISK_PID"
  run_one watch_latency "$RISK_BENCH" --mode=watch_latency "${targets[@]}" \
    --samples="$WATCH_SAMPLES"
}

# --- the API gateway ---
# nginx (deploy/gateway, TLS, one worker) in front of the four services, started as up.sh starts
# it; the cross-service flow (CreateCustomer, ListRatings, CreateExposure with an overdue
# installment, ListTasks) straight to the services, then through the gateway.
bench_gateway() {
  local gateway_tls="$BENCH_TMP/gateway-tls" listen
  listen="127.0.0.1:$(ccrm_pick_free_port)"
  ccrm_gateway_tls "$gateway_tls"
  GATEWAY_DIR="$BENCH_TMP/gateway"
  ccrm_gateway_start "$GATEWAY_DIR" "$LOGS" "$listen" "$gateway_tls" \
    "customer-profile=$SERVICE_TARGET" "credit-rating=$RATING_TARGET" \
    "relationship-service=$RELATIONSHIP_TARGET" "risk-warning=$RISK_TARGET"
  local flow_token="$SECRETS/flow.token"
  mint_token "$flow_token" bench-flow admin,relationship_manager,risk_officer
  local flow_flags=("--mode=load" "--token_file=$flow_token" "--concurrency=$CONCURRENCY"
    "--duration=$DURATION" "--warmup=$WARMUP")
  local servers="profile:$SERVICE_PID,rating:$RATING_PID,relationship:$RELATIONSHIP_PID,risk:$RISK_PID,mariadbd:$MYSQL_PID"
  run_one flow_direct "$SUITE_FLOW" "${flow_flags[@]}" "--customer_profile=$SERVICE_TARGET" \
    "--credit_rating=$RATING_TARGET" "--relationship=$RELATIONSHIP_TARGET" \
    "--risk=$RISK_TARGET" "--watch_pids=$servers"
  # The gateway's one worker process does the proxying (the master only supervises).
  local nginx_worker
  nginx_worker="$(pgrep -P "$(ccrm_gateway_pid "$GATEWAY_DIR")" | head -n 1)" ||
    ccrm_die "api-gateway: no nginx worker process"
  run_one flow_gateway "$SUITE_FLOW" "${flow_flags[@]}" "--gateway=$listen" \
    "--ca_file=$gateway_tls/gateway-ca.crt" "--watch_pids=$servers,nginx:$nginx_worker"
}

if measured rating; then bench_rating; fi
if measured relationship; then bench_relationship; fi
if measured risk; then bench_risk; fi
if measured gateway; then bench_gateway; fi

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
compiles_after="$(pgrep -c -x cc1plus || true)"

# --- report ---
# field LINE KEY: the value of KEY=... in a RESULT line ("-" when absent).
field() {
  local v
  v="$(tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p" | head -n 1)"
  printf '%s' "${v:--}"
}
result_of() {
  grep "^RESULT scenario=$1 " "$RESULTS" | tail -n 1 || true
}
qps_of() {
  field "$(result_of "$1")" qps
}
# ratio NUM DEN: NUM/DEN with two decimals ("-" when DEN is zero).
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'
}

goal_missed=0
# ratio_line LABEL NUM_SCENARIO DEN_SCENARIO [GOAL]
ratio_line() {
  local label="$1" r verdict=""
  r="$(ratio "$(qps_of "$2")" "$(qps_of "$3")")"
  if [[ -n "${4:-}" ]]; then
    if awk -v r="$r" -v g="$4" 'BEGIN { exit !(r != "-" && r + 0 >= g + 0) }'; then
      verdict="goal >= $4: met"
    else
      verdict="goal >= $4: MISSED"
      goal_missed=1
    fi
  fi
  printf '  %-38s %6s   %s\n' "$label" "$r" "$verdict"
}

channels_text="$CHANNELS"
[[ "$CHANNELS" != 0 ]] || channels_text="min(N,4)"
{
  echo "ccrm benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit $(git -C "$CCRM_REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$CCRM_REPO_ROOT" diff --quiet 2>/dev/null || echo '+dirty')"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load $load_before before, $load_after after; compiler processes $compiles_before before, $compiles_after after"
  echo "settings: concurrency $CONCURRENCY, window $DURATION after ${WARMUP} warm-up, channels $channels_text, service pools $POOL_SIZE${WORKER_THREADS:+, worker threads $WORKER_THREADS}, echo payload ${ECHO_PAYLOAD} B, rated customers $RATING_CUSTOMERS, re-rating portfolio $RERATE_PORTFOLIO, timeline $TIMELINE, scanned facilities $SCAN_EXPOSURES, watch samples $WATCH_SAMPLES, sections $SECTIONS"
  echo "CPU columns: percent of one core over the window (machine total tops out at $(($(nproc) * 100)))"
  echo
  printf '%-19s %10s %8s %8s %8s %7s %7s %9s %7s %8s\n' scenario qps p50_ms p90_ms p99_ms errors \
    cpu_srv cpu_mariadb cpu_cli cpu_all
  for s in echo db_read db_insert get_customer list_customers create_customer merton \
    rate_customer rerate log_interaction list_interactions risk_seed record_observation scan \
    rule_change_scan watch_latency flow_direct flow_gateway; do
    line="$(result_of "$s")"
    printf '%-19s %10s %8s %8s %8s %7s %7s %9s %7s %8s\n' "$s" "$(field "$line" qps)" \
      "$(field "$line" p50_ms)" "$(field "$line" p90_ms)" "$(field "$line" p99_ms)" \
      "$(field "$line" errors)" "$(field "$line" cpu_server)" "$(field "$line" cpu_mariadbd)" \
      "$(field "$line" cpu_client)" "$(field "$line" cpu_machine)"
  done
  echo
  echo "ratios (QPS):"
  ratio_line "get_customer / echo" get_customer echo 0.60
  ratio_line "list_customers / echo" list_customers echo
  ratio_line "create_customer / db_insert" create_customer db_insert 0.50
  ratio_line "get_customer / db_read" get_customer db_read
  ratio_line "rate_customer / get_customer" rate_customer get_customer
  ratio_line "rate_customer / echo" rate_customer echo
  ratio_line "log_interaction / create_customer" log_interaction create_customer
  ratio_line "list_interactions / list_customers" list_interactions list_customers
  ratio_line "record_observation / db_insert" record_observation db_insert
  ratio_line "record_observation / create_customer" record_observation create_customer
  ratio_line "flow_gateway / flow_direct" flow_gateway flow_direct
  echo
  merton_line="$(result_of merton)"
  rerate_line="$(result_of rerate)"
  echo "credit-rating:"
  echo "  merton (qps column = solves/s): $(field "$merton_line" mean_us_per_solve) µs per solve," \
    "$(field "$merton_line" mean_iterations) Newton iterations on average;" \
    "$(field "$merton_line" bs_calls_per_second) Black-Scholes pricings/s," \
    "$(field "$merton_line" bs_calls_per_solve) pricings per solve"
  echo "  rerate (qps column = customers/s): $(field "$rerate_line" customers) customers in" \
    "$(field "$rerate_line" elapsed_s) s; rated $(field "$rerate_line" rated)," \
    "skipped $(field "$rerate_line" skipped), failed $(field "$rerate_line" failed)" \
    "($(field "$rerate_line" state))"
  echo
  timeline_line="$(result_of list_interactions)"
  tl() { field "$timeline_line" "$1"; }
  echo "relationship-service (CPU of customer-profile is cpu_profile in the raw lines):"
  echo "  list_interactions timeline: $(tl timeline) interactions ($(tl confidential)" \
    "confidential) logged in $(tl seed_s) s ($(tl seed_per_s)/s, $(tl seed_concurrency) in" \
    "flight); deep pages $(tl deep_pages) of $(tl walk_pages)"
  echo "  list_interactions p50/p99 ms: first page $(tl first_p50_ms)/$(tl first_p99_ms)," \
    "deep pages $(tl deep_p50_ms)/$(tl deep_p99_ms)"
  echo
  seed_line="$(result_of risk_seed)"
  echo "risk-warning (qps column: risk_seed = facilities registered/s, scans = facilities evaluated/s,"
  echo "watch_latency = from recording an overdue repayment to its alert on the WatchAlerts stream):"
  echo "  portfolio: $(field "$seed_line" exposures) facilities of $(field "$seed_line" customers)" \
    "customers, $(field "$seed_line" troubled) overdue, $(field "$seed_line" drawn) drawn;" \
    "seeded through the APIs in $(field "$seed_line" seed_s) s"
  for s in scan rule_change_scan; do
    line="$(result_of "$s")"
    echo "  $s: $(field "$line" exposures) facilities of $(field "$line" customers) customers" \
      "in $(field "$line" elapsed_s) s ($(field "$line" us_per_exposure) µs each); alerts" \
      "opened $(field "$line" alerts_opened), raised $(field "$line" alerts_raised), lowered" \
      "$(field "$line" alerts_lowered), cleared $(field "$line" alerts_cleared); plans activated" \
      "$(field "$line" plans_activated); risk-warning RSS $(field "$line" rss_before_mib) MiB" \
      "before, peak $(field "$line" rss_peak_mib) MiB (+$(field "$line" rss_growth_mib))," \
      "$(field "$line" rss_after_mib) MiB after"
  done
  watch_line="$(result_of watch_latency)"
  echo "  watch_latency: $(field "$watch_line" samples) alerts; call start to stream p50/p99/max" \
    "$(field "$watch_line" p50_ms)/$(field "$watch_line" p99_ms)/$(field "$watch_line" max_ms) ms;" \
    "$(field "$watch_line" delivered_before_reply) on the stream before the call's reply," \
    "the others p50 $(field "$watch_line" reply_to_delivery_p50_ms) ms after it"
  echo
  echo "raw lines:"
  cat "$RESULTS"
} >"$BENCH_TMP/report"

errors_total="$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^errors=/) { sub(/^errors=/, "", $i); n += $i } } END { print n + 0 }' "$RESULTS")"
if ((errors_total > 0)); then
  echo "WARNING: $errors_total call(s) failed; see error_codes in the raw lines" >>"$BENCH_TMP/report"
fi

cat "$BENCH_TMP/report"
cp "$BENCH_TMP/report" "$OUT"
ccrm_log "report written to $OUT"
if [[ "$ENFORCE_GOALS" == 1 && "$goal_missed" == 1 ]]; then
  ccrm_log "a goal ratio was missed (BENCH_ENFORCE_GOALS=1)"
  exit 1
fi
