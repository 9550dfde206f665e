#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Tests deploy/gateway/lib.sh, the way deploy/local/up.sh and down.sh use it, without services:
#   - ccrm_gateway_tls makes a CA and a server certificate for 127.0.0.1/localhost (mode 600),
#     keeps them on a second run, and re-issues a certificate that no longer matches its key;
#   - ccrm_gateway_start starts nginx, a gRPC client trusting the CA gets the gateway's
#     UNIMPLEMENTED over TLS, a second start with the same inputs leaves the same process running,
#     a renewed certificate or another listen port restarts it, and a port taken by another
#     program is refused;
#   - ccrm_gateway_stop stops it and is harmless when nothing runs.
#
# Example:
#   tests/deploy/gateway/lib_test.sh
#
# Environment: CCRM_NGINX (default: nginx on the PATH). Needs nginx, openssl and Debian's
# python3-grpcio. Exit status 1 when a check fails; each failure says what was wrong.
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="gateway-lib-test"
# shellcheck source=../../../deploy/local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../deploy/local/lib/common.sh"
# shellcheck source=../../../deploy/gateway/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../deploy/gateway/lib.sh"

WORK="$(mktemp -d /tmp/ccrm-gateway-lib-test.XXXXXX)"
GW="$WORK/gw"
TLS="$WORK/tls"
LOGS="$WORK/logs"
failures=0
passed=0

cleanup() {
  ccrm_gateway_stop "$GW" 10 >/dev/null 2>&1 || true
  if [[ -n "${blocker_pid:-}" ]]; then
    kill "$blocker_pid" 2>/dev/null || true
  fi
  rm -rf -- "$WORK"
}
trap cleanup EXIT

expect() {
  local what="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok    $what"
  else
    failures=$((failures + 1))
    echo "FAIL  $what"
  fi
}

# pid_gone PID: PID has exited (a zombie left by a PID 1 that does not reap counts as exited).
pid_gone() {
  ! ccrm_pid_alive "$1"
}

gateway_not_running() {
  ! ccrm_gateway_pid "$GW" >/dev/null
}

# grpc_answer PORT: the status code name of a call to a path the gateway does not expose, over
# TLS trusting the test CA.
grpc_answer() {
  /usr/bin/python3 - "$1" "$TLS/gateway-ca.crt" <<'EOF'
import sys, grpc
port, ca = sys.argv[1], sys.argv[2]
channel = grpc.secure_channel("127.0.0.1:" + port,
                              grpc.ssl_channel_credentials(open(ca, "rb").read()))
try:
    channel.unary_unary("/ccrm.common.v1.EventFeed/StreamEvents")(b"", timeout=5)
    print("OK")
except grpc.RpcError as e:
    print(e.code().name)
EOF
}

upstreams=()
for service in customer-profile credit-rating relationship-service risk-warning; do
  upstreams+=("$service=127.0.0.1:$(ccrm_pick_free_port)")
done
port_a="$(ccrm_pick_free_port)"
port_b="$(ccrm_pick_free_port)"
while [[ "$port_b" == "$port_a" ]]; do
  port_b="$(ccrm_pick_free_port)"
done

# --- certificates ---
ccrm_gateway_tls "$TLS" 2>/dev/null
expect "a first run issues a server certificate" test "$CCRM_GATEWAY_TLS_RENEWED" = 1
chains() {
  openssl verify -CAfile "$TLS/gateway-ca.crt" "$TLS/gateway.crt" >/dev/null 2>&1
}
expect "the certificate chains to the CA" chains
sans="$(openssl x509 -noout -ext subjectAltName -in "$TLS/gateway.crt")"
expect "the certificate names 127.0.0.1 and localhost" \
  grep -q 'IP Address:127.0.0.1.*DNS:localhost\|DNS:localhost.*IP Address:127.0.0.1' <<<"$sans"
modes="$(stat -c '%a' "$TLS"/gateway-ca.crt "$TLS"/gateway-ca.key "$TLS"/gateway.crt \
  "$TLS"/gateway.key | sort -u)"
expect "every TLS file is mode 600 (got $modes)" test "$modes" = 600
fingerprint="$(openssl x509 -noout -fingerprint -sha256 -in "$TLS/gateway.crt")"
ccrm_gateway_tls "$TLS" 2>/dev/null
expect "a second run keeps the certificate" test "$CCRM_GATEWAY_TLS_RENEWED" = 0
fingerprint_now="$(openssl x509 -noout -fingerprint -sha256 -in "$TLS/gateway.crt")"
expect "  ... unchanged" test "$fingerprint" = "$fingerprint_now"

# --- start, re-start, restart ---
ccrm_gateway_start "$GW" "$LOGS" "127.0.0.1:$port_a" "$TLS" "${upstreams[@]}" 2>/dev/null
pid_1="$(ccrm_gateway_pid "$GW" || true)"
expect "nginx runs after ccrm_gateway_start" test -n "$pid_1"
answer="$(grpc_answer "$port_a")"
expect "over TLS with the CA, the gateway answers UNIMPLEMENTED (got $answer)" \
  test "$answer" = UNIMPLEMENTED

ccrm_gateway_tls "$TLS" 2>/dev/null
ccrm_gateway_start "$GW" "$LOGS" "127.0.0.1:$port_a" "$TLS" "${upstreams[@]}" 2>/dev/null
pid_same="$(ccrm_gateway_pid "$GW" || true)"
expect "the same inputs leave the same nginx running" test "$pid_same" = "$pid_1"

# A key that no longer belongs to the certificate: re-issued, and nginx restarted.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$TLS/gateway.key" 2>/dev/null
ccrm_gateway_tls "$TLS" 2>/dev/null
expect "a certificate that does not match its key is re-issued" test "$CCRM_GATEWAY_TLS_RENEWED" = 1
ccrm_gateway_start "$GW" "$LOGS" "127.0.0.1:$port_a" "$TLS" "${upstreams[@]}" 2>/dev/null
pid_2="$(ccrm_gateway_pid "$GW" || true)"
expect "a renewed certificate restarts nginx" test -n "$pid_2" -a "$pid_2" != "$pid_1"
answer="$(grpc_answer "$port_a")"
expect "  ... which serves the new certificate (got $answer)" test "$answer" = UNIMPLEMENTED

CCRM_GATEWAY_TLS_RENEWED=0
ccrm_gateway_start "$GW" "$LOGS" "127.0.0.1:$port_b" "$TLS" "${upstreams[@]}" 2>/dev/null
pid_3="$(ccrm_gateway_pid "$GW" || true)"
expect "another listen address restarts nginx" test -n "$pid_3" -a "$pid_3" != "$pid_2"
expect "  ... on the new port" ccrm_port_in_use "$port_b"
expect "  ... and off the old one" bash -c "! (exec 3<>/dev/tcp/127.0.0.1/$port_a) 2>/dev/null"

# --- stop, and a port taken by someone else ---
ccrm_gateway_stop "$GW" 10 2>/dev/null
expect "ccrm_gateway_stop stops nginx" pid_gone "$pid_3"
expect "ccrm_gateway_stop with nothing running succeeds" ccrm_gateway_stop "$GW" 10

/usr/bin/python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); time.sleep(60)' \
  "$port_a" &
blocker_pid=$!
until ccrm_port_in_use "$port_a"; do sleep 0.1; done
if (ccrm_gateway_start "$GW" "$LOGS" "127.0.0.1:$port_a" "$TLS" "${upstreams[@]}") 2>/dev/null; then
  refused=0
else
  refused=1
fi
expect "a port another program listens on is refused" test "$refused" = 1
expect "  ... and no nginx was left running" gateway_not_running

echo "$passed checks passed, $failures failed"
((failures == 0))
