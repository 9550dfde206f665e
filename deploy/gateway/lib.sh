# shellcheck shell=bash source-path=SCRIPTDIR
# Runs the ccrm API gateway (nginx) on this machine: a local CA and server certificate for it,
# and start/stop of an nginx rendered by deploy/gateway/render.sh, with its pid, temp files and
# logs where the caller says. Used by deploy/local/up.sh and down.sh; tests can use it the same
# way. Source it after deploy/local/lib/common.sh; it defines functions only.
#
# Example:
#   source deploy/local/lib/common.sh
#   source deploy/gateway/lib.sh
#   ccrm_gateway_tls /tmp/gw/tls
#   ccrm_gateway_start /tmp/gw /tmp/gw/logs 127.0.0.1:8080 /tmp/gw/tls \
#     customer-profile=127.0.0.1:50051 credit-rating=127.0.0.1:50052 \
#     relationship-service=127.0.0.1:50053 risk-warning=127.0.0.1:50054
#   ccrm_gateway_stop /tmp/gw
#
# Environment read here:
#   CCRM_NGINX                  the nginx binary (default: nginx on the PATH, else /usr/sbin/nginx)
#   CCRM_GATEWAY_READY_TIMEOUT  seconds to wait for nginx to listen (default 30)

if [[ -n "${_CCRM_GATEWAY_LIB_LOADED:-}" ]]; then
  return 0
fi
_CCRM_GATEWAY_LIB_LOADED=1

CCRM_GATEWAY_RENDER="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/render.sh"

# ccrm_gateway_nginx: the nginx binary's path ("" when there is none).
ccrm_gateway_nginx() {
  if [[ -n "${CCRM_NGINX:-}" ]]; then
    printf '%s' "$CCRM_NGINX"
  elif command -v nginx >/dev/null 2>&1; then
    command -v nginx
  elif [[ -x /usr/sbin/nginx ]]; then
    printf '/usr/sbin/nginx'
  fi
}

# _ccrm_gateway_new_key FILE: a new P-256 private key in FILE (mode 600).
_ccrm_gateway_new_key() {
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1") \
    2>/dev/null || ccrm_die "openssl could not generate a key ($1)"
}

# _ccrm_gateway_server_cert_ok DIR: succeeds when DIR/gateway.crt is signed by DIR/gateway-ca.crt,
# is valid for at least 30 more days and belongs to DIR/gateway.key.
_ccrm_gateway_server_cert_ok() {
  local dir="$1" cert_key key
  [[ -s "$dir/gateway.crt" && -s "$dir/gateway.key" ]] || return 1
  openssl verify -CAfile "$dir/gateway-ca.crt" "$dir/gateway.crt" >/dev/null 2>&1 || return 1
  openssl x509 -checkend $((30 * 86400)) -noout -in "$dir/gateway.crt" >/dev/null 2>&1 || return 1
  cert_key="$(openssl x509 -noout -pubkey -in "$dir/gateway.crt" 2>/dev/null)" || return 1
  key="$(openssl pkey -pubout -in "$dir/gateway.key" 2>/dev/null)" || return 1
  [[ "$cert_key" == "$key" ]]
}

# ccrm_gateway_tls DIR: makes sure DIR holds a local CA (gateway-ca.crt/.key, 10 years) and the
# gateway's server certificate signed by it (gateway.crt/.key, 1 year, for IP 127.0.0.1 and DNS
# localhost). Existing files are kept; the server certificate is re-issued when it is missing,
# expires within 30 days, or does not match the CA or its key. Every file is mode 600. Sets
# CCRM_GATEWAY_TLS_RENEWED to 1 when it issued a server certificate, else 0. Exits 1 when
# openssl fails.
ccrm_gateway_tls() {
  local dir="$1" tmp
  CCRM_GATEWAY_TLS_RENEWED=0
  mkdir -p "$dir"
  tmp="$(mktemp -d "$dir/.gateway-tls.XXXXXX")"
  if [[ ! -s "$dir/gateway-ca.crt" || ! -s "$dir/gateway-ca.key" ]]; then
    ccrm_log "api-gateway: creating a local CA in $dir/gateway-ca.crt"
    _ccrm_gateway_new_key "$tmp/ca.key"
    (umask 077 && openssl req -x509 -new -key "$tmp/ca.key" -out "$tmp/ca.crt" -days 3650 \
      -subj "/O=ccrm local/CN=ccrm local gateway CA" \
      -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
      -addext "keyUsage=critical,keyCertSign,cRLSign") 2>/dev/null || {
      rm -rf -- "$tmp"
      ccrm_die "openssl could not create the gateway CA"
    }
    mv -f "$tmp/ca.key" "$dir/gateway-ca.key"
    mv -f "$tmp/ca.crt" "$dir/gateway-ca.crt"
  fi
  if ! _ccrm_gateway_server_cert_ok "$dir"; then
    ccrm_log "api-gateway: issuing its server certificate for 127.0.0.1 and localhost"
    _ccrm_gateway_new_key "$tmp/server.key"
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=serverAuth" >"$tmp/server.ext"
    if ! (umask 077 &&
      openssl req -new -key "$tmp/server.key" -subj "/O=ccrm local/CN=localhost" \
        -out "$tmp/server.csr" &&
      openssl x509 -req -in "$tmp/server.csr" -CA "$dir/gateway-ca.crt" \
        -CAkey "$dir/gateway-ca.key" -set_serial "0x$(openssl rand -hex 16)" -days 365 \
        -extfile "$tmp/server.ext" -out "$tmp/server.crt") >/dev/null 2>&1; then
      rm -rf -- "$tmp"
      ccrm_die "openssl could not issue the gateway's server certificate"
    fi
    mv -f "$tmp/server.key" "$dir/gateway.key"
    mv -f "$tmp/server.crt" "$dir/gateway.crt"
    CCRM_GATEWAY_TLS_RENEWED=1
  fi
  rm -rf -- "$tmp"
  chmod 600 "$dir"/gateway-ca.crt "$dir"/gateway-ca.key "$dir"/gateway.crt "$dir"/gateway.key
}

# ccrm_gateway_pid DIR: prints the pid of the gateway nginx running from DIR; fails when none runs.
ccrm_gateway_pid() {
  local pid
  pid="$(ccrm_read_pid_file "$1/state/nginx.pid")" || return 1
  ccrm_pid_alive "$pid" && [[ "$(ccrm_pid_exe_name "$pid")" == nginx ]] || return 1
  printf '%s' "$pid"
}

# ccrm_gateway_stop DIR [TIMEOUT_SECONDS]: stops the gateway nginx running from DIR (SIGTERM, then
# SIGKILL after TIMEOUT_SECONDS, default 30). Succeeds when nothing runs; fails only when nginx
# survives SIGKILL.
ccrm_gateway_stop() {
  if ccrm_gateway_pid "$1" >/dev/null; then
    ccrm_log "api-gateway: stopping nginx"
  fi
  ccrm_stop_pid_file "$1/state/nginx.pid" nginx "${2:-30}"
}

# _ccrm_gateway_wait_listening PID HOST PORT: waits until nginx (PID) accepts connections.
_ccrm_gateway_wait_listening() {
  local pid="$1" host="$2" port="$3" deadline
  deadline=$((SECONDS + ${CCRM_GATEWAY_READY_TIMEOUT:-30}))
  until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
    ccrm_pid_alive "$pid" || return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
  ccrm_pid_alive "$pid"
}

# ccrm_gateway_start DIR LOG_DIR HOST:PORT TLS_DIR SERVICE=HOST:PORT...: renders the gateway
# for this machine (listener HOST:PORT with TLS_DIR/gateway.crt, the services at the given
# addresses; see render.sh) into DIR/conf, with pid and temp files in DIR/state and logs
# LOG_DIR/api-gateway.{access,error}.log, and makes sure an nginx runs it:
#   - already running with the same configuration and no renewed certificate
#     (CCRM_GATEWAY_TLS_RENEWED from ccrm_gateway_tls): left alone;
#   - otherwise the running one (if any) is stopped and a new one started in the background
#     (setsid, nohup: it outlives the caller), and this waits until it listens.
# Exits 1 when rendering fails, the port is taken by something else, or nginx does not come up.
ccrm_gateway_start() {
  local dir="$1" log_dir="$2" listen="$3" tls_dir="$4"
  shift 4
  local nginx pid upstream host="${listen%:*}" port="${listen##*:}"
  local -a upstream_args=()
  nginx="$(ccrm_gateway_nginx)"
  [[ -n "$nginx" ]] || ccrm_die "api-gateway: nginx is not installed"
  for upstream in "$@"; do
    upstream_args+=(--upstream "$upstream")
  done
  mkdir -p "$dir/state" "$log_dir"
  # nginx resolves the includes next to nginx.conf and render.sh wants absolute paths.
  dir="$(cd "$dir" && pwd -P)"
  log_dir="$(cd "$log_dir" && pwd -P)"
  tls_dir="$(cd "$tls_dir" && pwd -P)"
  rm -rf -- "$dir/conf.new"
  CCRM_NGINX="$nginx" "$CCRM_GATEWAY_RENDER" --out "$dir/conf.new" --environment local \
    --listen "$listen" --tls-cert "$tls_dir/gateway.crt" --tls-key "$tls_dir/gateway.key" \
    --state-dir "$dir/state" --access-log "$log_dir/api-gateway.access.log" \
    --error-log "$log_dir/api-gateway.error.log" --workers 1 "${upstream_args[@]}" ||
    ccrm_die "api-gateway: rendering its configuration failed"

  if pid="$(ccrm_gateway_pid "$dir")"; then
    if [[ "${CCRM_GATEWAY_TLS_RENEWED:-0}" != 1 ]] &&
      diff -rq "$dir/conf" "$dir/conf.new" >/dev/null 2>&1; then
      rm -rf -- "$dir/conf.new"
      ccrm_log "api-gateway: running with this configuration already (pid $pid)"
      return 0
    fi
    ccrm_log "api-gateway: configuration or certificate changed, restarting"
    ccrm_gateway_stop "$dir" || ccrm_die "api-gateway: could not stop pid $pid"
  fi
  ! ccrm_port_in_use "$port" || ccrm_die "api-gateway: port $port is already in use"
  rm -rf -- "$dir/conf"
  mv "$dir/conf.new" "$dir/conf"

  ccrm_log "api-gateway: starting nginx on $listen (TLS)"
  # The subshell exits at once: nginx (daemon off) is re-parented and outlives this script.
  (
    setsid nohup "$nginx" -e "$log_dir/api-gateway.error.log" -c "$dir/conf/nginx.conf" \
      </dev/null >>"$log_dir/api-gateway.out" 2>&1 &
    echo "$!" >"$dir/state/starting.pid"
  )
  pid="$(ccrm_read_pid_file "$dir/state/starting.pid")"
  rm -f "$dir/state/starting.pid"
  if ! _ccrm_gateway_wait_listening "$pid" "$host" "$port"; then
    ccrm_log "last lines of $log_dir/api-gateway.error.log:"
    tail -n 40 "$log_dir/api-gateway.error.log" >&2 2>/dev/null || true
    if ccrm_pid_alive "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
    ccrm_die "api-gateway: nginx did not come up on $listen"
  fi
  ccrm_log "api-gateway: ready (pid $pid)"
}
