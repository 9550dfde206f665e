#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Renders the ccrm API gateway's nginx configuration for one environment into a directory:
#   <out>/nginx.conf      deploy/gateway/nginx.conf.in with this environment's values
#   <out>/upstreams.conf  the four services' addresses (and TLS to them, if asked for)
#   <out>/routes.conf     a copy of deploy/gateway/routes.conf, the same in every environment
# then checks the result with `nginx -t` (unless --no-test). Start nginx with
#   nginx -e <error log> -c <out>/nginx.conf
# (the configuration says `daemon off;`: nginx stays in the foreground).
#
# The Kubernetes renderings are committed: `render.sh --profile k8s` rewrites deploy/gateway/k8s/
# {nginx.conf,upstreams.conf} (h2c to the services) and deploy/gateway/components/upstream-mtls/
# upstreams.conf (mutual TLS to the services), and `render.sh --profile k8s --check` fails when
# any of them is stale.
#
# Example:
#   deploy/gateway/render.sh --out /tmp/gw/conf --environment local \
#     --listen 127.0.0.1:8080 --tls-cert /tmp/gw/server.crt --tls-key /tmp/gw/server.key \
#     --state-dir /tmp/gw/state --access-log /tmp/gw/access.log --error-log /tmp/gw/error.log \
#     --upstream customer-profile=127.0.0.1:50051 --upstream credit-rating=127.0.0.1:50052 \
#     --upstream relationship-service=127.0.0.1:50053 --upstream risk-warning=127.0.0.1:50054
#   deploy/gateway/render.sh --profile k8s --check
#
# Options:
#   --out DIR              where to write the three files (created if missing)
#   --environment NAME     a label written into the files (default "custom")
#   --listen [ADDR:]PORT   the TLS listener; repeatable (e.g. 127.0.0.1:8080, 8443, [::]:8443)
#   --tls-cert FILE        server certificate chain (PEM) of the listener
#   --tls-key FILE         its private key (PEM)
#   --state-dir DIR        nginx.pid and the temp directories; created if missing
#   --access-log PATH      JSON access log: a file, or /dev/stdout
#   --error-log PATH       error log: a file, or stderr
#   --upstream SERVICE=HOST:PORT[,HOST:PORT...]
#                          a service's address(es); all four services are required:
#                          customer-profile, credit-rating, relationship-service, risk-warning
#   --upstream-ca FILE     call the services over TLS, verifying their certificates against this
#                          CA bundle; the name checked is each service's first HOST
#   --upstream-cert FILE / --upstream-key FILE
#                          client certificate for services that require one (mTLS)
#   --workers N|auto       worker processes (default 1)
#   --nginx-version X.Y.Z  the nginx that will run it (default: `nginx -v`); before 1.25.1
#                          HTTP/2 is a `listen` parameter, from 1.25.1 on the `http2` directive
#   --no-test              do not run `nginx -t` on the result
#   --profile k8s          the Kubernetes values (see k8s_profile below); writes deploy/gateway/k8s
#                          and deploy/gateway/components/upstream-mtls
#   --check                with --profile k8s: compare with the committed files instead of writing
#
# Environment:
#   CCRM_NGINX             the nginx binary (default: nginx on the PATH, else /usr/sbin/nginx)
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="gateway-render"
# shellcheck source=../local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib/common.sh"

GATEWAY_DIR="$CCRM_REPO_ROOT/deploy/gateway"
TEMPLATE="$GATEWAY_DIR/nginx.conf.in"
ROUTES="$GATEWAY_DIR/routes.conf"
K8S_DIR="$GATEWAY_DIR/k8s"
K8S_MTLS_DIR="$GATEWAY_DIR/components/upstream-mtls"

# Service name -> nginx upstream name used by routes.conf.
declare -A UPSTREAM_NAME=(
  [customer-profile]=customer_profile
  [credit-rating]=credit_rating
  [relationship-service]=relationship_service
  [risk-warning]=risk_warning
)
SERVICE_ORDER=(customer-profile credit-rating relationship-service risk-warning)

# The nginx image the Kubernetes Deployment runs (deploy/gateway/api-gateway.yaml pins the same
# version; the gateway tests check that the two agree).
K8S_NGINX_VERSION="1.30.5"

usage() {
  sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

nginx_binary() {
  if [[ -n "${CCRM_NGINX:-}" ]]; then
    printf '%s' "$CCRM_NGINX"
  elif command -v nginx >/dev/null 2>&1; then
    command -v nginx
  else
    printf '/usr/sbin/nginx'
  fi
}

# installed_nginx_version: X.Y.Z of the nginx binary; fails when there is none.
installed_nginx_version() {
  local nginx out
  nginx="$(nginx_binary)"
  [[ -x "$nginx" ]] || return 1
  out="$("$nginx" -v 2>&1)" || return 1
  [[ "$out" =~ nginx/([0-9]+\.[0-9]+\.[0-9]+) ]] || return 1
  printf '%s' "${BASH_REMATCH[1]}"
}

# version_at_least VERSION MINIMUM: succeeds when VERSION >= MINIMUM (both X.Y.Z).
version_at_least() {
  local -a have want
  local i
  IFS=. read -r -a have <<<"$1"
  IFS=. read -r -a want <<<"$2"
  for i in 0 1 2; do
    if ((10#${have[i]:-0} != 10#${want[i]:-0})); then
      ((10#${have[i]:-0} > 10#${want[i]:-0}))
      return
    fi
  done
  return 0
}

# check_token WHAT VALUE PATTERN: exits unless VALUE matches the extended regex PATTERN. Values are
# pasted into nginx directives, so nothing that could end or extend a directive gets through.
check_token() {
  [[ "$2" =~ $3 ]] || ccrm_die "$1 '$2' is not acceptable (must match $3)"
}

check_path() {
  check_token "$1" "$2" '^/[A-Za-z0-9_./+@-]+$'
}

check_host_port() {
  check_token "$1" "$2" '^([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}$'
  local port="${2##*:}"
  ((10#$port >= 1 && 10#$port <= 65535)) || ccrm_die "$1 '$2': port out of range"
}

# --- options ---
OUT=""
ENVIRONMENT="custom"
LISTENS=()
TLS_CERT=""
TLS_KEY=""
STATE_DIR=""
ACCESS_LOG=""
ERROR_LOG=""
declare -A UPSTREAMS=()
UPSTREAM_CA=""
UPSTREAM_CERT=""
UPSTREAM_KEY=""
WORKERS="1"
NGINX_VERSION=""
RUN_TEST=1
PROFILE=""
CHECK=0

need_value() {
  if (($# < 2)) || [[ -z "$2" ]]; then
    ccrm_die "option $1 needs a value (see --help)"
  fi
}

parse_args() {
  while (($# > 0)); do
    case "$1" in
      -h | --help)
        usage
        exit 0
        ;;
      --out) need_value "$@"; OUT="$2"; shift 2 ;;
      --environment) need_value "$@"; ENVIRONMENT="$2"; shift 2 ;;
      --listen) need_value "$@"; LISTENS+=("$2"); shift 2 ;;
      --tls-cert) need_value "$@"; TLS_CERT="$2"; shift 2 ;;
      --tls-key) need_value "$@"; TLS_KEY="$2"; shift 2 ;;
      --state-dir) need_value "$@"; STATE_DIR="$2"; shift 2 ;;
      --access-log) need_value "$@"; ACCESS_LOG="$2"; shift 2 ;;
      --error-log) need_value "$@"; ERROR_LOG="$2"; shift 2 ;;
      --upstream)
        need_value "$@"
        [[ "$2" == *=* ]] || ccrm_die "--upstream wants SERVICE=HOST:PORT[,HOST:PORT...], got '$2'"
        [[ -n "${UPSTREAM_NAME[${2%%=*}]:-}" ]] ||
          ccrm_die "--upstream: unknown service '${2%%=*}' (one of: ${SERVICE_ORDER[*]})"
        UPSTREAMS[${2%%=*}]="${2#*=}"
        shift 2
        ;;
      --upstream-ca) need_value "$@"; UPSTREAM_CA="$2"; shift 2 ;;
      --upstream-cert) need_value "$@"; UPSTREAM_CERT="$2"; shift 2 ;;
      --upstream-key) need_value "$@"; UPSTREAM_KEY="$2"; shift 2 ;;
      --workers) need_value "$@"; WORKERS="$2"; shift 2 ;;
      --nginx-version) need_value "$@"; NGINX_VERSION="$2"; shift 2 ;;
      --no-test) RUN_TEST=0; shift ;;
      --profile) need_value "$@"; PROFILE="$2"; shift 2 ;;
      --check) CHECK=1; shift ;;
      *) ccrm_die "unknown argument '$1' (see --help)" ;;
    esac
  done
}

# k8s_profile: the values of the Kubernetes Deployment (deploy/gateway/api-gateway.yaml): TLS
# from the mounted Secret, state in the emptyDir at /tmp/nginx, logs to the container's
# stdout/stderr, and the services by their Service names, which the pod's DNS search path
# resolves in its own namespace (so the manifests stay namespace-agnostic). nginx resolves them
# when it starts; each name is a ClusterIP Service, so nginx holds one stable address per
# service and kube-proxy spreads nginx's upstream connections over the pods.
k8s_profile() {
  ENVIRONMENT="k8s"
  LISTENS=(8443)
  TLS_CERT="/etc/nginx/tls/tls.crt"
  TLS_KEY="/etc/nginx/tls/tls.key"
  STATE_DIR="/tmp/nginx"
  ACCESS_LOG="/dev/stdout"
  ERROR_LOG="stderr"
  UPSTREAMS=(
    [customer-profile]="customer-profile:50051"
    [credit-rating]="credit-rating:50052"
    [relationship-service]="relationship-service:50053"
    [risk-warning]="risk-warning:50054"
  )
  WORKERS="2"
  NGINX_VERSION="$K8S_NGINX_VERSION"
  RUN_TEST=0
}

# k8s_mtls_profile: k8s_profile plus mutual TLS to the services, with the client certificate and
# CA of Secret api-gateway-upstream-tls (mounted by components/upstream-mtls). Each service's
# certificate must name its Service (customer-profile, ...).
k8s_mtls_profile() {
  k8s_profile
  ENVIRONMENT="k8s-mtls"
  UPSTREAM_CA="/etc/nginx/upstream-tls/ca.crt"
  UPSTREAM_CERT="/etc/nginx/upstream-tls/tls.crt"
  UPSTREAM_KEY="/etc/nginx/upstream-tls/tls.key"
}

validate() {
  local service address
  local -a addresses
  [[ -n "$OUT" ]] || ccrm_die "--out is required"
  check_token "--environment" "$ENVIRONMENT" '^[A-Za-z0-9_.-]+$'
  ((${#LISTENS[@]} > 0)) || ccrm_die "--listen is required"
  for address in "${LISTENS[@]}"; do
    check_token "--listen" "$address" \
      '^(([0-9]{1,3}(\.[0-9]{1,3}){3}|\[[0-9A-Fa-f:.]+\]|localhost|\*):)?[0-9]{1,5}$'
  done
  [[ -n "$TLS_CERT" && -n "$TLS_KEY" ]] || ccrm_die "--tls-cert and --tls-key are required"
  check_path "--tls-cert" "$TLS_CERT"
  check_path "--tls-key" "$TLS_KEY"
  [[ -n "$STATE_DIR" ]] || ccrm_die "--state-dir is required"
  check_path "--state-dir" "$STATE_DIR"
  [[ -n "$ACCESS_LOG" ]] || ccrm_die "--access-log is required"
  check_path "--access-log" "$ACCESS_LOG"
  [[ -n "$ERROR_LOG" ]] || ccrm_die "--error-log is required"
  [[ "$ERROR_LOG" == stderr ]] || check_path "--error-log" "$ERROR_LOG"
  for service in "${SERVICE_ORDER[@]}"; do
    [[ -n "${UPSTREAMS[$service]:-}" ]] || ccrm_die "--upstream $service=HOST:PORT is required"
    IFS=, read -r -a addresses <<<"${UPSTREAMS[$service]}"
    ((${#addresses[@]} > 0)) || ccrm_die "--upstream $service: no address"
    for address in "${addresses[@]}"; do
      check_host_port "--upstream $service" "$address"
    done
  done
  if [[ -n "$UPSTREAM_CA" ]]; then
    check_path "--upstream-ca" "$UPSTREAM_CA"
  fi
  if [[ -n "$UPSTREAM_CERT$UPSTREAM_KEY" ]]; then
    [[ -n "$UPSTREAM_CERT" && -n "$UPSTREAM_KEY" ]] ||
      ccrm_die "--upstream-cert and --upstream-key go together"
    [[ -n "$UPSTREAM_CA" ]] || ccrm_die "--upstream-cert needs --upstream-ca (TLS to the services)"
    check_path "--upstream-cert" "$UPSTREAM_CERT"
    check_path "--upstream-key" "$UPSTREAM_KEY"
  fi
  check_token "--workers" "$WORKERS" '^([1-9][0-9]{0,2}|auto)$'
  if [[ -z "$NGINX_VERSION" ]]; then
    NGINX_VERSION="$(installed_nginx_version)" ||
      ccrm_die "no nginx found to ask its version; install nginx or pass --nginx-version"
  fi
  check_token "--nginx-version" "$NGINX_VERSION" '^[0-9]+\.[0-9]+\.[0-9]+$'
}

# listen_directives: the server block's listen lines (and `http2 on;` for nginx >= 1.25.1).
listen_directives() {
  local address flags=" ssl"
  local new_style=0
  if version_at_least "$NGINX_VERSION" 1.25.1; then
    new_style=1
  else
    flags+=" http2"
  fi
  for address in "${LISTENS[@]}"; do
    printf '        listen %s%s;\n' "$address" "$flags"
  done
  if ((new_style)); then
    printf '        http2 on;\n'
  fi
}

# render_nginx_conf: the template with every @NAME@ replaced; fails if one is left over.
render_nginx_conf() {
  local text listen
  text="$(<"$TEMPLATE")"
  listen="$(listen_directives)"
  text="${text//"@ENVIRONMENT@"/"$ENVIRONMENT"}"
  text="${text//"@WORKER_PROCESSES@"/"$WORKERS"}"
  text="${text//"@STATE_DIR@"/"$STATE_DIR"}"
  text="${text//"@ERROR_LOG@"/"$ERROR_LOG"}"
  text="${text//"@ACCESS_LOG@"/"$ACCESS_LOG"}"
  text="${text//"@LISTEN_DIRECTIVES@"/"$listen"}"
  text="${text//"@TLS_CERTIFICATE@"/"$TLS_CERT"}"
  text="${text//"@TLS_CERTIFICATE_KEY@"/"$TLS_KEY"}"
  if [[ "$text" =~ @[A-Z_]+@ ]]; then
    ccrm_die "template placeholder ${BASH_REMATCH[0]} has no value in render.sh"
  fi
  printf '%s' "$text"
}

# render_upstreams_conf: one upstream block per service, and how to reach them.
render_upstreams_conf() {
  local service address scheme=grpc
  local -a addresses
  [[ -z "$UPSTREAM_CA" ]] || scheme=grpcs
  cat <<EOF
# Rendered by deploy/gateway/render.sh for environment "$ENVIRONMENT"; do not edit.
# The services behind the routes in routes.conf. nginx resolves these names once, when it
# starts or reloads.

map \$ccrm_service \$ccrm_upstream_scheme {
    default $scheme;
}
EOF
  for service in "${SERVICE_ORDER[@]}"; do
    IFS=, read -r -a addresses <<<"${UPSTREAMS[$service]}"
    printf '\n# %s\nupstream %s {\n' "$service" "${UPSTREAM_NAME[$service]}"
    for address in "${addresses[@]}"; do
      printf '    server %s;\n' "$address"
    done
    # Idle connections kept per worker. Each call in flight holds a connection of its own, and
    # recycling them (by count and age) lets kube-proxy spread them over new pods.
    cat <<'EOF'
    keepalive 32;
    keepalive_requests 1000;
    keepalive_time 1m;
    keepalive_timeout 60s;
}
EOF
  done
  if [[ -n "$UPSTREAM_CA" ]]; then
    cat <<EOF

# TLS to the services: their certificates must chain to this CA and name the host given for
# each service (its first address).
grpc_ssl_protocols TLSv1.2 TLSv1.3;
grpc_ssl_verify on;
grpc_ssl_verify_depth 3;
grpc_ssl_trusted_certificate $UPSTREAM_CA;
grpc_ssl_server_name on;
grpc_ssl_name \$ccrm_upstream_tls_name;
grpc_ssl_session_reuse on;
EOF
    if [[ -n "$UPSTREAM_CERT" ]]; then
      printf 'grpc_ssl_certificate %s;\ngrpc_ssl_certificate_key %s;\n' \
        "$UPSTREAM_CERT" "$UPSTREAM_KEY"
    fi
    # shellcheck disable=SC2016  # nginx variables, not shell ones
    printf '\nmap $ccrm_service $ccrm_upstream_tls_name {\n'
    for service in "${SERVICE_ORDER[@]}"; do
      address="${UPSTREAMS[$service]%%,*}"
      address="${address%:*}"
      address="${address#[}"
      printf '    %s %s;\n' "$service" "${address%]}"
    done
    printf '    default "";\n}\n'
  fi
}

# nginx_test DIR: `nginx -t` on DIR/nginx.conf; fails on any error or warning.
nginx_test() {
  local dir="$1" nginx output
  nginx="$(nginx_binary)"
  [[ -x "$nginx" ]] || ccrm_die "nginx not found ($nginx); install it or pass --no-test"
  if ! output="$("$nginx" -t -e stderr -c "$dir/nginx.conf" 2>&1)"; then
    printf '%s\n' "$output" >&2
    ccrm_die "nginx -t rejected $dir/nginx.conf"
  fi
  if grep -q '\[warn\]\|\[emerg\]\|\[alert\]' <<<"$output"; then
    printf '%s\n' "$output" >&2
    ccrm_die "nginx -t warned about $dir/nginx.conf (warnings are treated as errors)"
  fi
}

# write_files DIR FILE...: writes the named files (nginx.conf, upstreams.conf, routes.conf) into
# DIR, each replaced whole (rendered first, then renamed into place).
write_files() {
  local dir="$1" file text
  shift
  mkdir -p "$dir"
  for file in "$@"; do
    case "$file" in
      nginx.conf) text="$(render_nginx_conf)" ;;
      upstreams.conf) text="$(render_upstreams_conf)" ;;
      routes.conf)
        cp -f "$ROUTES" "$dir/.$file.tmp"
        mv -f "$dir/.$file.tmp" "$dir/$file"
        continue
        ;;
      *) ccrm_die "write_files: unknown file $file" ;;
    esac
    printf '%s\n' "$text" >"$dir/.$file.tmp"
    mv -f "$dir/.$file.tmp" "$dir/$file"
  done
}

# render_k8s K8S_DIR MTLS_DIR: the committed Kubernetes renderings into these directories.
render_k8s() {
  k8s_profile
  OUT="$1"
  validate
  write_files "$1" nginx.conf upstreams.conf
  k8s_mtls_profile
  OUT="$2"
  validate
  write_files "$2" upstreams.conf
}

main() {
  parse_args "$@"
  case "$PROFILE" in
    "") ((CHECK == 0)) || ccrm_die "--check only goes with --profile k8s" ;;
    k8s) [[ -z "$OUT" ]] || ccrm_die "--profile k8s writes $K8S_DIR and $K8S_MTLS_DIR; no --out" ;;
    *) ccrm_die "unknown profile '$PROFILE' (known: k8s)" ;;
  esac

  if [[ "$PROFILE" == k8s ]]; then
    if ((CHECK == 0)); then
      render_k8s "$K8S_DIR" "$K8S_MTLS_DIR"
      ccrm_log "wrote $K8S_DIR/{nginx.conf,upstreams.conf} and $K8S_MTLS_DIR/upstreams.conf"
      return 0
    fi
    local scratch status=0 pair
    scratch="$(mktemp -d)"
    # shellcheck disable=SC2064  # expand now: the trap must remove this very directory
    trap "rm -rf -- '$scratch'" EXIT
    render_k8s "$scratch/k8s" "$scratch/mtls"
    for pair in "$K8S_DIR/nginx.conf:$scratch/k8s/nginx.conf" \
      "$K8S_DIR/upstreams.conf:$scratch/k8s/upstreams.conf" \
      "$K8S_MTLS_DIR/upstreams.conf:$scratch/mtls/upstreams.conf"; do
      if ! diff -u "${pair%%:*}" "${pair#*:}" >&2; then
        ccrm_log "${pair%%:*} is stale: run deploy/gateway/render.sh --profile k8s"
        status=1
      fi
    done
    ((status == 0)) || exit 1
    ccrm_log "the Kubernetes renderings are up to date"
    return 0
  fi

  validate
  mkdir -p "$STATE_DIR"
  write_files "$OUT" nginx.conf upstreams.conf routes.conf
  if ((RUN_TEST)); then
    nginx_test "$OUT"
  fi
  ccrm_log "rendered $OUT (environment $ENVIRONMENT, nginx $NGINX_VERSION)"
}

main "$@"
