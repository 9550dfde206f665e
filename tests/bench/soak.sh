#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The soak: the cross-service flow at a steady rate for minutes with the four services' memory
# and the flow's latency tracked over time, then each service's peak throughput as ratios to
# baselines measured in the same run. Part of the reliability suite (issue 7); ctest runs the
# short form as soak_short.
#
# Starts a throwaway MariaDB (temp datadir, free port), provisions the four schemas and their
# least-privilege users as tests/bench/run.sh does, then:
#   1. soak   starts the four services as deploy/local/up.sh wires them (every event feed
#             followed: customer events into credit-rating and relationship-service, risk-warning's
#             alerts into relationship-service's follow-up tasks, ratings and relationship signals
#             into risk-warning), measures the flow's closed-loop capacity (ccrm-suite-flow
#             --mode=load) unless SOAK_RATE is given, and runs the flow open loop at SOAK_RATE
#             (default: half that capacity) with ccrm-suite-flow --mode=rate: a warm-up, then the
#             steady phase, one line of figures per interval. At the start of the steady phase and
#             after each interval it reads each service's and MariaDB's resident memory (VmRSS,
#             /proc/<pid>/status) and checks every service is still running. Afterwards it checks
#             in the databases that nothing was lost: one customer, one facility and one alert per
#             flow, and one follow-up task per alert once the event feed has caught up (none
#             missing, none twice). Then it stops the services (SIGTERM) and checks they exit 0.
#   2. peak   restarts the services as tests/bench/run.sh does (no event feeds, no periodic scan)
#             and measures, in short closed-loop windows at SOAK_PEAK_CONCURRENCY, the baselines
#             (echo: ccrm-loadgen against ccrm-echo-server; db_read, db_insert: ccrm-db-bench) and
#             one write and one read RPC per service: create_customer and get_customer
#             (ccrm-loadgen), rate_customer (ccrm-rating-bench) and list_ratings (ccrm-suite-flow
#             --mode=read), log_interaction and list_interactions (ccrm-relationship-bench),
#             record_observation (ccrm-risk-bench) and get_exposure (ccrm-suite-flow --mode=read);
#             each write as a ratio to db_insert, each read to db_read and to echo.
#   3. report tests/bench/soak/analyze.py: per service the RSS at the start of the steady phase,
#             at its end, its maximum, the drift (least-squares slope in MiB/min and end - start);
#             the flow's p50/p99 in the first and the last third of the intervals; the peak
#             ratios. Writes $CCRM_RELIABILITY_DIR/soak.json (section "soak") when that is set, and
#             prints the same tables.
#
# Fails (exit 1) on: any failed flow (warm-up or steady), a flow's records missing or an event
# lost or applied twice, a service that dies or does not exit 0 on SIGTERM, a tool that fails, or
# a gross leak (a service's RSS over the steady phase growing more than 3x AND by more than
# 200 MiB; MariaDB's is reported, not judged: its buffer pool fills up to 256 MiB as data grows). Never on timing: the machine is shared, latencies and rates are reported only; a
# schedule the services could not keep is reported (late / not started flows), not failed.
#
# Example:
#   CCRM_BUILD_DIR=build tests/bench/soak.sh                 # short form (about 2.5 minutes)
#   CCRM_BUILD_DIR=build tests/bench/soak.sh --minutes 15    # long form, 15 min steady phase
#   CCRM_RELIABILITY_MODE=long CCRM_BUILD_DIR=build tests/bench/soak.sh
#   SOAK_RATE=100 SOAK_LOGS_OUT=/tmp/soak-logs tests/bench/soak.sh
#
# Arguments:
#   --minutes N             steady phase of N minutes (the long form's 10 s peak windows too)
# Environment (all optional):
#   CCRM_BUILD_DIR          build directory (default <repo>/build); must hold the services and
#                           the bench tools (nothing is built here)
#   CCRM_RELIABILITY_MODE   long: 15 min steady phase, 30 s warm-up, 10 s intervals and peak
#                           windows (default short: 60 s, 10 s, 5 s intervals, 2 s windows)
#   CCRM_RELIABILITY_DIR    where soak.json is written (nothing when unset)
#   SOAK_RATE               flows per second (default: half the measured closed-loop capacity)
#   SOAK_SECONDS            steady phase in seconds (overrides the mode's; --minutes wins)
#   SOAK_WARMUP             warm-up at the rate before the steady phase (e.g. 10s)
#   SOAK_INTERVAL           one sample per interval (e.g. 5s)
#   SOAK_MAX_IN_FLIGHT      flows in flight at most (default 64)
#   SOAK_PEAK_CONCURRENCY   calls in flight in the peak windows (default 16, as run.sh)
#   SOAK_PEAK_WINDOW        each peak window (short 2s, long 10s), after SOAK_PEAK_WARMUP (1s/2s)
#   SOAK_SKIP_PEAK=1        no peak phase
#   SOAK_LOGS_OUT           when set, the servers' and tools' logs and the samples are copied
#                           there on exit
#   CCRM_READY_TIMEOUT      seconds to wait for a server's ready file (default 60)
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="soak"
# shellcheck source=../../deploy/local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/local/lib/common.sh"
# shellcheck source=../../deploy/local/lib/mariadb.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/local/lib/mariadb.sh"
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MINUTES=""
while (($# > 0)); do
  case "$1" in
    -h | --help)
      sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    --minutes)
      (($# >= 2)) || ccrm_die "--minutes needs a number"
      MINUTES="$2"
      shift
      ;;
    --minutes=*) MINUTES="${1#--minutes=}" ;;
    *) ccrm_die "unexpected argument '$1' (see --help)" ;;
  esac
  shift
done

BUILD_DIR="${CCRM_BUILD_DIR:-$CCRM_REPO_ROOT/build}"
MODE="${CCRM_RELIABILITY_MODE:-short}"
[[ "$MODE" == long ]] || MODE=short
[[ -z "$MINUTES" ]] || MODE=long
REPORT_DIR="${CCRM_RELIABILITY_DIR:-}"
READY_TIMEOUT="${CCRM_READY_TIMEOUT:-60}"
if [[ "$MODE" == long ]]; then
  STEADY_S=900 WARMUP=30s INTERVAL=10s PEAK_WINDOW=10s PEAK_WARMUP=2s
  PEAK_SEED_CUSTOMERS=1000 PEAK_RATED=200 PEAK_TIMELINE=2000 PEAK_EXPOSURES=4000 DB_ROWS=10000
  CAPACITY_WINDOW=10s
else
  STEADY_S=60 WARMUP=10s INTERVAL=5s PEAK_WINDOW=2s PEAK_WARMUP=1s
  PEAK_SEED_CUSTOMERS=200 PEAK_RATED=20 PEAK_TIMELINE=200 PEAK_EXPOSURES=400 DB_ROWS=2000
  CAPACITY_WINDOW=4s
fi
if [[ -n "$MINUTES" ]]; then
  [[ "$MINUTES" =~ ^[1-9][0-9]*$ ]] || ccrm_die "--minutes must be a positive integer"
  STEADY_S=$((MINUTES * 60))
elif [[ -n "${SOAK_SECONDS:-}" ]]; then
  STEADY_S="$SOAK_SECONDS"
fi
WARMUP="${SOAK_WARMUP:-$WARMUP}"
INTERVAL="${SOAK_INTERVAL:-$INTERVAL}"
RATE="${SOAK_RATE:-}"
MAX_IN_FLIGHT="${SOAK_MAX_IN_FLIGHT:-64}"
PEAK_CONCURRENCY="${SOAK_PEAK_CONCURRENCY:-16}"
PEAK_WINDOW="${SOAK_PEAK_WINDOW:-$PEAK_WINDOW}"
PEAK_WARMUP="${SOAK_PEAK_WARMUP:-$PEAK_WARMUP}"
SKIP_PEAK="${SOAK_SKIP_PEAK:-0}"
LOGS_OUT="${SOAK_LOGS_OUT:-}"

[[ "$STEADY_S" =~ ^[1-9][0-9]*$ ]] || ccrm_die "SOAK_SECONDS must be a positive integer"
((STEADY_S <= 3600)) || ccrm_die "the steady phase is at most 60 minutes"
[[ -z "$RATE" || "$RATE" =~ ^[1-9][0-9]*$ ]] || ccrm_die "SOAK_RATE must be a positive integer"
[[ "$MAX_IN_FLIGHT" =~ ^[1-9][0-9]*$ ]] || ccrm_die "SOAK_MAX_IN_FLIGHT must be a positive integer"
[[ "$PEAK_CONCURRENCY" =~ ^[1-9][0-9]*$ ]] ||
  ccrm_die "SOAK_PEAK_CONCURRENCY must be a positive integer"
for d in "$WARMUP" "$INTERVAL" "$PEAK_WINDOW" "$PEAK_WARMUP"; do
  [[ "$d" =~ ^[0-9]+(ms|s|m)$ ]] || ccrm_die "durations look like 500ms, 10s or 2m, not '$d'"
done

BUILD_DIR="$(cd "$BUILD_DIR" && pwd -P)" || ccrm_die "no build directory $BUILD_DIR"
B="$BUILD_DIR/tests/bench"
PROFILE_BIN="$BUILD_DIR/services/customer-profile/customer-profile"
RATING_BIN="$BUILD_DIR/services/credit-rating/credit-rating"
RELATIONSHIP_BIN="$BUILD_DIR/services/relationship-service/relationship-service"
RISK_BIN="$BUILD_DIR/services/risk-warning/risk-warning"
MINT="$BUILD_DIR/common/auth/ccrm-mint-token"
for bin in "$PROFILE_BIN" "$RATING_BIN" "$RELATIONSHIP_BIN" "$RISK_BIN" "$MINT" \
  "$B/ccrm-suite-flow" "$B/ccrm-loadgen" "$B/ccrm-echo-server" "$B/ccrm-db-bench" \
  "$B/ccrm-rating-bench" "$B/ccrm-relationship-bench" "$B/ccrm-risk-bench"; do
  [[ -x "$bin" ]] || ccrm_die "$bin not built"
done
PYTHON=/usr/bin/python3
[[ -x "$PYTHON" ]] || PYTHON="$(command -v python3)" || ccrm_die "python3 is needed"

# Binaries read any flag from CCRM_<FLAG> when it is not given; nothing from the caller's shell
# may leak into the runs that way (everything needed was read above). tests/run.sh exports
# CCRM_REPO_ROOT: it stays, unexported, for this script and the libraries.
repo_root="$CCRM_REPO_ROOT"
while IFS= read -r name; do
  unset "$name"
done < <(compgen -e | grep '^CCRM_' || true)
CCRM_REPO_ROOT="$repo_root"

SOAK_TMP=""
ECHO_PID=""
# "pid name" of every service running, in start order; stopped in reverse.
STARTED=()

# stop_services: stops every started service, last first; fails when one did not exit 0.
stop_services() {
  local i rc=0 status
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
    read -r pid name <<<"${STARTED[i]}"
    status=0
    bench_stop_child "$pid" "$name" || status=$?
    if ((status != 0)); then
      ccrm_log "$name (pid $pid) exited with status $status"
      rc=1
    fi
  done
  STARTED=()
  return "$rc"
}

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [[ -z "$FLOW_PID" ]] || { kill -TERM "$FLOW_PID" 2>/dev/null || true; }
  stop_services || true
  bench_stop_child "$ECHO_PID" ccrm-echo-server || true
  if [[ -n "$SOAK_TMP" ]]; then
    if [[ -n "$LOGS_OUT" && -d "$SOAK_TMP/logs" ]]; then
      rm -rf -- "$LOGS_OUT" && cp -r "$SOAK_TMP/logs" "$LOGS_OUT" || rc=1
    fi
    mariadb_stop "$SOAK_TMP/mysql" || rc=1
    rm -rf -- "$SOAK_TMP"
  fi
  exit "$rc"
}
FLOW_PID=""
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# mint_token FILE SUBJECT ROLES: a token signed with this run's key in FILE (mode 600).
mint_token() {
  (
    umask 077
    "$MINT" --key_file "$JWT_KEY" --alg HS256 --issuer ccrm-soak --audience ccrm \
      --subject "$2" --roles "$3" --ttl_seconds $((STEADY_S + 7200)) >"$1"
  ) || ccrm_die "ccrm-mint-token failed"
}

# run_tool NAME COMMAND...: runs COMMAND, keeps its RESULT line in $RESULTS; exits 1 when it
# fails or prints none.
run_tool() {
  local name="$1" line
  shift
  ccrm_log "run: $name"
  if ! "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err"; then
    tail -n 20 "$LOGS/$name.err" >&2
    ccrm_die "$name: run failed (exit status shown above)"
  fi
  line="$(grep '^RESULT ' "$LOGS/$name.out" | tail -n 1)"
  [[ -n "$line" ]] || ccrm_die "$name: no RESULT line (output in $LOGS/$name.out)"
  printf 'name=%s %s\n' "$name" "${line#RESULT }" >>"$RESULTS"
  printf '%s\n' "$line" >&2
}

# rss_mib PID: the resident set of PID in MiB with one decimal ("-" when gone).
rss_mib() {
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024; found = 1 } END { if (!found) printf "-" }' \
    "/proc/$1/status" 2>/dev/null || printf -- '-'
}

# check_alive: exits 1 when a started service has died (a crash, an abort, the OOM killer).
check_alive() {
  local entry pid name
  for entry in "${STARTED[@]}"; do
    read -r pid name <<<"$entry"
    if ! ccrm_pid_alive "$pid"; then
      tail -n 30 "$LOGS/soak-$name.log" "$LOGS/soak-$name.out" >&2 || true
      ccrm_die "$name (pid $pid) died during the soak"
    fi
  done
}

# --- database, secrets ---
SOAK_TMP="$(mktemp -d /tmp/ccrm-soak.XXXXXX)"
SECRETS="$SOAK_TMP/secrets"
LOGS="$SOAK_TMP/logs"
BENCH_STATE_DIR="$SOAK_TMP"
RESULTS="$LOGS/results.txt"
SAMPLES="$LOGS/samples.tsv"
EVENTS="$LOGS/events.txt"
mkdir -p "$SECRETS" "$LOGS"
chmod 700 "$SECRETS"
: >"$RESULTS"
run_started=$SECONDS

mysql_port="$(ccrm_pick_free_port)"
mariadb_start "$SOAK_TMP/mysql" "$mysql_port"
MYSQL_PID="$(mariadb_pid "$SOAK_TMP/mysql")"
mariadb_provision "$SOAK_TMP/mysql" "$SECRETS" customer-profile credit-rating \
  relationship-service risk-warning
bench_password_file="$(mariadb_password_file "$SECRETS" ccrm_bench)"
bench_sql="CREATE DATABASE IF NOT EXISTS ccrm_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
for host in localhost 127.0.0.1; do
  bench_sql+="CREATE USER IF NOT EXISTS 'ccrm_bench'@'$host' IDENTIFIED BY '$(<"$bench_password_file")';"
  bench_sql+="GRANT ALL PRIVILEGES ON ccrm_bench.* TO 'ccrm_bench'@'$host';"
done
mariadb_sql "$SOAK_TMP/mysql" "$bench_sql" || ccrm_die "creating the ccrm_bench schema failed"

JWT_KEY="$SECRETS/jwt-hs256.key"
ccrm_write_secret_file "$JWT_KEY" bench_hex_key
ccrm_write_secret_file "$SECRETS/blind-index.key" bench_hex_key
ccrm_write_secret_file "$SECRETS/encryption-keyring" bench_keyring
for svc in credit-rating relationship-service risk-warning; do
  mint_token "$SECRETS/$svc.token" "$svc" service
done
FLOW_TOKEN="$SECRETS/flow.token"
mint_token "$FLOW_TOKEN" soak-flow admin,relationship_manager,risk_officer

# service_flags SERVICE: the flags deploy/local/up.sh gives SERVICE, with this run's database
# and secrets, one per line (peer addresses are added by the caller).
service_flags() {
  local service="$1" schema
  schema="$(mariadb_schema_for_service "$service")"
  printf '%s\n' "--mysql_host=127.0.0.1" "--mysql_port=$mysql_port" "--mysql_database=$schema" \
    "--mysql_pool_size=8" "--migrations_dir=$CCRM_REPO_ROOT/services/$service/migrations" \
    "--jwt_issuer=ccrm-soak" "--jwt_audience=ccrm" "--jwt_hs256_key_file=$JWT_KEY"
  case "$service" in
    customer-profile)
      printf '%s\n' "--encryption_keyring_file=$SECRETS/encryption-keyring" \
        "--blind_index_key_file=$SECRETS/blind-index.key"
      ;;
    credit-rating)
      printf '%s\n' "--service_token_file=$SECRETS/credit-rating.token" \
        "--credit_bureau=file:$CCRM_REPO_ROOT/deploy/local/demo/credit-bureau.json"
      ;;
    *) printf '%s\n' "--service_token_file=$SECRETS/$service.token" ;;
  esac
}

# start_suite TAG FEEDS: starts the four services; FEEDS=on wires every event feed as up.sh does,
# FEEDS=off starts them as tests/bench/run.sh does (no feeds, no periodic scan). Sets
# PROFILE_PID/TARGET, RATING_*, RELATIONSHIP_*, RISK_*.
start_suite() {
  local tag="$1" feeds="$2" flags risk_port
  mapfile -t flags < <(service_flags customer-profile)
  bench_start_service "$tag" customer-profile "$PROFILE_BIN" "${flags[@]}"
  PROFILE_PID="$STARTED_PID" PROFILE_TARGET="$STARTED_TARGET"

  mapfile -t flags < <(service_flags credit-rating)
  flags+=("--customer_profile_address=$PROFILE_TARGET")
  [[ "$feeds" == on ]] || flags+=("--consume_customer_events=false")
  bench_start_service "$tag" credit-rating "$RATING_BIN" "${flags[@]}"
  RATING_PID="$STARTED_PID" RATING_TARGET="$STARTED_TARGET"

  # relationship-service follows risk-warning's alerts and risk-warning relationship-service's
  # signals: risk-warning's port is chosen first.
  risk_port="$(ccrm_pick_free_port)"
  mapfile -t flags < <(service_flags relationship-service)
  flags+=("--customer_profile_address=$PROFILE_TARGET"
    "--risk_warning_address=127.0.0.1:$risk_port")
  if [[ "$feeds" == on ]]; then
    flags+=("--consume_alert_events=true" "--consume_customer_events=true")
  else
    flags+=("--consume_alert_events=false" "--consume_customer_events=false")
  fi
  bench_start_service "$tag" relationship-service "$RELATIONSHIP_BIN" "${flags[@]}"
  RELATIONSHIP_PID="$STARTED_PID" RELATIONSHIP_TARGET="$STARTED_TARGET"

  mapfile -t flags < <(service_flags risk-warning)
  flags+=("--listen=127.0.0.1:$risk_port" "--customer_profile_address=$PROFILE_TARGET"
    "--credit_rating_address=$RATING_TARGET" "--relationship_address=$RELATIONSHIP_TARGET")
  if [[ "$feeds" != on ]]; then
    flags+=("--consume_rating_events=false" "--consume_relationship_events=false"
      "--scan_interval=24h")
  fi
  bench_start_service "$tag" risk-warning "$RISK_BIN" "${flags[@]}"
  RISK_PID="$STARTED_PID" RISK_TARGET="$STARTED_TARGET"
  FLOW_TARGETS=("--customer_profile=$PROFILE_TARGET" "--credit_rating=$RATING_TARGET"
    "--relationship=$RELATIONSHIP_TARGET" "--risk=$RISK_TARGET")
  WATCH="profile:$PROFILE_PID,rating:$RATING_PID,relationship:$RELATIONSHIP_PID,risk:$RISK_PID,mariadbd:$MYSQL_PID"
}

# --- 1. soak ---
ccrm_log "soak: starting the four services with their event feeds"
start_suite soak on
if [[ -z "$RATE" ]]; then
  run_tool capacity "$B/ccrm-suite-flow" --mode=load "${FLOW_TARGETS[@]}" \
    --token_file="$FLOW_TOKEN" --concurrency=16 --duration="$CAPACITY_WINDOW" --warmup=2s \
    --watch_pids="$WATCH"
  capacity_line="$(grep '^name=capacity ' "$RESULTS")"
  ((10#$(bench_field "$capacity_line" errors) == 0)) || ccrm_die "capacity run: flows failed"
  RATE="$(awk -v q="$(bench_field "$capacity_line" qps)" 'BEGIN { r = int(q / 2); print (r < 1 ? 1 : r) }')"
  ccrm_log "capacity $(bench_field "$capacity_line" qps) flows/s closed loop; soaking at $RATE flows/s"
fi
# The capacity run's records are in the databases too: counted before the steady run.
flow_sql_counts() {
  mariadb_sql "$SOAK_TMP/mysql" "
    SELECT (SELECT COUNT(*) FROM ccrm_customer.customers
              WHERE relationship_manager_id LIKE 'flow-rm-%'),
           (SELECT COUNT(*) FROM ccrm_risk.exposures),
           (SELECT COUNT(*) FROM ccrm_risk.alerts WHERE indicator = 'days_past_due')"
}
counts="$(flow_sql_counts)" || ccrm_die "counting the flows' records failed"
read -r customers_before exposures_before alerts_before <<<"$counts"

ccrm_log "soak: $RATE flows/s, warm-up $WARMUP, steady ${STEADY_S}s, one sample every $INTERVAL"
printf 'index\tt_s\tscheduled\tstarted\tcompleted\tfailed\tlate\tbehind\tflows_per_s\tp50_ms\tp95_ms\tp99_ms\tmax_ms\trss_profile\trss_rating\trss_relationship\trss_risk\trss_mariadbd\n' >"$SAMPLES"
: >"$LOGS/soak-flow.out"
"$B/ccrm-suite-flow" --mode=rate "${FLOW_TARGETS[@]}" --token_file="$FLOW_TOKEN" \
  --rate="$RATE" --concurrency="$MAX_IN_FLIGHT" --warmup="$WARMUP" --duration="${STEADY_S}s" \
  --interval="$INTERVAL" --deadline=5s --watch_pids="$WATCH" \
  >"$LOGS/soak-flow.out" 2>"$LOGS/soak-flow.err" &
FLOW_PID=$!
# One sample per line the tool prints (STEADY_START, then each INTERVAL), read as it comes.
seen=0
sample_line() {
  local line="$1" kind rss=()
  kind="${line%% *}"
  for pid in "$PROFILE_PID" "$RATING_PID" "$RELATIONSHIP_PID" "$RISK_PID" "$MYSQL_PID"; do
    rss+=("$(rss_mib "$pid")")
  done
  if [[ "$kind" == STEADY_START ]]; then
    printf 'start\t0\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\t%s\t%s\t%s\t%s\n' "${rss[@]}" >>"$SAMPLES"
    ccrm_log "steady phase started ($(bench_field "$line" warmup_flows) warm-up flows," \
      "$(bench_field "$line" warmup_failed) failed); RSS MiB profile/rating/relationship/risk/mariadbd: ${rss[*]}"
  else
    local f
    f=()
    for k in index t_s scheduled started completed failed late behind flows_per_s p50_ms p95_ms \
      p99_ms max_ms; do
      f+=("$(bench_field "$line" "$k")")
    done
    printf '%s\t' "${f[@]}" >>"$SAMPLES"
    printf '%s\t%s\t%s\t%s\t%s\n' "${rss[@]}" >>"$SAMPLES"
    ccrm_log "t=$(bench_field "$line" t_s)s flows/s $(bench_field "$line" flows_per_s) failed" \
      "$(bench_field "$line" failed) late $(bench_field "$line" late) behind $(bench_field "$line" behind)" \
      "p50/p99 $(bench_field "$line" p50_ms)/$(bench_field "$line" p99_ms) ms; RSS MiB ${rss[*]}"
  fi
}
while :; do
  flow_alive=0
  kill -0 "$FLOW_PID" 2>/dev/null && flow_alive=1
  mapfile -t lines < <(grep -E '^(STEADY_START|INTERVAL) ' "$LOGS/soak-flow.out" || true)
  while ((seen < ${#lines[@]})); do
    sample_line "${lines[seen]}"
    seen=$((seen + 1))
  done
  check_alive
  ((flow_alive == 1)) || break
  sleep 0.2
done
flow_status=0
wait "$FLOW_PID" || flow_status=$?
FLOW_PID=""
flow_line="$(grep '^RESULT ' "$LOGS/soak-flow.out" | tail -n 1 || true)"
if [[ -z "$flow_line" ]]; then
  tail -n 20 "$LOGS/soak-flow.err" >&2 || true
  ccrm_die "the soak's flow tool ended (status $flow_status) without its figures"
fi
printf 'name=soak %s\n' "${flow_line#RESULT }" >>"$RESULTS"
printf '%s\n' "$flow_line" >&2
failed_flows=$((10#$(bench_field "$flow_line" errors)))
steady_started=$((10#$(bench_field "$flow_line" started)))
warmup_flows=$((10#$(bench_field "$flow_line" warmup_flows)))

# Nothing lost: each flow that was answered left one customer, one facility and one alert, and
# each alert becomes exactly one follow-up task once relationship-service has read the feed.
flows_answered=$((steady_started + warmup_flows))
counts="$(flow_sql_counts)" || ccrm_die "counting the flows' records failed"
read -r customers_after exposures_after alerts_after <<<"$counts"
customers_new=$((customers_after - customers_before))
exposures_new=$((exposures_after - exposures_before))
alerts_new=$((alerts_after - alerts_before))
requests_lost=0
for got in "$customers_new" "$exposures_new" "$alerts_new"; do
  if ((got < flows_answered - failed_flows)); then
    requests_lost=$((requests_lost + flows_answered - failed_flows - got))
  fi
done
tasks_sql="SELECT
  (SELECT COUNT(*) FROM ccrm_risk.alerts a WHERE a.indicator = 'days_past_due' AND NOT EXISTS
     (SELECT 1 FROM ccrm_relationship.follow_up_tasks t
       WHERE t.source = CONCAT('alerts/', a.alert_id))),
  (SELECT COUNT(*) - COUNT(DISTINCT source) FROM ccrm_relationship.follow_up_tasks
    WHERE source LIKE 'alerts/%')"
catch_up_started=$SECONDS
while :; do
  counts="$(mariadb_sql "$SOAK_TMP/mysql" "$tasks_sql")" ||
    ccrm_die "counting the follow-up tasks failed"
  read -r tasks_missing tasks_twice <<<"$counts"
  ((tasks_missing > 0 && SECONDS - catch_up_started < 120)) || break
  sleep 1
done
catch_up_s=$((SECONDS - catch_up_started))
check_alive
{
  echo "flows_answered=$flows_answered failed=$failed_flows"
  echo "customers_new=$customers_new exposures_new=$exposures_new alerts_new=$alerts_new"
  echo "requests_lost=$requests_lost tasks_missing=$tasks_missing tasks_twice=$tasks_twice"
  echo "catch_up_s=$catch_up_s alerts_total=$alerts_after"
} >"$EVENTS"
ccrm_log "records: $flows_answered flows answered ($failed_flows failed): customers +$customers_new," \
  "facilities +$exposures_new, alerts +$alerts_new; follow-up tasks missing $tasks_missing," \
  "twice $tasks_twice (after ${catch_up_s}s)"
clean_stop=1
stop_services || clean_stop=0

# --- 2. peak ---
if [[ "$SKIP_PEAK" != 1 ]]; then
  ccrm_log "peak: restarting the services without event feeds, as tests/bench/run.sh does"
  start_suite peak off
  "$B/ccrm-echo-server" --listen=127.0.0.1:0 --ready_file="$SOAK_TMP/echo.ready" \
    </dev/null >>"$LOGS/echo.out" 2>&1 &
  ECHO_PID=$!
  bench_wait_ready ccrm-echo-server "$ECHO_PID" "$SOAK_TMP/echo.ready" "$LOGS/echo.out"
  ECHO_TARGET="127.0.0.1:$(bench_ready_port "$SOAK_TMP/echo.ready")"
  # The roles tests/bench/run.sh gives each tool.
  mint_token "$SECRETS/loadgen.token" soak-loadgen admin,relationship_manager
  mint_token "$SECRETS/rating.token" soak-rating relationship_manager,credit_analyst
  mint_token "$SECRETS/rm-writer.token" soak-rm-writer relationship_manager
  mint_token "$SECRETS/rm-reader.token" soak-rm-reader relationship_manager
  mint_token "$SECRETS/risk.token" soak-risk admin,risk_officer,relationship_manager
  window=("--duration=$PEAK_WINDOW" "--warmup=$PEAK_WARMUP")
  closed=("--concurrency=$PEAK_CONCURRENCY" "${window[@]}")
  grpc=("${closed[@]}" "--deadline=5s")

  run_tool echo "$B/ccrm-loadgen" --target="$ECHO_TARGET" --scenario=echo "${grpc[@]}" \
    --echo_payload_bytes=512 --watch_pids="server:$ECHO_PID"
  db=("${closed[@]}" --host=127.0.0.1 "--port=$mysql_port" --user=ccrm_bench
    "--password_file=$bench_password_file" --database=ccrm_bench)
  run_tool db_read "$B/ccrm-db-bench" --mode=read "${db[@]}" --rows="$DB_ROWS" \
    --watch_pids="mariadbd:$MYSQL_PID"
  run_tool db_insert "$B/ccrm-db-bench" --mode=insert "${db[@]}" --watch_pids="mariadbd:$MYSQL_PID"

  run_tool create_customer "$B/ccrm-loadgen" --target="$PROFILE_TARGET" \
    --scenario=create_customer "${grpc[@]}" --token_file="$SECRETS/loadgen.token" \
    --watch_pids="server:$PROFILE_PID,mariadbd:$MYSQL_PID"
  run_tool get_customer "$B/ccrm-loadgen" --target="$PROFILE_TARGET" --scenario=get_customer \
    "${grpc[@]}" --token_file="$SECRETS/loadgen.token" --seed_customers="$PEAK_SEED_CUSTOMERS" \
    --watch_pids="server:$PROFILE_PID,mariadbd:$MYSQL_PID"

  run_tool rate_customer "$B/ccrm-rating-bench" --mode=rate_customer \
    --customer_profile="$PROFILE_TARGET" --credit_rating="$RATING_TARGET" "${grpc[@]}" \
    --token_file="$SECRETS/rating.token" --seed_customers="$PEAK_RATED" \
    --watch_pids="server:$RATING_PID,profile:$PROFILE_PID,mariadbd:$MYSQL_PID"
  run_tool list_ratings "$B/ccrm-suite-flow" --mode=read --read_rpc=list_ratings \
    "${FLOW_TARGETS[@]}" "${grpc[@]}" --token_file="$FLOW_TOKEN" \
    --watch_pids="server:$RATING_PID,mariadbd:$MYSQL_PID"

  relationship=("--customer_profile=$PROFILE_TARGET" "--relationship=$RELATIONSHIP_TARGET"
    "${grpc[@]}" "--token_file=$SECRETS/rm-writer.token"
    "--watch_pids=server:$RELATIONSHIP_PID,profile:$PROFILE_PID,mariadbd:$MYSQL_PID")
  run_tool log_interaction "$B/ccrm-relationship-bench" --mode=log_interaction \
    "${relationship[@]}"
  run_tool list_interactions "$B/ccrm-relationship-bench" --mode=list_interactions \
    "${relationship[@]}" --reader_token_file="$SECRETS/rm-reader.token" \
    --timeline="$PEAK_TIMELINE" --page_size=20

  risk=("--customer_profile=$PROFILE_TARGET" "--risk=$RISK_TARGET"
    "--token_file=$SECRETS/risk.token"
    "--concurrency=$PEAK_CONCURRENCY" "--deadline=5s"
    "--watch_pids=server:$RISK_PID,profile:$PROFILE_PID,mariadbd:$MYSQL_PID")
  run_tool risk_seed "$B/ccrm-risk-bench" --mode=seed "${risk[@]}" \
    --exposures="$PEAK_EXPOSURES" --portfolio_file="$SOAK_TMP/portfolio.txt"
  run_tool record_observation "$B/ccrm-risk-bench" --mode=record_observation "${risk[@]}" \
    --portfolio_file="$SOAK_TMP/portfolio.txt" "${window[@]}"
  run_tool get_exposure "$B/ccrm-suite-flow" --mode=read --read_rpc=get_exposure \
    "${FLOW_TARGETS[@]}" "${grpc[@]}" --token_file="$FLOW_TOKEN" \
    --watch_pids="server:$RISK_PID,mariadbd:$MYSQL_PID"
  stop_services || clean_stop=0
  bench_stop_child "$ECHO_PID" ccrm-echo-server || true
  ECHO_PID=""
fi

# --- 3. report ---
analyze=("$PYTHON" "$CCRM_REPO_ROOT/tests/bench/soak/analyze.py" --samples "$SAMPLES"
  --results "$RESULTS" --events "$EVENTS" --mode "$MODE" --rate "$RATE"
  --steady-seconds "$STEADY_S" --clean-stop "$clean_stop"
  --elapsed-seconds $((SECONDS - run_started)))
[[ -z "$REPORT_DIR" ]] || analyze+=(--out "$REPORT_DIR/soak.json")
analyze_status=0
"${analyze[@]}" || analyze_status=$?

# Peak windows run services at saturation, where a full queue may answer RESOURCE_EXHAUSTED by
# design: their errors are reported (the table's errors column), not failed.
peak_errors="$(awk '$1 != "name=soak" && $1 != "name=capacity" {
    for (i = 2; i <= NF; i++) if ($i ~ /^errors=/) { sub(/^errors=/, "", $i); n += $i } }
  END { print n + 0 }' "$RESULTS")"
((peak_errors == 0)) || ccrm_log "WARNING: $peak_errors call(s) failed in the peak windows (see $RESULTS)"

verdict=0
if ((failed_flows > 0 || flow_status != 0)); then
  ccrm_log "FAILED: $failed_flows flow(s) failed (see $LOGS/soak-flow.out)"
  verdict=1
fi
if ((requests_lost > 0 || tasks_missing > 0 || tasks_twice > 0)); then
  ccrm_log "FAILED: records lost $requests_lost, follow-up tasks missing $tasks_missing, twice $tasks_twice"
  verdict=1
fi
if ((clean_stop != 1)); then
  ccrm_log "FAILED: a service did not exit 0 on SIGTERM"
  verdict=1
fi
if ((analyze_status != 0)); then
  ccrm_log "FAILED: the analysis found a gross leak or could not run (status $analyze_status)"
  verdict=1
fi
((verdict == 0)) && ccrm_log "passed ($((SECONDS - run_started)) s)"
exit "$verdict"
