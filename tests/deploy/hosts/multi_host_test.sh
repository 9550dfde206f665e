#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Integration test "several hosts": the four services, their MariaDB and the API gateway each run
# in a network namespace of their own, with an address of their own, as on separate machines.
# The services require mutual TLS from every caller (each other, the gateway) and the cross-service
# flow runs end to end through the gateway from a client namespace.
#
# Network (RUN is a random 6-hex-digit id, 10.A.B.0/24 a random subnet; nothing collides with a
# parallel run): a bridge ccb<RUN> in the root namespace, without an address (the root namespace
# is not on the subnet), and one namespace ccrm-<RUN>-<role> per role, each with loopback up and a
# veth to the bridge whose inner end, eth0, holds 10.A.B.N/24:
#   db .10 (MariaDB)         customer-profile .11    credit-rating .12
#   relationship-service .13 risk-warning .14        gateway .20 (nginx)
#   migrate .30 (runs the migrations, as a deploy job would)
#   client .40 (the caller: mTLS probes, ccrm-suite-flow, the gateway smoke check)
#
# Steps (each prints what it did; a failure names its step and shows the relevant log tails):
#   1 network     the bridge, the namespaces, the veths and addresses
#   2 pki         with openssl in the temp dir: a service CA (each service's certificate has its
#                 address as CN and IP SAN and serves as server and client certificate; the
#                 gateway's client certificate; the probe's), a separate gateway CA for the
#                 gateway's listener, a foreign CA; the JWT key, the keyring, the blind-index key,
#                 the service tokens (role service) and the client's token
#   3 database    mariadbd in the db namespace on its address only; schemas and users from
#                 mariadb_provision, then each account moved to the one address that may use it
#                 ('ccrm_customer_svc'@'10.A.B.11', ..., 'ccrm_migrator'@'10.A.B.30') with the
#                 same grants; proves a service's user is refused from another address and
#                 cannot see another service's schema
#   4 migrations  each service's --migrate_only as ccrm_migrator from the migrate namespace
#   5 services    each service in its namespace on its address, with TLS and a required client
#                 certificate, its peers at their addresses over mTLS, its service token, the
#                 event consumers deploy/local/up.sh starts
#   6 mtls        from the client namespace, per service: plaintext, TLS without a client
#                 certificate and TLS with a foreign CA's client certificate are refused, mutual
#                 TLS with the service CA answers SERVING; the service's log shows it refused
#                 the missing and the foreign certificate itself
#   7 peers       every event consumer holds its stream open on its producer, across namespaces
#                 and over mTLS: each producer's ccrm_grpc_server_in_flight equals the number of
#                 consumers following it (customer-profile 2, the others 1)
#   8 gateway     deploy/gateway/render.sh with mTLS to the services, nginx in the gateway
#                 namespace with TLS on its address
#   9 flow        ccrm-suite-flow --mode=check through the gateway from the client namespace:
#                 customer, ratings, overdue facility, the alert on WatchAlerts, and the manager's
#                 follow-up task that reaches relationship-service by the event feed from
#                 risk-warning (service to service, mTLS)
#  10 smoke       deploy/gateway/smoke_check.py through the gateway, and the access log shows
#                 successful calls forwarded to all four service addresses
# On every exit (success, failure, INT, TERM) the processes are stopped and the namespaces,
# veths, bridge and temp dir removed. A run killed with SIGKILL cannot clean up: its namespaces
# are named ccrm-<RUN>-*, its bridge ccb<RUN> (`ip netns list`, `ip link show type bridge`).
#
# Example:
#   CCRM_BUILD_DIR=/work/build tests/deploy/hosts/multi_host_test.sh      # as root
#
# Environment:
#   CCRM_BUILD_DIR            build directory with the service binaries, ccrm-mint-token and
#                             tests/bench/ccrm-suite-flow (default <repo>/build)
#   CCRM_TEST_HOSTS_DEADLINE  seconds all steps together may take (default 150; a run takes
#                             about 10); the cleanup comes after. CCRM_TEST_* survives
#                             tests/run.sh, which drops every other CCRM_* variable
# Needs root (namespaces, veths), iproute2, mariadb-server, nginx, openssl and Debian's
# /usr/bin/python3 with python3-grpcio. Runs its own MariaDB (no CCRM_TEST_MYSQL_*).
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="multi-host-test"
# shellcheck source=../../../deploy/local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../deploy/local/lib/common.sh"
# shellcheck source=../../../deploy/local/lib/mariadb.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../deploy/local/lib/mariadb.sh"
# shellcheck source=../../../deploy/gateway/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../deploy/gateway/lib.sh"

BUILD_DIR="${CCRM_BUILD_DIR:-$CCRM_REPO_ROOT/build}"
[[ "${CCRM_TEST_HOSTS_DEADLINE:-150}" =~ ^[1-9][0-9]*$ ]] ||
  ccrm_die "CCRM_TEST_HOSTS_DEADLINE must be a number of seconds"
DEADLINE=$((SECONDS + ${CCRM_TEST_HOSTS_DEADLINE:-150}))
HERE="$CCRM_REPO_ROOT/tests/deploy/hosts"
PYTHON=/usr/bin/python3
# The services and tools run with this PATH and nothing else from the environment: every
# CCRM_<FLAG> variable would be read as a flag.
CLEAN_PATH=/usr/sbin:/usr/bin:/sbin:/bin

SERVICES=(customer-profile credit-rating relationship-service risk-warning)
ROLES=(db "${SERVICES[@]}" gateway migrate client)
declare -A HOST_NUM=([db]=10 [customer-profile]=11 [credit-rating]=12 [relationship-service]=13
  [risk-warning]=14 [gateway]=20 [migrate]=30 [client]=40)
declare -A GRPC_PORT=([customer-profile]=50051 [credit-rating]=50052
  [relationship-service]=50053 [risk-warning]=50054)
declare -A METRICS_PORT=([customer-profile]=9151 [credit-rating]=9152
  [relationship-service]=9153 [risk-warning]=9154)
DB_PORT=3306
GATEWAY_PORT=8443
JWT_ISSUER=ccrm-multi-host-test
JWT_AUDIENCE=ccrm
FLOW_ROLES="admin,relationship_manager,risk_officer"
BRIDGE_HINT=" (if it cannot connect at all: does a firewall filter bridged traffic? see
/proc/sys/net/bridge/bridge-nf-call-iptables and the FORWARD chain)"

RUN_ID=""
SUBNET=""
BRIDGE=""
WORK=""
PKI=""
SECRETS=""
LOGS=""
DB_DIR=""
GATEWAY_DIR=""
DB_STARTED=0
BRIDGE_CREATED=0
CURRENT_STEP="preflight"
INTERRUPTED=""
FAILURE_REPORTED=0
CREATED_NS=()
CREATED_VETHS=()
declare -A PIDS=()

# --- helpers ---

role_ns() {
  printf 'ccrm-%s-%s' "$RUN_ID" "$1"
}

role_ip() {
  printf '%s.%s' "$SUBNET" "${HOST_NUM[$1]}"
}

service_address() {
  printf '%s:%s' "$(role_ip "$1")" "${GRPC_PORT[$1]}"
}

metrics_url() {
  printf 'http://%s:%s/metrics' "$(role_ip "$1")" "${METRICS_PORT[$1]}"
}

# in_ns ROLE COMMAND...: runs COMMAND in ROLE's network namespace with a clean environment.
# nsenter and env exec COMMAND (ip netns exec would fork and wait, and keep a pid of its own).
in_ns() {
  local role="$1"
  shift
  nsenter --net="/run/netns/$(role_ns "$role")" env -i PATH="$CLEAN_PATH" "$@"
}

# budget: seconds left of CCRM_TEST_HOSTS_DEADLINE (at least 1), for timeouts.
budget() {
  local left=$((DEADLINE - SECONDS))
  ((left > 0)) || left=1
  printf '%s' "$left"
}

step() {
  CURRENT_STEP="$1"
  ((SECONDS < DEADLINE)) ||
    fail "out of time: all steps may take ${CCRM_TEST_HOSTS_DEADLINE:-150}s (the deadline)"
  ccrm_log "step $1"
}

print_log_tails() {
  local file
  for file in "$@"; do
    if [[ -s "$file" ]]; then
      ccrm_log "last lines of ${file##*/}:"
      tail -n 40 "$file" >&2
    fi
  done
}

# fail MESSAGE [LOG...]: reports MESSAGE as the failure of the current step, shows the logs' last
# lines and exits 1 (the EXIT trap cleans up).
fail() {
  local message="$1"
  shift
  FAILURE_REPORTED=1
  print_log_tails "$@"
  ccrm_log "FAILED in step $CURRENT_STEP: $message"
  exit 1
}

# start_in_ns ROLE LOG COMMAND...: starts COMMAND in ROLE's namespace in the background (stdout
# and stderr to LOG) and records its pid under ROLE (nsenter and env exec it: the pid is
# COMMAND's).
start_in_ns() {
  local role="$1" log="$2"
  shift 2
  # A simple command, not in_ns: bash execs it in the background child, so $! is its pid.
  nsenter --net="/run/netns/$(role_ns "$role")" env -i PATH="$CLEAN_PATH" "$@" \
    </dev/null >>"$log" 2>&1 &
  PIDS[$role]=$!
}

# stop_started ROLE...: SIGTERM to the processes start_in_ns started for these roles, up to 15 s
# for all of them to exit, then SIGKILL. Fails when one survives.
stop_started() {
  local role pid deadline status=0
  for role in "$@"; do
    pid="${PIDS[$role]:-}"
    if [[ -n "$pid" ]] && ccrm_pid_alive "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  deadline=$((SECONDS + 15))
  for role in "$@"; do
    pid="${PIDS[$role]:-}"
    [[ -n "$pid" ]] || continue
    unset "PIDS[$role]"
    ccrm_wait_pid_exit "$pid" $((deadline > SECONDS ? deadline - SECONDS : 0)) && continue
    ccrm_log "cleanup: $role (pid $pid) still running after SIGTERM, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    ccrm_wait_pid_exit "$pid" 10 || {
      ccrm_log "cleanup: $role (pid $pid) survived SIGKILL"
      status=1
    }
  done
  return "$status"
}

# remove_network: deletes our veths, our namespaces (killing anything still in one: only this
# run's processes can be there) and the bridge. Fails when something was left behind.
remove_network() {
  local ns pid veth status=0
  local -a leftover
  for veth in "${CREATED_VETHS[@]}"; do
    if ip link show "$veth" >/dev/null 2>&1; then
      ip link del "$veth" || status=1
    fi
  done
  CREATED_VETHS=()
  for ns in "${CREATED_NS[@]}"; do
    mapfile -t leftover < <(ip netns pids "$ns" 2>/dev/null || true)
    for pid in "${leftover[@]}"; do
      ccrm_log "cleanup: pid $pid ($(ccrm_pid_exe_name "$pid")) still in $ns, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      status=1
    done
    ip netns del "$ns" 2>/dev/null || {
      ccrm_log "cleanup: could not delete namespace $ns"
      status=1
    }
  done
  CREATED_NS=()
  if ((BRIDGE_CREATED)) && ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link del "$BRIDGE" || {
      ccrm_log "cleanup: could not delete bridge $BRIDGE"
      status=1
    }
  fi
  return "$status"
}

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$? clean=1
  trap - EXIT INT TERM
  set +e
  if [[ -n "$INTERRUPTED" ]]; then
    ccrm_log "FAILED: interrupted by SIG$INTERRUPTED in step $CURRENT_STEP"
  elif ((rc != 0 && FAILURE_REPORTED == 0)); then
    [[ -z "$LOGS" ]] || print_log_tails "$LOGS"/*.log "$LOGS"/*.out
    ccrm_log "FAILED in step $CURRENT_STEP (exit status $rc)"
  fi
  ccrm_log "cleanup: stopping the gateway, the services and MariaDB; removing the namespaces"
  # Front to back: the gateway, the services, then the database they write to.
  if [[ -n "$GATEWAY_DIR" ]]; then
    ccrm_gateway_stop "$GATEWAY_DIR" 10 || clean=0
  fi
  stop_started gateway "${SERVICES[@]}" || clean=0
  if ((DB_STARTED)); then
    mariadb_stop "$DB_DIR" 2>/dev/null || {
      ccrm_log "cleanup: mariadb_stop failed"
      clean=0
    }
  fi
  stop_started "${!PIDS[@]}" || clean=0
  remove_network || clean=0
  if [[ -n "$WORK" ]]; then
    rm -rf -- "$WORK" || clean=0
  fi
  if ((!clean)); then
    ccrm_log "FAILED: the cleanup found processes still running or could not remove something" \
      "(see above)"
    rc=1
  elif ((rc == 0)); then
    ccrm_log "PASSED: all steps; everything stopped and removed"
  fi
  exit "$rc"
}

# --- step 0: preflight ---

preflight() {
  local tool
  ((EUID == 0)) || ccrm_die "needs root: it creates network namespaces, veths and a bridge"
  for tool in ip nsenter mariadbd mariadb-install-db mariadb openssl "$PYTHON"; do
    command -v "$tool" >/dev/null 2>&1 || ccrm_die "$tool is not installed"
  done
  [[ -n "$(ccrm_gateway_nginx)" ]] || ccrm_die "nginx is not installed"
  "$PYTHON" -c 'import grpc' 2>/dev/null || ccrm_die "$PYTHON has no grpc module (python3-grpcio)"
  for tool in "${SERVICES[@]}"; do
    [[ -x "$BUILD_DIR/services/$tool/$tool" ]] ||
      ccrm_die "$BUILD_DIR/services/$tool/$tool is not built"
  done
  for tool in common/auth/ccrm-mint-token tests/bench/ccrm-suite-flow; do
    [[ -x "$BUILD_DIR/$tool" ]] || ccrm_die "$BUILD_DIR/$tool is not built"
  done
}

# pick_names: a run id no namespace or link uses yet, and a 10.A.B.0/24 no address of the root
# namespace is in (the root namespace never joins the subnet; this only avoids confusion).
pick_names() {
  local i a b
  for ((i = 0; i < 20; i++)); do
    RUN_ID="$(openssl rand -hex 3)"
    BRIDGE="ccb$RUN_ID"
    if ! ip link show "$BRIDGE" >/dev/null 2>&1 &&
      ! ip netns list | grep -q "^ccrm-$RUN_ID-"; then
      break
    fi
    RUN_ID=""
  done
  [[ -n "$RUN_ID" ]] || ccrm_die "no unused run id found"
  for ((i = 0; i < 20; i++)); do
    a=$((100 + RANDOM % 155))
    b=$((RANDOM % 256))
    if ! ip -4 -o addr show | grep -q " 10\.$a\.$b\."; then
      SUBNET="10.$a.$b"
      return 0
    fi
  done
  ccrm_die "no unused 10.x.y.0/24 found"
}

# --- step 1: network ---

setup_network() {
  local role ns veth
  ip link add name "$BRIDGE" type bridge || fail "could not create bridge $BRIDGE"
  BRIDGE_CREATED=1
  ip link set "$BRIDGE" up
  for role in "${ROLES[@]}"; do
    ns="$(role_ns "$role")"
    veth="cv$RUN_ID${HOST_NUM[$role]}"
    ip netns add "$ns" || fail "could not create namespace $ns"
    CREATED_NS+=("$ns")
    ip -n "$ns" link set lo up
    ip link add "$veth" type veth peer name eth0 netns "$ns" || fail "could not create veth $veth"
    CREATED_VETHS+=("$veth")
    ip link set "$veth" master "$BRIDGE"
    ip link set "$veth" up
    ip -n "$ns" addr add "$(role_ip "$role")/24" dev eth0
    ip -n "$ns" link set eth0 up
    ccrm_log "  $ns: eth0 $(role_ip "$role")/24 (veth $veth on $BRIDGE), lo up"
  done
}

# --- step 2: certificates and secrets ---

new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null ||
    fail "openssl could not generate $1"
}

# new_ca NAME COMMON_NAME: PKI/NAME.crt and .key, a CA valid for 2 days.
new_ca() {
  new_key "$PKI/$1.key"
  openssl req -x509 -new -key "$PKI/$1.key" -out "$PKI/$1.crt" -days 2 \
    -subj "/O=ccrm multi-host test/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null || fail "openssl: CA $1"
}

# issue_cert CA NAME COMMON_NAME SUBJECT_ALT_NAME EXTENDED_KEY_USAGE: PKI/NAME.crt and .key
# signed by PKI/CA, valid for 1 day.
issue_cert() {
  local ca="$1" name="$2"
  new_key "$PKI/$name.key"
  printf '%s\n' "subjectAltName=$4" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=$5" >"$PKI/$name.ext"
  openssl req -new -key "$PKI/$name.key" -subj "/O=ccrm multi-host test/CN=$3" \
    -out "$PKI/$name.csr" 2>/dev/null || fail "openssl: request for $name"
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days 1 -extfile "$PKI/$name.ext" \
    -out "$PKI/$name.crt" 2>/dev/null || fail "openssl: certificate $name"
  rm -f "$PKI/$name.csr" "$PKI/$name.ext"
}

# verify_cert CA NAME PURPOSE...: the certificate chains to CA and is fit for each PURPOSE.
verify_cert() {
  local ca="$1" name="$2" purpose out
  shift 2
  for purpose in "$@"; do
    out="$(openssl verify -CAfile "$PKI/$ca.crt" -purpose "$purpose" "$PKI/$name.crt" 2>&1)" ||
      fail "certificate $name does not verify against $ca for $purpose: $out"
  done
}

mint_token() {
  "$BUILD_DIR/common/auth/ccrm-mint-token" --key_file "$SECRETS/jwt-hs256.key" --alg HS256 \
    --issuer "$JWT_ISSUER" --audience "$JWT_AUDIENCE" --subject "$1" --roles "$2" \
    --ttl_seconds 3600 | tr -d '[:space:]'
}

make_pki_and_secrets() {
  local service ip key
  (umask 077 && mkdir -p "$PKI" "$SECRETS")
  # Services and their callers (the gateway, the probe) share one CA; the gateway's listener has
  # its own, which is all a client of the gateway trusts. A third CA signs a client the services
  # must refuse.
  new_ca service-ca "ccrm multi-host test service CA"
  new_ca gateway-ca "ccrm multi-host test gateway CA"
  new_ca foreign-ca "ccrm multi-host test foreign CA"
  for service in "${SERVICES[@]}"; do
    ip="$(role_ip "$service")"
    # gRPC checks the IP SAN against the address it dials; nginx's grpc_ssl_verify checks names
    # with X509_check_host, which looks at DNS SANs only and, when there are none, at the CN: so
    # the address is the CN too (and there is no DNS SAN).
    issue_cert service-ca "$service" "$ip" "IP:$ip" "serverAuth,clientAuth"
    verify_cert service-ca "$service" sslserver sslclient
  done
  issue_cert service-ca gateway-upstream api-gateway "DNS:api-gateway" clientAuth
  verify_cert service-ca gateway-upstream sslclient
  issue_cert service-ca probe multi-host-test-probe "DNS:multi-host-test-probe" clientAuth
  verify_cert service-ca probe sslclient
  issue_cert foreign-ca foreign multi-host-test-probe "DNS:multi-host-test-probe" clientAuth
  verify_cert foreign-ca foreign sslclient
  ip="$(role_ip gateway)"
  issue_cert gateway-ca gateway "$ip" "IP:$ip" serverAuth
  verify_cert gateway-ca gateway sslserver
  ccrm_log "  CAs: service-ca (services, gateway and probe client certificates), gateway-ca" \
    "(the gateway's listener, $ip), foreign-ca (a client the services must refuse)"

  (
    umask 077
    key="$(openssl rand -hex 32)" && printf '%s' "$key" >"$SECRETS/jwt-hs256.key"
    key="$(openssl rand -hex 32)" && printf '%s' "$key" >"$SECRETS/blind-index.key"
    key="$(openssl rand -base64 32)" && printf 'k1 %s\nactive k1\n' "$key" >"$SECRETS/keyring"
  ) || fail "could not write the secrets"
  for service in credit-rating relationship-service risk-warning; do
    (umask 077 && mint_token "$service" service >"$SECRETS/$service.token") ||
      fail "ccrm-mint-token failed for $service"
  done
  (umask 077 && mint_token multi-host-test-client "$FLOW_ROLES" >"$SECRETS/client.token") ||
    fail "ccrm-mint-token failed for the client"
  ccrm_log "  secrets: JWT key, keyring, blind-index key; service tokens (role service) for" \
    "credit-rating, relationship-service, risk-warning; client token ($FLOW_ROLES)"
}

# --- step 3: database ---

start_database() {
  DB_STARTED=1
  # mariadb_start's server, listening on the db namespace's address.
  mariadb_start "$DB_DIR" "$DB_PORT" "$(role_ip db)" ip netns exec "$(role_ns db)" \
    2>>"$LOGS/mariadb-start.log" || fail "mariadbd did not come up" "$LOGS/mariadb-start.log"
  ccrm_log "  mariadbd (pid $(mariadb_pid "$DB_DIR")) listens on $(role_ip db):$DB_PORT in" \
    "$(role_ns db)"
}

# rehome_account USER ADDRESS: creates USER@ADDRESS with USER's password and exactly the grants
# USER@127.0.0.1 has (as mariadb_provision made them), then drops USER@localhost and
# USER@127.0.0.1: the account can only be used from ADDRESS.
rehome_account() {
  local user="$1" address="$2" grants line sql
  grants="$(mariadb_sql "$DB_DIR" "SHOW GRANTS FOR '$user'@'127.0.0.1'")" ||
    fail "SHOW GRANTS for $user failed" "$(mariadb_error_log "$DB_DIR")"
  sql="CREATE USER '$user'@'$address' IDENTIFIED BY '$(<"$SECRETS/$user.password")';"$'\n'
  while IFS= read -r line; do
    [[ "$line" == "GRANT USAGE ON *.* TO "* ]] && continue
    [[ "$line" == *"TO \`$user\`@\`127.0.0.1\`"* ]] || fail "unexpected grant for $user: $line"
    sql+="${line//\`$user\`@\`127.0.0.1\`/\`$user\`@\`$address\`};"$'\n'
  done <<<"$grants"
  sql+="DROP USER '$user'@'localhost', '$user'@'127.0.0.1';"
  mariadb_sql "$DB_DIR" "$sql" >/dev/null || fail "moving $user to $address failed"
}

# db_query ROLE USER SQL: runs SQL as USER over TCP from ROLE's namespace; prints the rows, or the
# client's error, and returns the client's status.
db_query() {
  local cnf="$SECRETS/db-client-$2.cnf"
  if [[ ! -e "$cnf" ]]; then
    (umask 077 && printf '[client]\nhost=%s\nport=%s\nuser=%s\npassword=%s\n' \
      "$(role_ip db)" "$DB_PORT" "$2" "$(<"$SECRETS/$2.password")" >"$cnf")
  fi
  in_ns "$1" timeout 15 mariadb --defaults-file="$cnf" --connect-timeout=5 --batch \
    --skip-column-names -e "$3" 2>&1
}

setup_database() {
  local service user out expected actual
  start_database
  mariadb_provision "$DB_DIR" "$SECRETS" "${SERVICES[@]}" 2>>"$LOGS/provision.log" ||
    fail "mariadb_provision failed" "$LOGS/provision.log"
  expected="ccrm_migrator@$(role_ip migrate)"
  for service in "${SERVICES[@]}"; do
    user="$(mariadb_schema_for_service "$service")_svc"
    rehome_account "$user" "$(role_ip "$service")"
    expected+=$'\n'"$user@$(role_ip "$service")"
  done
  rehome_account ccrm_migrator "$(role_ip migrate)"
  actual="$(mariadb_sql "$DB_DIR" "SELECT CONCAT(User, '@', Host) FROM mysql.user
    WHERE User LIKE 'ccrm%' OR User = '' ORDER BY 1")"
  expected="$(sort <<<"$expected")"
  [[ "$actual" == "$expected" ]] ||
    fail "unexpected accounts: ${actual//$'\n'/ } (expected ${expected//$'\n'/ })"
  ccrm_log "  accounts: ${actual//$'\n'/ }"

  # Every service's user works from its own address and nowhere else.
  for service in "${SERVICES[@]}"; do
    user="$(mariadb_schema_for_service "$service")_svc"
    out="$(db_query "$service" "$user" "SELECT CURRENT_USER()")" ||
      fail "$user cannot log in from $(role_ip "$service"): $out$BRIDGE_HINT" \
        "$(mariadb_error_log "$DB_DIR")"
    [[ "$out" == "$user@$(role_ip "$service")" ]] ||
      fail "$user from $(role_ip "$service") logged in as '$out'"
  done
  ccrm_log "  each service's user logs in from its own address over $(role_ip db):$DB_PORT"
  if out="$(db_query client ccrm_customer_svc "SELECT CURRENT_USER()")"; then
    fail "ccrm_customer_svc logged in from the client's address $(role_ip client) as '$out'"
  fi
  # The client (which tries TLS first) reports the server's 1130 inside its own error 2002.
  [[ "$out" == *"1130"*"is not allowed to connect"* ]] ||
    fail "ccrm_customer_svc from $(role_ip client): expected 1130 (host not allowed), got: $out"
  ccrm_log "  ccrm_customer_svc from the client's address $(role_ip client) is refused (1130)"
  if out="$(db_query customer-profile ccrm_customer_svc "SHOW TABLES FROM ccrm_risk")"; then
    fail "ccrm_customer_svc can read risk-warning's schema ccrm_risk"
  fi
  [[ "$out" == *"ERROR 1044"* ]] ||
    fail "ccrm_customer_svc on ccrm_risk: expected ERROR 1044, got: $out"
  ccrm_log "  ccrm_customer_svc cannot see risk-warning's schema ccrm_risk (1044, access denied)"
}

# --- steps 4 and 5: migrations and services ---

# peer_flags PREFIX PEER OWN: the flags for calling service PEER (flag prefix PREFIX) over mTLS
# with OWN's certificate.
peer_flags() {
  printf '%s\n' \
    "--$1_address=$(service_address "$2")" \
    "--$1_tls_ca_file=$PKI/service-ca.crt" \
    "--$1_tls_cert_file=$PKI/$3.crt" \
    "--$1_tls_key_file=$PKI/$3.key"
}

# service_flags SERVICE: the flags both the migration run and the server of SERVICE get, one a
# line (deploy/local/up.sh's common_flags, with addresses and TLS for the namespaces).
service_flags() {
  local service="$1"
  printf '%s\n' \
    "--mysql_host=$(role_ip db)" \
    "--mysql_port=$DB_PORT" \
    "--mysql_database=$(mariadb_schema_for_service "$service")" \
    "--migrations_dir=$CCRM_REPO_ROOT/services/$service/migrations" \
    "--jwt_issuer=$JWT_ISSUER" \
    "--jwt_audience=$JWT_AUDIENCE" \
    "--jwt_hs256_key_file=$SECRETS/jwt-hs256.key"
  case "$service" in
    customer-profile)
      printf '%s\n' \
        "--encryption_keyring_file=$SECRETS/keyring" \
        "--blind_index_key_file=$SECRETS/blind-index.key"
      ;;
    credit-rating)
      peer_flags customer_profile customer-profile "$service"
      printf '%s\n' \
        "--service_token_file=$SECRETS/$service.token" \
        "--credit_bureau=file:$CCRM_REPO_ROOT/deploy/local/demo/credit-bureau.json"
      ;;
    relationship-service)
      peer_flags customer_profile customer-profile "$service"
      peer_flags risk_warning risk-warning "$service"
      printf '%s\n' \
        "--service_token_file=$SECRETS/$service.token" \
        "--consume_alert_events=true"
      ;;
    risk-warning)
      peer_flags customer_profile customer-profile "$service"
      peer_flags credit_rating credit-rating "$service"
      peer_flags relationship relationship-service "$service"
      printf '%s\n' "--service_token_file=$SECRETS/$service.token"
      ;;
  esac
}

run_migrations() {
  local service log
  local -a flags
  for service in "${SERVICES[@]}"; do
    log="$LOGS/$service-migrate.log"
    mapfile -t flags < <(service_flags "$service")
    in_ns migrate timeout "$(budget)" "$BUILD_DIR/services/$service/$service" --migrate_only \
      "${flags[@]}" --mysql_user=ccrm_migrator \
      --mysql_password_file="$SECRETS/ccrm_migrator.password" </dev/null >"$log" 2>&1 ||
      fail "$service: migrations as ccrm_migrator from $(role_ip migrate) failed" "$log" \
        "$(mariadb_error_log "$DB_DIR")"
    ccrm_log "  $service: migrations applied (ccrm_migrator@$(role_ip migrate))"
  done
}

start_service() {
  local service="$1" ip user pid deadline ready="$WORK/run/$1.ready" log="$LOGS/$1.log"
  local -a flags
  ip="$(role_ip "$service")"
  user="$(mariadb_schema_for_service "$service")_svc"
  mapfile -t flags < <(service_flags "$service")
  start_in_ns "$service" "$log" "$BUILD_DIR/services/$service/$service" "${flags[@]}" \
    --listen="$ip:${GRPC_PORT[$service]}" \
    --metrics_listen="$ip:${METRICS_PORT[$service]}" \
    --mysql_user="$user" \
    --mysql_password_file="$SECRETS/$user.password" \
    --tls_cert_file="$PKI/$service.crt" \
    --tls_key_file="$PKI/$service.key" \
    --tls_client_ca_file="$PKI/service-ca.crt" \
    --ready_file="$ready" \
    --drain_timeout=2s
  # (A short drain: the services are only stopped by the cleanup, when no call is in flight; the
  # consumers' event streams are cancelled at once anyway.)
  pid="${PIDS[$service]}"
  deadline=$((SECONDS + 60 < DEADLINE ? SECONDS + 60 : DEADLINE))
  until [[ -s "$ready" ]]; do
    ccrm_pid_alive "$pid" || fail "$service exited before it was ready" "$log"
    ((SECONDS < deadline)) || fail "$service not ready within 60s" "$log"
    sleep 0.2
  done
  [[ "$(ccrm_pid_exe_name "$pid")" == "$service" ]] ||
    fail "pid $pid is $(ccrm_pid_exe_name "$pid"), not $service"
  ccrm_log "  $service (pid $pid): $ip:${GRPC_PORT[$service]} in $(role_ns "$service")," \
    "TLS with required client certificates, database user $user"
}

# --- step 6: mTLS ---

check_mtls() {
  local service out reason
  for service in "${SERVICES[@]}"; do
    if ! out="$(in_ns client timeout "$(budget)" "$PYTHON" "$HERE/hosts_check.py" mtls \
      "$(service_address "$service")" "$PKI/service-ca.crt" "$PKI/probe.crt" "$PKI/probe.key" \
      "$PKI/foreign.crt" "$PKI/foreign.key" 2>&1)"; then
      printf '%s\n' "$out" >&2
      fail "$service at $(service_address "$service") does not enforce mutual TLS as required" \
        "$LOGS/$service.log"
    fi
    printf '%s\n' "$out" | sed 's/^/  /' >&2
    # The refusals were the service's own TLS checks (OpenSSL's reasons in gRPC's log).
    for reason in "peer did not return a certificate" "certificate verify failed"; do
      grep -q "Handshake failed.*$reason" "$LOGS/$service.log" ||
        fail "$service's log does not show the handshake it refused: '$reason'" \
          "$LOGS/$service.log"
    done
    ccrm_log "  $service refused them itself (its log: 'peer did not return a certificate'," \
      "'certificate verify failed')"
  done
}

# --- step 7: peers ---

check_peer_streams() {
  local out
  # producer=number of consumers following it (docs/operations.md, Event consumers).
  if ! out="$(in_ns client timeout "$(budget)" "$PYTHON" "$HERE/hosts_check.py" in-flight 15 \
    "$(metrics_url customer-profile)=2" "$(metrics_url credit-rating)=1" \
    "$(metrics_url relationship-service)=1" "$(metrics_url risk-warning)=1" 2>&1)"; then
    printf '%s\n' "$out" >&2
    fail "not every event consumer has its stream open on its producer" \
      "$LOGS/credit-rating.log" "$LOGS/relationship-service.log" "$LOGS/risk-warning.log"
  fi
  printf '%s\n' "$out" | sed 's/^/  /' >&2
  ccrm_log "  streams: customer-profile <- credit-rating, relationship-service;" \
    "credit-rating <- risk-warning; relationship-service <- risk-warning;" \
    "risk-warning <- relationship-service"
}

# --- step 8: gateway ---

start_gateway() {
  local nginx pid ip service deadline
  local -a upstreams=()
  nginx="$(ccrm_gateway_nginx)"
  ip="$(role_ip gateway)"
  for service in "${SERVICES[@]}"; do
    upstreams+=(--upstream "$service=$(service_address "$service")")
  done
  mkdir -p "$GATEWAY_DIR"
  # In the gateway's namespace: render.sh's nginx -t binds the listener's address.
  in_ns gateway CCRM_NGINX="$nginx" "$CCRM_REPO_ROOT/deploy/gateway/render.sh" \
    --out "$GATEWAY_DIR/conf" \
    --environment multi-host-test --listen "$ip:$GATEWAY_PORT" \
    --tls-cert "$PKI/gateway.crt" --tls-key "$PKI/gateway.key" \
    --state-dir "$GATEWAY_DIR/state" --access-log "$LOGS/gateway.access.log" \
    --error-log "$LOGS/gateway.error.log" --workers 1 "${upstreams[@]}" \
    --upstream-ca "$PKI/service-ca.crt" --upstream-cert "$PKI/gateway-upstream.crt" \
    --upstream-key "$PKI/gateway-upstream.key" >"$LOGS/gateway-render.log" 2>&1 ||
    fail "deploy/gateway/render.sh failed" "$LOGS/gateway-render.log"
  ccrm_log "  rendered $GATEWAY_DIR/conf: TLS listener $ip:$GATEWAY_PORT, mTLS to the services" \
    "(client certificate CN=api-gateway, service CA)"
  start_in_ns gateway "$LOGS/gateway.out" "$nginx" -e "$LOGS/gateway.error.log" \
    -c "$GATEWAY_DIR/conf/nginx.conf"
  pid="${PIDS[gateway]}"
  deadline=$((SECONDS + 30 < DEADLINE ? SECONDS + 30 : DEADLINE))
  # shellcheck disable=SC2016  # $1 and $2 are the inner shell's arguments
  until in_ns client bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$ip" "$GATEWAY_PORT" 2>/dev/null; do
    ccrm_pid_alive "$pid" || fail "nginx exited" "$LOGS/gateway.error.log" "$LOGS/gateway.out"
    ((SECONDS < deadline)) || fail "nginx does not listen on $ip:$GATEWAY_PORT" \
      "$LOGS/gateway.error.log"
    sleep 0.1
  done
  ccrm_log "  nginx (pid $pid) in $(role_ns gateway) accepts connections on $ip:$GATEWAY_PORT" \
    "from $(role_ip client)"
}

# --- steps 9 and 10: through the gateway ---

run_flow() {
  local log="$LOGS/suite-flow.log" result
  if ! in_ns client timeout "$(budget)" "$BUILD_DIR/tests/bench/ccrm-suite-flow" --mode=check \
    --gateway="$(role_ip gateway):$GATEWAY_PORT" --ca_file="$PKI/gateway-ca.crt" \
    --token_file="$SECRETS/client.token" </dev/null >"$log" 2>&1; then
    fail "ccrm-suite-flow --mode=check through the gateway failed" "$log" \
      "$LOGS/gateway.error.log" "$LOGS/risk-warning.log" "$LOGS/relationship-service.log"
  fi
  result="$(grep '^RESULT ' "$log" || true)"
  [[ -n "$result" ]] || fail "ccrm-suite-flow exited 0 but printed no RESULT line" "$log"
  ccrm_log "  $result"
}

run_smoke() {
  local log="$LOGS/smoke-check.log" out service
  local -a addresses=()
  if ! in_ns client timeout "$(budget)" "$PYTHON" "$CCRM_REPO_ROOT/deploy/gateway/smoke_check.py" \
    --target "$(role_ip gateway):$GATEWAY_PORT" --ca-file "$PKI/gateway-ca.crt" \
    --token-file "$SECRETS/client.token" --access-log "$LOGS/gateway.access.log" \
    </dev/null >"$log" 2>&1; then
    fail "deploy/gateway/smoke_check.py through the gateway failed" "$log" \
      "$LOGS/gateway.error.log"
  fi
  ccrm_log "  smoke_check.py: $(grep -c '^ok' "$log") checks ok"
  for service in "${SERVICES[@]}"; do
    addresses+=("$(service_address "$service")")
  done
  if ! out="$("$PYTHON" "$HERE/hosts_check.py" access-log "$LOGS/gateway.access.log" \
    "${addresses[@]}" 2>&1)"; then
    printf '%s\n' "$out" >&2
    fail "the gateway's access log does not show calls forwarded to every service address"
  fi
  printf '%s\n' "$out" | sed 's/^/  /' >&2
}

# --- main ---

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
(($# == 0)) || ccrm_die "unexpected argument '$1'"

trap cleanup EXIT
trap 'INTERRUPTED=INT; exit 130' INT
trap 'INTERRUPTED=TERM; exit 143' TERM

preflight
pick_names
WORK="$(mktemp -d /tmp/ccrm-hosts.XXXXXX)"
PKI="$WORK/pki"
SECRETS="$WORK/secrets"
LOGS="$WORK/logs"
DB_DIR="$WORK/db"
GATEWAY_DIR="$WORK/gateway"
mkdir -p "$LOGS" "$WORK/run"
ccrm_log "run $RUN_ID: subnet $SUBNET.0/24, bridge $BRIDGE, temp dir $WORK"

step "1/10 network: bridge, one namespace per role, veths, addresses"
setup_network
step "2/10 pki: CAs, certificates, secrets, tokens"
make_pki_and_secrets
step "3/10 database: MariaDB on $(role_ip db), schemas, per-address users"
setup_database
step "4/10 migrations: from the migrate namespace $(role_ip migrate)"
run_migrations
step "5/10 services: each on its own address, mTLS in and out"
for service in "${SERVICES[@]}"; do
  start_service "$service"
done
step "6/10 mtls: only mutual TLS with the service CA reaches a service (from $(role_ip client))"
check_mtls
step "7/10 peers: every event consumer's stream is open on its producer (mTLS)"
check_peer_streams
step "8/10 gateway: nginx on $(role_ip gateway):$GATEWAY_PORT, mTLS to the services"
start_gateway
step "9/10 flow: ccrm-suite-flow --mode=check through the gateway"
run_flow
step "10/10 smoke: deploy/gateway/smoke_check.py through the gateway, access log"
run_smoke
CURRENT_STEP="cleanup"
ccrm_log "all steps passed in ${SECONDS}s"
