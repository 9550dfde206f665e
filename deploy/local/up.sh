#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Starts the whole ccrm suite on this machine: installs missing Debian packages, builds, starts a
# private MariaDB, generates secrets once, provisions schemas and users, runs each service's
# migrations, starts every service that has been built, starts the API gateway (nginx, TLS) in
# front of them, loads the demo portfolio once, and prints the addresses and a token to call with.
# Safe to re-run: MariaDB keeps running, the services are restarted (a rebuilt binary is picked
# up), the gateway only when its configuration or certificate changed. Stop everything with
# deploy/local/down.sh.
#
# Example:
#   deploy/local/up.sh
#   CCRM_SKIP_BUILD=1 CCRM_MYSQL_PORT=3320 deploy/local/up.sh
#
# Environment (all optional):
#   CCRM_STATE_DIR        state directory (default <repo>/.local): mysql/ secrets/ logs/ run/
#   CCRM_BUILD_DIR        build directory (default <repo>/build)
#   CCRM_SKIP_PACKAGES=1  do not check/install Debian packages
#   CCRM_SKIP_BUILD=1     do not configure/build; use what is in CCRM_BUILD_DIR
#   CCRM_BUILD_JOBS       ninja jobs (default 2)
#   CCRM_BUILD_TYPE       CMAKE_BUILD_TYPE (default RelWithDebInfo)
#   CCRM_MYSQL_PORT       MariaDB TCP port on 127.0.0.1 (default 3316)
#   CCRM_MYSQL_POOL_SIZE  connections per service (default 8)
#   CCRM_BIND_HOST        address the services listen on (default 127.0.0.1)
#   CCRM_<SERVICE>_GRPC_PORT / CCRM_<SERVICE>_METRICS_PORT  per-service ports, <SERVICE> being
#                         CUSTOMER_PROFILE (50051/9151), CREDIT_RATING (50052/9152),
#                         RELATIONSHIP_SERVICE (50053/9153), RISK_WARNING (50054/9154)
#   CCRM_READY_TIMEOUT    seconds to wait for a service's ready file (default 60)
#   CCRM_MIGRATE_TIMEOUT  seconds a migration run may take (default 300)
#   CCRM_STOP_TIMEOUT     seconds a running service gets after SIGTERM before SIGKILL (default 30)
#   CCRM_TOKEN_TTL_SECONDS  lifetime of the printed token (default 86400)
#   CCRM_SKIP_DEMO=1      do not load the demo portfolio
#   CCRM_GATEWAY_PORT     port of the API gateway on 127.0.0.1 (default 8080)
#   CCRM_SKIP_GATEWAY=1   do not start the API gateway (and stop one that runs)
#   MARIADB_START_TIMEOUT seconds to wait for MariaDB to answer (default 60)
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="up"
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/mariadb.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/mariadb.sh"
# shellcheck source=../gateway/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../gateway/lib.sh"

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
(($# == 0)) || ccrm_die "unexpected argument '$1' (settings are environment variables, see --help)"

# Services in start order: name, default gRPC port, default metrics port.
SERVICES=(
  "customer-profile 50051 9151"
  "credit-rating 50052 9152"
  "relationship-service 50053 9153"
  "risk-warning 50054 9154"
)

STATE_DIR="${CCRM_STATE_DIR:-$CCRM_REPO_ROOT/.local}"
BUILD_DIR="${CCRM_BUILD_DIR:-$CCRM_REPO_ROOT/build}"
MYSQL_PORT="${CCRM_MYSQL_PORT:-3316}"
POOL_SIZE="${CCRM_MYSQL_POOL_SIZE:-8}"
BIND_HOST="${CCRM_BIND_HOST:-127.0.0.1}"
READY_TIMEOUT="${CCRM_READY_TIMEOUT:-60}"
MIGRATE_TIMEOUT="${CCRM_MIGRATE_TIMEOUT:-300}"
STOP_TIMEOUT="${CCRM_STOP_TIMEOUT:-30}"
TOKEN_TTL="${CCRM_TOKEN_TTL_SECONDS:-86400}"
ROLES="admin,relationship_manager,credit_analyst,credit_approver,risk_officer,auditor"

mkdir -p "$STATE_DIR"
STATE_DIR="$(cd "$STATE_DIR" && pwd -P)"
MYSQL_DIR="$STATE_DIR/mysql"
SECRETS_DIR="$STATE_DIR/secrets"
LOG_DIR="$STATE_DIR/logs"
RUN_DIR="$STATE_DIR/run"
JWT_KEY="$SECRETS_DIR/jwt-hs256.key"
KEYRING="$SECRETS_DIR/encryption-keyring"
BLIND_INDEX_KEY="$SECRETS_DIR/blind-index.key"
TOKEN_FILE="$SECRETS_DIR/demo-admin.token"
MINT="$BUILD_DIR/common/auth/ccrm-mint-token"
SERVICE_TOKEN_TTL="${CCRM_SERVICE_TOKEN_TTL_SECONDS:-2592000}"
CREDIT_BUREAU_FILE="${CCRM_CREDIT_BUREAU_FILE:-$CCRM_REPO_ROOT/deploy/local/demo/credit-bureau.json}"
GATEWAY_DIR="$STATE_DIR/gateway"
GATEWAY_LISTEN="127.0.0.1:${CCRM_GATEWAY_PORT:-8080}"

# service_var NAME SUFFIX DEFAULT: the value of CCRM_<NAME>_<SUFFIX> (NAME upper-cased, '-' → '_'),
# or DEFAULT.
service_var() {
  local var="CCRM_${1^^}_$2"
  var="${var//-/_}"
  printf '%s' "${!var:-$3}"
}

service_binary() {
  printf '%s/services/%s/%s' "$BUILD_DIR" "$1" "$1"
}

# ready_port FILE KEY: the number after "KEY": in the JSON ready file FILE.
ready_port() {
  sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p" "$1" | head -n 1
}

generate_keyring() {
  local key
  key="$(openssl rand -base64 32)" || return 1
  printf 'k1 %s\nactive k1\n' "$key"
}

generate_hex_key() {
  local key
  key="$(openssl rand -hex 32)" || return 1
  printf '%s' "$key"
}

generate_secrets() {
  mkdir -p "$SECRETS_DIR"
  chmod 700 "$SECRETS_DIR"
  # 64 hex characters: 32 random bytes of entropy, and text that survives any trimming reader.
  ccrm_write_secret_file "$JWT_KEY" generate_hex_key
  ccrm_write_secret_file "$BLIND_INDEX_KEY" generate_hex_key
  ccrm_write_secret_file "$KEYRING" generate_keyring
}

# common_flags SERVICE: the flags every run of SERVICE gets, one per line.
common_flags() {
  local service="$1" schema
  schema="$(mariadb_schema_for_service "$service")"
  printf '%s\n' \
    "--mysql_host=127.0.0.1" \
    "--mysql_port=$MYSQL_PORT" \
    "--mysql_database=$schema" \
    "--mysql_pool_size=$POOL_SIZE" \
    "--migrations_dir=$CCRM_REPO_ROOT/services/$service/migrations" \
    "--jwt_issuer=ccrm-local" \
    "--jwt_audience=ccrm" \
    "--jwt_hs256_key_file=$JWT_KEY"
  case "$service" in
    customer-profile)
      printf '%s\n' \
        "--encryption_keyring_file=$KEYRING" \
        "--blind_index_key_file=$BLIND_INDEX_KEY"
      ;;
    credit-rating)
      printf '%s\n' \
        "--customer_profile_address=$BIND_HOST:$(service_var customer-profile GRPC_PORT 50051)" \
        "--service_token_file=$SECRETS_DIR/credit-rating.token" \
        "--credit_bureau=file:$CREDIT_BUREAU_FILE"
      ;;
    relationship-service)
      # risk-warning's alerts are followed when risk-warning is built.
      printf '%s\n' \
        "--customer_profile_address=$BIND_HOST:$(service_var customer-profile GRPC_PORT 50051)" \
        "--risk_warning_address=$BIND_HOST:$(service_var risk-warning GRPC_PORT 50054)" \
        "--service_token_file=$SECRETS_DIR/relationship-service.token" \
        "--consume_alert_events=$([[ -x "$(service_binary risk-warning)" ]] && echo true || echo false)"
      ;;
    risk-warning)
      printf '%s\n' \
        "--customer_profile_address=$BIND_HOST:$(service_var customer-profile GRPC_PORT 50051)" \
        "--credit_rating_address=$BIND_HOST:$(service_var credit-rating GRPC_PORT 50052)" \
        "--relationship_address=$BIND_HOST:$(service_var relationship-service GRPC_PORT 50053)" \
        "--service_token_file=$SECRETS_DIR/risk-warning.token"
      ;;
  esac
}

# mint_token SUBJECT ROLES TTL_SECONDS: a JWT signed with the local key, on stdout.
mint_token() {
  local token
  token="$("$MINT" --key_file "$JWT_KEY" --alg HS256 --issuer ccrm-local --audience ccrm \
    --subject "$1" --roles "$2" --ttl_seconds "$3")" || ccrm_die "ccrm-mint-token failed"
  printf '%s' "$token" | tr -d '[:space:]'
}

# Service identities for the calls services make on their own behalf (event consumers,
# background jobs); re-minted on every run, valid for CCRM_SERVICE_TOKEN_TTL_SECONDS.
mint_service_tokens() {
  [[ -x "$MINT" ]] || return 0
  local service
  for service in credit-rating relationship-service risk-warning; do
    (
      umask 077
      mint_token "$service" service "$SERVICE_TOKEN_TTL" >"$SECRETS_DIR/$service.token"
    )
  done
}

# gateway_upstream_host: where the gateway reaches the services (loopback when they listen on a
# wildcard address).
gateway_upstream_host() {
  case "$BIND_HOST" in
    0.0.0.0 | "::" | "[::]" | "*") printf '127.0.0.1' ;;
    *) printf '%s' "$BIND_HOST" ;;
  esac
}

# start_gateway: nginx on GATEWAY_LISTEN (TLS from a local CA) in front of all four services,
# whether each is built or not (calls to one that is not running get UNAVAILABLE).
start_gateway() {
  local entry name grpc_default host
  local -a upstreams=()
  if [[ "${CCRM_SKIP_GATEWAY:-0}" == 1 ]]; then
    ccrm_log "api-gateway: skipped (CCRM_SKIP_GATEWAY=1)"
    ccrm_gateway_stop "$GATEWAY_DIR" "$STOP_TIMEOUT" || ccrm_die "api-gateway: could not stop it"
    return 0
  fi
  if [[ -z "$(ccrm_gateway_nginx)" ]]; then
    ccrm_log "api-gateway: nginx is not installed, skipped (it is in $CCRM_PACKAGES_FILE)"
    return 0
  fi
  host="$(gateway_upstream_host)"
  for entry in "${SERVICES[@]}"; do
    read -r name grpc_default _ <<<"$entry"
    upstreams+=("$name=$host:$(service_var "$name" GRPC_PORT "$grpc_default")")
  done
  ccrm_gateway_tls "$SECRETS_DIR"
  ccrm_gateway_start "$GATEWAY_DIR" "$LOG_DIR" "$GATEWAY_LISTEN" "$SECRETS_DIR" "${upstreams[@]}"
}

print_log_tails() {
  local file
  for file in "$@"; do
    if [[ -s "$file" ]]; then
      ccrm_log "last lines of $file:"
      tail -n 40 "$file" >&2
    fi
  done
}

migrate_service() {
  local service="$1" bin log flags
  bin="$(service_binary "$service")"
  log="$LOG_DIR/$service-migrate.log"
  mapfile -t flags < <(common_flags "$service")
  ccrm_log "$service: applying migrations as ccrm_migrator"
  if ! timeout "$MIGRATE_TIMEOUT" "$bin" --migrate_only "${flags[@]}" \
    --mysql_user=ccrm_migrator --mysql_password_file="$SECRETS_DIR/ccrm_migrator.password" \
    --log_file="$log" </dev/null >>"$log" 2>&1; then
    print_log_tails "$log"
    ccrm_die "$service: migrations failed (log: $log)"
  fi
}

start_service() {
  local service="$1" grpc_port="$2" metrics_port="$3" bin schema flags
  local pid_file="$RUN_DIR/$service.pid" ready="$RUN_DIR/$service.ready"
  local log="$LOG_DIR/$service.log" out="$LOG_DIR/$service.out" pid deadline
  bin="$(service_binary "$service")"
  schema="$(mariadb_schema_for_service "$service")"
  mapfile -t flags < <(common_flags "$service")
  rm -f "$ready"
  ccrm_log "$service: starting on $BIND_HOST:$grpc_port (metrics $BIND_HOST:$metrics_port)"
  # The subshell exits at once: the service is re-parented and outlives this script.
  (
    setsid nohup "$bin" "${flags[@]}" \
      --listen="$BIND_HOST:$grpc_port" \
      --metrics_listen="$BIND_HOST:$metrics_port" \
      --mysql_user="${schema}_svc" \
      --mysql_password_file="$SECRETS_DIR/${schema}_svc.password" \
      --ready_file="$ready" \
      --log_file="$log" \
      </dev/null >>"$out" 2>&1 &
    echo "$!" >"$pid_file"
  )
  pid="$(ccrm_read_pid_file "$pid_file")"
  deadline=$((SECONDS + READY_TIMEOUT))
  until [[ -s "$ready" ]]; do
    if ! ccrm_pid_alive "$pid"; then
      print_log_tails "$log" "$out"
      rm -f "$pid_file"
      ccrm_die "$service: exited before it was ready (logs: $log $out)"
    fi
    if ((SECONDS >= deadline)); then
      print_log_tails "$log" "$out"
      ccrm_stop_pid_file "$pid_file" "$service" 10 || true
      ccrm_die "$service: not ready after ${READY_TIMEOUT}s (logs: $log $out)"
    fi
    sleep 0.2
  done
  ccrm_log "$service: ready (pid $pid)"
}

# --- packages and build ---
if [[ "${CCRM_SKIP_PACKAGES:-0}" != 1 ]]; then
  ccrm_install_packages "$CCRM_PACKAGES_FILE"
fi
if [[ "${CCRM_SKIP_BUILD:-0}" != 1 ]]; then
  ccrm_build "$BUILD_DIR"
fi

# --- state, secrets, database ---
mkdir -p "$LOG_DIR" "$RUN_DIR"
generate_secrets
mint_service_tokens
mariadb_start "$MYSQL_DIR" "$MYSQL_PORT"
all_services=()
for entry in "${SERVICES[@]}"; do
  read -r name _ _ <<<"$entry"
  all_services+=("$name")
done
mariadb_provision "$MYSQL_DIR" "$SECRETS_DIR" "${all_services[@]}"

# --- services: stop old instances (reverse order), then migrate and start in order ---
for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
  read -r name _ _ <<<"${SERVICES[i]}"
  ccrm_stop_pid_file "$RUN_DIR/$name.pid" "$name" "$STOP_TIMEOUT" || ccrm_die "$name: could not stop it"
  rm -f "$RUN_DIR/$name.ready"
done

started=()
for entry in "${SERVICES[@]}"; do
  read -r name grpc_default metrics_default <<<"$entry"
  if [[ ! -x "$(service_binary "$name")" ]]; then
    ccrm_log "$name: not built ($(service_binary "$name") missing), skipped"
    continue
  fi
  grpc_port="$(service_var "$name" GRPC_PORT "$grpc_default")"
  metrics_port="$(service_var "$name" METRICS_PORT "$metrics_default")"
  for port in "$grpc_port" "$metrics_port"; do
    ! ccrm_port_in_use "$port" || ccrm_die "$name: port $port is already in use"
  done
  migrate_service "$name"
  start_service "$name" "$grpc_port" "$metrics_port"
  started+=("$name")
done
((${#started[@]} > 0)) || ccrm_log "no service binary found under $BUILD_DIR/services; only MariaDB runs"

# --- API gateway ---
start_gateway

# --- token and demo data ---
token=""
if [[ -x "$MINT" ]]; then
  token="$(mint_token demo-admin "$ROLES" "$TOKEN_TTL")"
  (
    umask 077
    printf '%s\n' "$token" >"$TOKEN_FILE"
  )
else
  ccrm_log "$MINT not built: no token minted"
fi

customer_ready="$RUN_DIR/customer-profile.ready"
demo_marker="$STATE_DIR/demo-loaded"
demo_loader="$BUILD_DIR/deploy/local/ccrm-demo-load"
if [[ "${CCRM_SKIP_DEMO:-0}" == 1 ]]; then
  ccrm_log "demo data: skipped (CCRM_SKIP_DEMO=1)"
elif [[ -e "$demo_marker" ]]; then
  ccrm_log "demo data: already loaded (delete $demo_marker to load again)"
elif [[ ! -x "$demo_loader" ]]; then
  ccrm_log "demo data: $demo_loader not built, skipped"
elif [[ -z "$token" || ! -s "$customer_ready" ]]; then
  ccrm_log "demo data: needs customer-profile running and a token, skipped"
else
  demo_target="127.0.0.1:$(ready_port "$customer_ready" grpc_port)"
  ccrm_log "demo data: loading into $demo_target"
  if ! "$demo_loader" --target="$demo_target" --token="$token" >"$LOG_DIR/demo-load.log" 2>&1; then
    print_log_tails "$LOG_DIR/demo-load.log"
    ccrm_die "demo data: ccrm-demo-load failed (log: $LOG_DIR/demo-load.log)"
  fi
  date -u +%Y-%m-%dT%H:%M:%SZ >"$demo_marker"
fi

rating_ready="$RUN_DIR/credit-rating.ready"
rating_loader="$BUILD_DIR/deploy/local/ccrm-demo-rate"
if [[ "${CCRM_SKIP_DEMO:-0}" != 1 && -x "$rating_loader" && -n "$token" && -s "$rating_ready" &&
  -s "$customer_ready" ]]; then
  # Idempotent (fixed request ids), so it runs every time: a rebuilt credit-rating catches up.
  ccrm_log "demo ratings: rating the portfolio (analyst drafts, approver approves)"
  if ! "$rating_loader" \
    --customer_profile="127.0.0.1:$(ready_port "$customer_ready" grpc_port)" \
    --credit_rating="127.0.0.1:$(ready_port "$rating_ready" grpc_port)" \
    --reader_token="$token" \
    --analyst_token="$(mint_token demo-analyst credit_analyst 3600)" \
    --approver_token="$(mint_token demo-approver credit_approver 3600)" \
    >"$LOG_DIR/demo-rate.log" 2>&1; then
    print_log_tails "$LOG_DIR/demo-rate.log"
    ccrm_die "demo ratings: ccrm-demo-rate failed (log: $LOG_DIR/demo-rate.log)"
  fi
fi

relationship_ready="$RUN_DIR/relationship-service.ready"
relationship_loader="$BUILD_DIR/deploy/local/ccrm-demo-relationship"
if [[ "${CCRM_SKIP_DEMO:-0}" != 1 && -x "$relationship_loader" && -n "$token" &&
  -s "$relationship_ready" && -s "$customer_ready" ]]; then
  # Idempotent (fixed request ids, assignments kept), so it runs every time.
  ccrm_log "demo relationships: managers, assignments, interactions, requests, surveys"
  if ! "$relationship_loader" \
    --customer_profile="127.0.0.1:$(ready_port "$customer_ready" grpc_port)" \
    --relationship="127.0.0.1:$(ready_port "$relationship_ready" grpc_port)" \
    --token="$token" >"$LOG_DIR/demo-relationship.log" 2>&1; then
    print_log_tails "$LOG_DIR/demo-relationship.log"
    ccrm_die "demo relationships: ccrm-demo-relationship failed (log: $LOG_DIR/demo-relationship.log)"
  fi
fi

risk_ready="$RUN_DIR/risk-warning.ready"
risk_loader="$BUILD_DIR/deploy/local/ccrm-demo-risk"
if [[ "${CCRM_SKIP_DEMO:-0}" != 1 && -x "$risk_loader" && -n "$token" && -s "$risk_ready" &&
  -s "$customer_ready" ]]; then
  # Idempotent (fixed request ids, dates anchored on each customer's creation).
  ccrm_log "demo exposures: facilities, repayments, fund usage, covenants, collateral"
  if ! "$risk_loader" \
    --customer_profile="127.0.0.1:$(ready_port "$customer_ready" grpc_port)" \
    --risk_warning="127.0.0.1:$(ready_port "$risk_ready" grpc_port)" \
    --token="$(mint_token demo-risk-officer risk_officer,auditor 3600)" \
    >"$LOG_DIR/demo-risk.log" 2>&1; then
    print_log_tails "$LOG_DIR/demo-risk.log"
    ccrm_die "demo exposures: ccrm-demo-risk failed (log: $LOG_DIR/demo-risk.log)"
  fi
fi

# --- summary (stdout) ---
echo
echo "ccrm local stack is up (state: $STATE_DIR)"
printf '  %-22s %s\n' "mariadb" "127.0.0.1:$MYSQL_PORT  socket $(mariadb_socket "$MYSQL_DIR")"
first_grpc=""
for name in "${started[@]}"; do
  ready="$RUN_DIR/$name.ready"
  grpc_port="$(ready_port "$ready" grpc_port)"
  metrics_port="$(ready_port "$ready" metrics_port)"
  first_grpc="${first_grpc:-$BIND_HOST:$grpc_port}"
  printf '  %-22s grpc %s  metrics http://%s/metrics  pid %s  log %s\n' "$name" \
    "$BIND_HOST:$grpc_port" "$BIND_HOST:$metrics_port" "$(ccrm_read_pid_file "$RUN_DIR/$name.pid")" \
    "$LOG_DIR/$name.log"
done
gateway_pid=""
if gateway_pid="$(ccrm_gateway_pid "$GATEWAY_DIR")"; then
  printf '  %-22s grpc+tls %s  CA %s  pid %s  log %s\n' "api-gateway" "$GATEWAY_LISTEN" \
    "$SECRETS_DIR/gateway-ca.crt" "$gateway_pid" "$LOG_DIR/api-gateway.access.log"
fi
if [[ -n "$token" ]]; then
  echo
  echo "token (subject demo-admin, roles $ROLES; also in $TOKEN_FILE):"
  echo "$token"
fi
if [[ -n "$first_grpc" ]]; then
  first_metrics="$(ready_port "$RUN_DIR/${started[0]}.ready" metrics_port)"
  auth=""
  if [[ -n "$token" ]]; then
    auth=', metadata=[("authorization", "Bearer " + open("'"$TOKEN_FILE"'").read().strip())]'
  fi
  cat <<EOF

Try it without grpcurl (Debian's /usr/bin/python3 has grpcio; the pyenv python3 may not):
  /usr/bin/python3 -c 'import grpc; c = grpc.insecure_channel("$first_grpc"); print(c.unary_unary("/grpc.health.v1.Health/Check")(b""$auth, timeout=5))'
  -> b'\x08\x01' is HealthCheckResponse{status: SERVING}
  curl -s http://${first_grpc%:*}:$first_metrics/metrics | head
EOF
  if [[ -n "$gateway_pid" && -n "$token" ]]; then
    cat <<EOF
Through the API gateway (TLS; the four public services only, event feeds are not exposed):
  /usr/bin/python3 -c 'import grpc; c = grpc.secure_channel("$GATEWAY_LISTEN", grpc.ssl_channel_credentials(open("$SECRETS_DIR/gateway-ca.crt", "rb").read())); print(c.unary_unary("/ccrm.customer.v1.CustomerProfile/ListCustomers")(b"\\x08\\x01"$auth, timeout=5)[:60])'
  /usr/bin/python3 deploy/gateway/smoke_check.py --target $GATEWAY_LISTEN --ca-file $SECRETS_DIR/gateway-ca.crt --token-file $TOKEN_FILE --access-log $LOG_DIR/api-gateway.access.log
EOF
  fi
  cat <<EOF
Stop with: deploy/local/down.sh   (--purge also deletes $STATE_DIR)
EOF
else
  echo
  echo "Stop with: deploy/local/down.sh   (--purge also deletes $STATE_DIR)"
fi
