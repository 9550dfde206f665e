#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Checks deploy/monitoring/ and the flag reference of docs/operations.md against the real
# services. Two parts (both when no argument is given):
#
#   static  (no database)
#     - prometheus.yml: the promised jobs (structure); the local job's targets are the four
#       services' default --metrics_listen addresses (read from their --help) with the right
#       `service` label; the Kubernetes job's pod discovery, simulated: the pods of the rendered
#       manifests (kubectl kustomize deploy/k8s/overlays/{dev,prod}) become static targets shaped
#       as Prometheus discovers pods, promtool validates that whole config and applies its
#       relabelling (`promtool check service-discovery`), and exactly the Running ccrm pods'
#       `metrics` ports must remain, labelled service, pod, namespace. (Debian's promtool is
#       built without Kubernetes discovery, so the kubernetes_sd_configs block itself is checked
#       for shape only.)
#     - alert-rules.yml: `promtool check rules`; the unit tests alert-rules.test.yml (promtool test
#       rules) on a copy without annotations; every alert has severity page|ticket, summary,
#       description and a runbook section "### <Alert>" in docs/operations.md, and the document
#       describes no other alert;
#     - grafana-dashboard.json: parses; datasource and service variables; every query on
#       ${datasource} and filtered by $service; every query parses as PromQL (promtool);
#     - docs/operations.md: its flag tables equal what the four binaries print in --help
#       (flag_tables.py --check): every flag documented, none that no longer exists;
#     - negative checks: a document missing a flag, an alert rule changed, a Kubernetes job that
#       scrapes every port, a dashboard that is not JSON: each must be reported.
#   live  (needs the test MariaDB of tests/run.sh)
#     - starts customer-profile from CCRM_BUILD_DIR on a throwaway schema, calls it, scrapes its
#       /metrics; the families it exports plus those the C++ sources register (AddCounter /
#       AddGauge / AddHistogram, for metrics only another service would export) are the known
#       metrics; every metric used by a dashboard query or an alert rule must be one of them;
#     - starts a Prometheus (Debian's) with prometheus.yml's local job pointed at that service and
#       the alert rules: the scraped series carry service and pod, the dashboard's variables and
#       queries evaluate, every alert rule evaluates without error;
#     - negative checks: a dashboard and an alert rule using an unknown metric must be reported.
# Every failure says what is wrong; the temp dir, schema, service and Prometheus are removed on
# every exit.
#
# Example:
#   tests/run.sh -R monitoring
#   CCRM_BUILD_DIR=build tests/deploy/monitoring/check_monitoring.sh static
#   CCRM_TEST_MYSQL_HOST=127.0.0.1 CCRM_TEST_MYSQL_PORT=3316 CCRM_TEST_MYSQL_USER=admin \
#     CCRM_TEST_MYSQL_PASSWORD=... tests/deploy/monitoring/check_monitoring.sh live
#
# Arguments: static, live, or none (both).
# Environment:
#   CCRM_BUILD_DIR   build directory with services/<svc>/<svc> (default <repo>/build)
#   CCRM_TEST_MYSQL_HOST/PORT/USER/PASSWORD  (live) an account that may create a schema
# Needs promtool and prometheus (Debian package prometheus), kubectl, /usr/bin/python3 with
# python3-yaml and python3-grpcio, curl, openssl, the mariadb client.
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="check-monitoring"
# shellcheck source=../../../deploy/local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../deploy/local/lib/common.sh"

readonly HERE="$CCRM_REPO_ROOT/tests/deploy/monitoring"
readonly MONITORING="$CCRM_REPO_ROOT/deploy/monitoring"
readonly PROMETHEUS_CONFIG="$MONITORING/prometheus.yml"
readonly RULES="$MONITORING/alert-rules.yml"
readonly DASHBOARD="$MONITORING/grafana-dashboard.json"
readonly DOC="$CCRM_REPO_ROOT/docs/operations.md"
readonly PYTHON=/usr/bin/python3
readonly CHECK="$HERE/monitoring_check.py"
readonly FLAG_TABLES="$HERE/flag_tables.py"
readonly LIVE_SERVICE=customer-profile
readonly READY_TIMEOUT=30
readonly PROMETHEUS_TIMEOUT=30
readonly STOP_TIMEOUT=30

BUILD_DIR="${CCRM_BUILD_DIR:-$CCRM_REPO_ROOT/build}"
WORK=""
SERVICE_PID=""
PROMETHEUS_PID=""
SCHEMA=""
GRPC_PORT=""
METRICS_PORT=""
PROMETHEUS_URL=""
FAILURES=0

# --- helpers ---

fail() {
  ccrm_log "FAIL: $*"
  FAILURES=$((FAILURES + 1))
}

# check NAME COMMAND...: runs COMMAND; a failure is counted (COMMAND printed what is wrong).
check() {
  local name="$1"
  shift
  if "$@"; then
    ccrm_log "ok: $name"
  else
    fail "$name (see the lines above)"
  fi
}

# expect_failure NAME PATTERN COMMAND...: a negative check: COMMAND must fail, and its output
# must contain PATTERN (so it failed for the planted defect, not for another reason).
expect_failure() {
  local name="$1" pattern="$2" out="$WORK/negative.out"
  shift 2
  if "$@" >"$out" 2>&1; then
    fail "negative check '$name': the checker passed although the defect was planted"
  elif ! grep -qF -- "$pattern" "$out"; then
    fail "negative check '$name': the checker failed, but without reporting '$pattern':"
    cat "$out" >&2
  else
    ccrm_log "ok: negative check '$name' is reported: $(grep -F -- "$pattern" "$out" | head -n 1 | cut -c1-160)"
  fi
}

# mutated ORIGINAL COPY SED_SCRIPT: writes COPY = ORIGINAL edited by SED_SCRIPT; dies when the
# edit changed nothing (the negative check would prove nothing).
mutated() {
  sed -e "$3" "$1" >"$2"
  ! cmp -s "$1" "$2" || ccrm_die "the planted defect '$3' did not change $1; fix this test"
}

admin_sql() {
  mariadb --defaults-file="$WORK/admin.cnf" --batch --skip-column-names <<<"$1"
}

# stop_pid PID NAME: SIGTERM, then SIGKILL after STOP_TIMEOUT; waits for it.
stop_pid() {
  local pid="$1" name="$2"
  [[ -n "$pid" ]] || return 0
  if ccrm_pid_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    if ! ccrm_wait_pid_exit "$pid" "$STOP_TIMEOUT"; then
      ccrm_log "$name (pid $pid) ignored SIGTERM for ${STOP_TIMEOUT}s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$PROMETHEUS_PID" prometheus
  stop_pid "$SERVICE_PID" "$LIVE_SERVICE"
  if [[ -n "$SCHEMA" ]] && ! admin_sql "DROP DATABASE IF EXISTS \`$SCHEMA\`;"; then
    ccrm_log "could not drop the throwaway schema $SCHEMA"
    rc=1
  fi
  [[ -z "$WORK" ]] || rm -rf -- "$WORK"
  exit "$rc"
}

need() {
  local tool="$1" package="$2"
  command -v "$tool" >/dev/null 2>&1 || ccrm_die "$tool is missing (Debian package $package)"
}

require_tools() {
  need promtool prometheus
  need kubectl kubectl
  need curl curl
  [[ -x "$PYTHON" ]] || ccrm_die "$PYTHON is missing (Debian package python3)"
  "$PYTHON" -c 'import yaml' 2>/dev/null || ccrm_die "$PYTHON cannot import yaml (python3-yaml)"
  if [[ "$1" != static ]]; then
    need prometheus prometheus
    need mariadb mariadb-client
    need openssl openssl
    "$PYTHON" -c 'import grpc' 2>/dev/null || ccrm_die "$PYTHON cannot import grpc (python3-grpcio)"
  fi
}

# --- static part ---

check_prometheus_config() {
  check "prometheus.yml has the promised jobs and local targets" \
    "$PYTHON" "$CHECK" prometheus-config --config "$PROMETHEUS_CONFIG" --build-dir "$BUILD_DIR"

  local overlay manifests=()
  for overlay in dev prod; do
    if kubectl kustomize "$CCRM_REPO_ROOT/deploy/k8s/overlays/$overlay" >"$WORK/k8s-$overlay.yaml"; then
      manifests+=("$WORK/k8s-$overlay.yaml")
    else
      fail "kubectl kustomize deploy/k8s/overlays/$overlay failed (above)"
    fi
  done
  ((${#manifests[@]} > 0)) || return 0
  check "Kubernetes pod discovery keeps exactly the ccrm pods' metrics ports (simulated)" \
    check_discovery "$PROMETHEUS_CONFIG" "${manifests[@]}"
}

# check_discovery CONFIG MANIFEST...: the simulated Kubernetes discovery of CONFIG keeps exactly
# the Running ccrm pods' metrics ports of the manifests.
check_discovery() {
  local config="$1" sim="$WORK/k8s-simulated.yml" expect="$WORK/k8s-expect.json"
  shift
  "$PYTHON" "$CHECK" simulate-k8s --config "$config" --manifests "$@" --out "$sim" \
    --expect "$expect" || return 1
  promtool check config "$sim" || {
    echo "promtool rejects prometheus.yml (Kubernetes discovery replaced by its simulation)" >&2
    return 1
  }
  promtool check service-discovery --timeout=3s "$sim" ccrm-kubernetes >"$WORK/k8s-sd.json" || return 1
  "$PYTHON" "$CHECK" verify-k8s --sd "$WORK/k8s-sd.json" --expect "$expect"
}

# run_rule_tests RULES: the unit tests against RULES without annotations.
run_rule_tests() {
  local dir="$WORK/rule-tests"
  rm -rf "$dir"
  mkdir -p "$dir"
  "$PYTHON" - "$1" "$dir/alert-rules.yml" <<'EOF' || return 1
import sys, yaml
rules = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
for group in rules["groups"]:
    for rule in group["rules"]:
        rule.pop("annotations", None)
yaml.safe_dump(rules, open(sys.argv[2], "w", encoding="utf-8"), sort_keys=False)
EOF
  cp "$HERE/alert-rules.test.yml" "$dir/"
  (cd "$dir" && promtool test rules alert-rules.test.yml)
}

check_rules_and_dashboard() {
  check "promtool check rules alert-rules.yml" promtool check rules "$RULES"
  check "alert rule unit tests (alert-rules.test.yml)" run_rule_tests "$RULES"
  check "every alert has severity, summary, description and a runbook in docs/operations.md" \
    "$PYTHON" "$CHECK" rules-doc --rules "$RULES" --doc "$DOC"
  check "grafana-dashboard.json shape" "$PYTHON" "$CHECK" dashboard --dashboard "$DASHBOARD"
  if "$PYTHON" "$CHECK" promql-rules --dashboard "$DASHBOARD" --rules "$RULES" \
    >"$WORK/expressions.yml"; then
    check "every dashboard query and alert expression parses (promtool)" \
      promtool check rules "$WORK/expressions.yml"
  else
    fail "could not collect the dashboard and alert expressions (above)"
  fi
}

check_flag_docs() {
  check "docs/operations.md documents every flag the binaries print in --help" \
    "$PYTHON" "$FLAG_TABLES" --build-dir "$BUILD_DIR" --doc "$DOC" --check
}

static_negative_checks() {
  local doc="$WORK/operations-missing-flag.md"
  # shellcheck disable=SC2016  # the backticks are literal: a row of a Markdown table
  grep -v '^| `--worker_queue_limit` |' "$DOC" >"$doc" || true
  ! cmp -s "$DOC" "$doc" || ccrm_die "docs/operations.md has no row for --worker_queue_limit; fix this test"
  expect_failure "document without the row of --worker_queue_limit" \
    "--worker_queue_limit (the flags every service shares) is not documented" \
    "$PYTHON" "$FLAG_TABLES" --build-dir "$BUILD_DIR" --doc "$doc" --check

  local rules="$WORK/alert-rules-changed.yml"
  mutated "$RULES" "$rules" 's/code=~"INTERNAL|UNKNOWN|DATA_LOSS/code=~"UNKNOWN|DATA_LOSS/'
  expect_failure "CcrmServerErrors no longer counting INTERNAL" "alertname: CcrmServerErrors" \
    run_rule_tests "$rules"

  local config="$WORK/prometheus-every-port.yml"
  mutated "$PROMETHEUS_CONFIG" "$config" \
    '/source_labels: \[__meta_kubernetes_pod_container_port_name\]/,/action: keep/d'
  # The simulated config names its rule file beside the config it came from.
  cp "$RULES" "$WORK/alert-rules.yml"
  if [[ -s "$WORK/k8s-prod.yaml" ]]; then
    expect_failure "Kubernetes job keeping every container port" \
      "is scraped, but only Running ccrm pods' metrics ports should be" \
      check_discovery "$config" "$WORK/k8s-prod.yaml"
  fi

  local dashboard="$WORK/dashboard-truncated.json"
  head -c 2000 "$DASHBOARD" >"$dashboard"
  expect_failure "dashboard that is not JSON" "is not valid JSON" \
    "$PYTHON" "$CHECK" dashboard --dashboard "$dashboard"
}

run_static() {
  ccrm_log "static checks (build dir $BUILD_DIR)"
  check_prometheus_config
  check_rules_and_dashboard
  check_flag_docs
  static_negative_checks
}

# --- live part ---

start_service() {
  local bin="$BUILD_DIR/services/$LIVE_SERVICE/$LIVE_SERVICE" secrets="$WORK/secrets" deadline
  local -a db
  [[ -x "$bin" ]] || ccrm_die "$bin is not built"
  : "${CCRM_TEST_MYSQL_HOST:?set CCRM_TEST_MYSQL_HOST/PORT/USER/PASSWORD (tests/run.sh does)}"
  : "${CCRM_TEST_MYSQL_PORT:?}" "${CCRM_TEST_MYSQL_USER:?}" "${CCRM_TEST_MYSQL_PASSWORD:?}"
  (
    umask 077
    printf '[client]\nhost=%s\nport=%s\nuser=%s\npassword=%s\n' "$CCRM_TEST_MYSQL_HOST" \
      "$CCRM_TEST_MYSQL_PORT" "$CCRM_TEST_MYSQL_USER" "$CCRM_TEST_MYSQL_PASSWORD" >"$WORK/admin.cnf"
    mkdir -p "$secrets"
    printf '%s' "$CCRM_TEST_MYSQL_PASSWORD" >"$secrets/mysql-password"
    openssl rand -hex 32 >"$secrets/jwt-hs256.key"
    openssl rand -hex 32 >"$secrets/blind-index.key"
    printf 'k1 %s\nactive k1\n' "$(openssl rand -base64 32)" >"$secrets/encryption-keyring"
  )
  SCHEMA="ccrm_monitoring_$(openssl rand -hex 4)"
  admin_sql "CREATE DATABASE \`$SCHEMA\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;" ||
    ccrm_die "cannot create the throwaway schema $SCHEMA"
  # The test account, not a least-privilege user: this test is about what the service exports.
  db=(--mysql_host="$CCRM_TEST_MYSQL_HOST" --mysql_port="$CCRM_TEST_MYSQL_PORT"
    --mysql_user="$CCRM_TEST_MYSQL_USER" --mysql_password_file="$secrets/mysql-password"
    --mysql_database="$SCHEMA" --migrations_dir="$CCRM_REPO_ROOT/services/$LIVE_SERVICE/migrations")
  # An empty environment: no CCRM_* from the caller's shell reaches the service.
  env -i "$bin" --migrate_only "${db[@]}" --log_file="$WORK/migrate.log" ||
    ccrm_die "$LIVE_SERVICE --migrate_only failed: $(tail -n 5 "$WORK/migrate.log" 2>/dev/null)"
  env -i "$bin" "${db[@]}" --mysql_pool_size=2 --worker_threads=2 \
    --listen=127.0.0.1:0 --metrics_listen=127.0.0.1:0 --ready_file="$WORK/ready.json" \
    --log_file="$WORK/service.log" --jwt_issuer=ccrm-monitoring-test --jwt_audience=ccrm \
    --jwt_hs256_key_file="$secrets/jwt-hs256.key" \
    --encryption_keyring_file="$secrets/encryption-keyring" \
    --blind_index_key_file="$secrets/blind-index.key" >"$WORK/service.out" 2>&1 &
  SERVICE_PID=$!
  deadline=$((SECONDS + READY_TIMEOUT))
  until [[ -s "$WORK/ready.json" ]]; do
    if ! ccrm_pid_alive "$SERVICE_PID" || ((SECONDS >= deadline)); then
      tail -n 20 "$WORK/service.log" "$WORK/service.out" >&2 2>/dev/null || true
      ccrm_die "$LIVE_SERVICE did not become ready within ${READY_TIMEOUT}s"
    fi
    sleep 0.2
  done
  GRPC_PORT="$(sed -n 's/.*"grpc_port":\([0-9]*\).*/\1/p' "$WORK/ready.json")"
  METRICS_PORT="$(sed -n 's/.*"metrics_port":\([0-9]*\).*/\1/p' "$WORK/ready.json")"
  ccrm_log "$LIVE_SERVICE serves on 127.0.0.1:$GRPC_PORT, metrics on 127.0.0.1:$METRICS_PORT"
}

# A health check and a call without a token, so the labelled series (handled, latency,
# rejected) exist, as they would under traffic.
call_service() {
  "$PYTHON" - "127.0.0.1:$GRPC_PORT" <<'EOF'
import sys
import grpc
channel = grpc.insecure_channel(sys.argv[1])
health = channel.unary_unary("/grpc.health.v1.Health/Check")(b"", timeout=5)
assert health == b"\x08\x01", f"health check answered {health!r}, not SERVING"
try:
    channel.unary_unary("/ccrm.customer.v1.CustomerProfile/GetCustomer")(b"", timeout=5)
    sys.exit("GetCustomer without a token was accepted")
except grpc.RpcError as e:
    assert e.code() == grpc.StatusCode.UNAUTHENTICATED, e.code()
EOF
}

start_prometheus() {
  local port deadline
  "$PYTHON" "$CHECK" local-config --config "$PROMETHEUS_CONFIG" --rules "$RULES" \
    --target "127.0.0.1:$METRICS_PORT" --service "$LIVE_SERVICE" --out "$WORK/prometheus-local.yml" ||
    return 1
  port="$(ccrm_pick_free_port)"
  prometheus --config.file="$WORK/prometheus-local.yml" --storage.tsdb.path="$WORK/tsdb" \
    --web.listen-address="127.0.0.1:$port" >"$WORK/prometheus.log" 2>&1 &
  PROMETHEUS_PID=$!
  PROMETHEUS_URL="http://127.0.0.1:$port"
  deadline=$((SECONDS + PROMETHEUS_TIMEOUT))
  until curl -sf "$PROMETHEUS_URL/-/ready" >/dev/null 2>&1; do
    if ! ccrm_pid_alive "$PROMETHEUS_PID" || ((SECONDS >= deadline)); then
      tail -n 20 "$WORK/prometheus.log" >&2
      echo "prometheus did not become ready within ${PROMETHEUS_TIMEOUT}s" >&2
      return 1
    fi
    sleep 0.3
  done
}

run_live() {
  ccrm_log "live checks: $LIVE_SERVICE from $BUILD_DIR"
  start_service
  check "$LIVE_SERVICE answers a health check and refuses a call without a token" call_service
  curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" -o "$WORK/live.prom" ||
    ccrm_die "GET http://127.0.0.1:$METRICS_PORT/metrics failed"
  "$PYTHON" "$CHECK" exposition "$WORK/live.prom" >"$WORK/live.tsv" ||
    ccrm_die "the /metrics answer of $LIVE_SERVICE is not a Prometheus exposition (above)"
  "$PYTHON" "$CHECK" source-metrics "$CCRM_REPO_ROOT" >"$WORK/source.tsv" ||
    fail "the metric registrations in the sources cannot all be read (above)"
  check "every metric of the dashboard and the alert rules is exported" \
    "$PYTHON" "$CHECK" metrics-used --exported "$WORK/live.tsv" --source "$WORK/source.tsv" \
    --dashboard "$DASHBOARD" --rules "$RULES"

  if start_prometheus; then
    check "Prometheus scrapes $LIVE_SERVICE; dashboard queries and alert rules evaluate" \
      "$PYTHON" "$CHECK" live --prometheus "$PROMETHEUS_URL" --dashboard "$DASHBOARD" \
      --rules "$RULES" --service "$LIVE_SERVICE"
  else
    fail "Prometheus with prometheus.yml's local job did not start (above)"
  fi

  local dashboard="$WORK/dashboard-unknown-metric.json" rules="$WORK/alert-rules-unknown-metric.yml"
  mutated "$DASHBOARD" "$dashboard" \
    's/sum by (service, pod) (ccrm_grpc_server_in_flight{/sum by (service, pod) (ccrm_worker_pool_queue_depth{/'
  expect_failure "dashboard using an unknown metric" \
    "uses metric ccrm_worker_pool_queue_depth, which no ccrm service exports" \
    "$PYTHON" "$CHECK" metrics-used --exported "$WORK/live.tsv" --source "$WORK/source.tsv" \
    --dashboard "$dashboard" --rules "$RULES"
  mutated "$RULES" "$rules" \
    's/ccrm_grpc_server_rejected_total{reason="SERVER_OVERLOADED"}/ccrm_grpc_server_refused_total{reason="SERVER_OVERLOADED"}/'
  expect_failure "alert rule using an unknown metric" \
    "alert rule CcrmOverloaded (group ccrm-capacity) uses metric ccrm_grpc_server_refused_total" \
    "$PYTHON" "$CHECK" metrics-used --exported "$WORK/live.tsv" --source "$WORK/source.tsv" \
    --dashboard "$DASHBOARD" --rules "$rules"
}

# --- main ---

mode="${1:-all}"
case "$mode" in
  static | live | all) ;;
  -h | --help)
    sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *) ccrm_die "unknown argument '$mode' (static, live, or none for both)" ;;
esac
(($# <= 1)) || ccrm_die "one argument at most"
require_tools "$mode"
BUILD_DIR="$(cd "$BUILD_DIR" && pwd -P)" || ccrm_die "no build directory $BUILD_DIR"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
WORK="$(mktemp -d /tmp/ccrm-monitoring.XXXXXX)"

[[ "$mode" == live ]] || run_static
[[ "$mode" == static ]] || run_live

if ((FAILURES > 0)); then
  ccrm_die "$FAILURES monitoring check(s) failed"
fi
ccrm_log "all monitoring checks passed ($mode)"
