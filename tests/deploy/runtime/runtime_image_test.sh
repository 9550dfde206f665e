#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Proves each service's Dockerfile honest without a Docker engine. For every service it:
#   0. checks that .dockerignore keeps .git, .local (the local suite's secrets) and build/ out of
#      the build context;
#   1. reads services/<svc>/Dockerfile (dockerfile_contract.py) and fails when it drifts from the
#      image shape: debian:bookworm build stage installing deploy/local/packages.txt, building only
#      the service's target, staging its own binary and migrations with
#      deploy/docker/stage-runtime.sh as its last step; debian:bookworm-slim runtime stage that
#      only copies the staged tree and sets USER 65532:65532, WORKDIR, EXPOSE <grpc> <metrics>,
#      ENTRYPOINT;
#   2. stages the binary in CCRM_BUILD_DIR with that same script, as the build stage does, and
#      checks the staged tree: the ENTRYPOINT binary is the service's own (same build id), the
#      migrations directory holds exactly services/<svc>/migrations/*.sql, every ELF file in it
#      resolves all its libraries inside the tree (the staged loader's --list, chrooted), and
#      nothing in it is writable by, or hidden from, uid 65532;
#   3. runs the service FROM THAT TREE ALONE, as the image would: chrooted into it (unshare
#      --root/--wd, no namespaces: coreutils chroot cannot set the WORKDIR), uid/gid 65532 with
#      no supplementary groups, cwd = WORKDIR, an environment holding only the Dockerfile's ENV
#      plus the CCRM_* settings a ConfigMap would give (env -i), the Dockerfile's ENTRYPOINT
#      verbatim, its secrets as files under /var/run/secrets/ccrm/<secret>/<key> in Kubernetes
#      Secret volume layout (..data symlinks, root:65532, 0440) read-only for 65532, and /tmp as
#      the one writable directory (the pods' emptyDir; nothing else is writable, as under
#      readOnlyRootFilesystem). First `--migrate_only` with the migrator named on the command line
#      over the ConfigMap's service user, as the migration Job does (the schema must then list
#      every migration), then the service itself (ports overridden to 0 by appended flags, the
#      way Kubernetes `args` append; the image's own ports are checked in step 1) until it writes
#      its ready file; then checks it runs as 65532:65532, listens on every address, answers
#      grpc.health.v1.Health/Check SERVING over TCP from outside the chroot (probe_service.py, as
#      a kubelet gRPC probe does) and serves /metrics; then SIGTERM and a clean exit (status 0).
# The database users authenticate with MariaDB's ed25519 plugin, so every login needs a client
# plugin that libmariadb dlopen()s (ldd cannot see it; MySQL 8's caching_sha2_password is loaded
# the same way): a tree without Connector/C's plugin directory fails here, not in production.
# Any missing library, file or permission fails the test with a message naming it. The throwaway
# schemas and users are dropped, and ed25519 is uninstalled again if this test installed it, on
# every exit.
#
# Example:
#   tests/run.sh -R runtime_image     (ctest test runtime_image, label integration)
#   CCRM_TEST_MYSQL_HOST=127.0.0.1 CCRM_TEST_MYSQL_PORT=3316 CCRM_TEST_MYSQL_USER=admin \
#     CCRM_TEST_MYSQL_PASSWORD=... tests/deploy/runtime/runtime_image_test.sh customer-profile
#
# Arguments: service names to test (default: all four).
# Environment:
#   CCRM_TEST_MYSQL_HOST/PORT/USER/PASSWORD  a MariaDB account that may create schemas and users
#                                            and install plugins (tests/run.sh provides one)
#   CCRM_BUILD_DIR   build directory holding services/<svc>/<svc> and
#                    common/auth/ccrm-mint-token (default <repo>/build)
# Needs root (chroot and uid switch), /usr/bin/python3 with python3-grpcio, the mariadb client,
# unshare (util-linux), ss (iproute2), readelf and objcopy (binutils), openssl.
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="runtime-image-test"
# shellcheck source=../../../deploy/local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../deploy/local/lib/common.sh"

readonly HERE="$CCRM_REPO_ROOT/tests/deploy/runtime"
readonly STAGE_SCRIPT="$CCRM_REPO_ROOT/deploy/docker/stage-runtime.sh"
readonly PYTHON=/usr/bin/python3
readonly IMAGE_UID=65532
readonly IMAGE_GID=65532
# Where the test mounts the service's and the migrator's secrets in the tree.
readonly SECRETS_ROOT=/var/run/secrets/ccrm
# The only writable directory the service gets (the pods' /tmp emptyDir), here for the ready file:
# a write anywhere else fails, as under readOnlyRootFilesystem.
readonly WRITABLE_DIR=/tmp
readonly READY_FILE=$WRITABLE_DIR/ccrm-ready.json
# Peers are not started here; their addresses point where nothing listens.
readonly NO_PEER=127.0.0.1:1
readonly MIGRATE_TIMEOUT=60
readonly READY_TIMEOUT=30
readonly STOP_TIMEOUT=30
readonly JWT_ISSUER=ccrm-runtime-test
readonly JWT_AUDIENCE=ccrm

# Service name, gRPC port and metrics port every image must use (deploy/docker/README.md).
ALL_SERVICES=(
  "customer-profile 50051 9151"
  "credit-rating 50052 9152"
  "relationship-service 50053 9153"
  "risk-warning 50054 9154"
)

BUILD_DIR="${CCRM_BUILD_DIR:-$CCRM_REPO_ROOT/build}"
WORK=""
ROOT=""
SERVICE_PID=""
SERVICE_LOG=""
INSTALLED_ED25519=0
DB_SCHEMAS=()
DB_USERS=()
FAILURES=0

# --- helpers ---

fail() {
  ccrm_log "FAIL: $*"
  FAILURES=$((FAILURES + 1))
}

# sql STATEMENTS: runs STATEMENTS as the test admin; prints rows tab-separated.
# (Statements go on stdin, so the throwaway passwords never appear in a process list.)
sql() {
  mariadb --defaults-file="$WORK/admin.cnf" --batch --skip-column-names <<<"$1"
}

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$? user schema drop=""
  trap - EXIT INT TERM
  kill_service
  if [[ -n "$WORK" && -f "$WORK/admin.cnf" ]]; then
    for user in "${DB_USERS[@]}"; do
      drop+="DROP USER IF EXISTS '$user'@'127.0.0.1';"
    done
    for schema in "${DB_SCHEMAS[@]}"; do
      drop+="DROP DATABASE IF EXISTS \`$schema\`;"
    done
    ((INSTALLED_ED25519 == 0)) || drop+="UNINSTALL SONAME 'auth_ed25519';"
    if [[ -n "$drop" ]] && ! sql "$drop"; then
      ccrm_log "could not drop the throwaway schemas/users: ${DB_SCHEMAS[*]} ${DB_USERS[*]}"
      rc=1
    fi
  fi
  [[ -z "$WORK" ]] || rm -rf -- "$WORK"
  exit "$rc"
}

# kill_service: SIGKILLs the service process of a failed run, so the next service starts alone.
kill_service() {
  if [[ -n "$SERVICE_PID" ]] && ccrm_pid_alive "$SERVICE_PID"; then
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
  fi
  [[ -z "$SERVICE_PID" ]] || wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=""
}

# print_service_log: the last lines of the service's output, without the flag usage it prints
# after a configuration error (which would push the error itself out of view).
print_service_log() {
  if [[ -n "$SERVICE_LOG" && -s "$SERVICE_LOG" ]]; then
    ccrm_log "last lines of the service's output ($SERVICE_LOG):"
    grep -v -E '^(usage: |  )' "$SERVICE_LOG" | tail -n 30 >&2
  fi
}

random_hex() {
  openssl rand -hex "$1"
}

# --- step 1: the Dockerfile's contract ---

# read_contract SERVICE GRPC_PORT METRICS_PORT: checks the Dockerfile; sets IMAGE_WORKDIR,
# IMAGE_ENV, IMAGE_ENTRYPOINT and IMAGE_BUILD_DIR. Fails (returns 1) with the problems printed.
read_contract() {
  local dockerfile="$CCRM_REPO_ROOT/services/$1/Dockerfile" contract key value
  [[ -f "$dockerfile" ]] || {
    fail "$1: $dockerfile is missing"
    return 1
  }
  if ! contract="$("$PYTHON" "$HERE/dockerfile_contract.py" "$dockerfile" "$1" "$2" "$3")"; then
    fail "$1: $dockerfile does not have the shape the images are tested for (above)"
    return 1
  fi
  IMAGE_WORKDIR=""
  IMAGE_BUILD_DIR=""
  IMAGE_ENV=()
  IMAGE_ENTRYPOINT=()
  while IFS=$'\t' read -r key value; do
    case "$key" in
      workdir) IMAGE_WORKDIR="$value" ;;
      env) IMAGE_ENV+=("$value") ;;
      entrypoint) IMAGE_ENTRYPOINT+=("$value") ;;
      build_dir) IMAGE_BUILD_DIR="$value" ;;
      user | stage_out) ;;
      *) ccrm_die "unexpected contract line '$key'" ;;
    esac
  done <<<"$contract"
}

# --- step 2: staging and the staged tree ---

build_id() {
  readelf --notes "$1" 2>/dev/null | sed -n 's/^ *Build ID: *\([0-9a-f]*\)$/\1/p'
}

interpreter() {
  readelf --program-headers "$1" 2>/dev/null |
    sed -n 's/^ *\[Requesting program interpreter: \(.*\)\]$/\1/p'
}

# entrypoint_flag NAME: the value of --NAME=... in the image's ENTRYPOINT.
entrypoint_flag() {
  local arg
  for arg in "${IMAGE_ENTRYPOINT[@]}"; do
    if [[ "$arg" == "--$1="* ]]; then
      printf '%s' "${arg#--"$1"=}"
      return 0
    fi
  done
  return 1
}

# check_tree SERVICE ROOT: the staged tree holds what the image's ENTRYPOINT needs.
check_tree() {
  local service="$1" root="$2" binary="$BUILD_DIR/services/$1/$1" problems=0
  local staged="$root${IMAGE_ENTRYPOINT[0]}" migrations file name loader loader_file elf magic out
  local bad
  if [[ -L "$staged" || ! -f "$staged" || ! -x "$staged" ]]; then
    fail "$service: ENTRYPOINT binary ${IMAGE_ENTRYPOINT[0]} is not an executable file in the staged tree"
    return 1
  fi
  if [[ -z "$(build_id "$binary")" || "$(build_id "$staged")" != "$(build_id "$binary")" ]]; then
    fail "$service: ${IMAGE_ENTRYPOINT[0]} in the tree is not $binary (build ids differ)"
    problems=1
  fi

  migrations="$(entrypoint_flag migrations_dir)"
  if [[ ! -d "$root$migrations" ]]; then
    fail "$service: --migrations_dir=$migrations is not a directory in the staged tree"
    problems=1
  else
    for file in "$CCRM_REPO_ROOT/services/$service/migrations"/*.sql; do
      name="$(basename "$file")"
      cmp -s "$file" "$root$migrations/$name" ||
        {
          fail "$service: migration $name is missing or differs in $migrations"
          problems=1
        }
    done
    for file in "$root$migrations"/*; do
      [[ -f "$CCRM_REPO_ROOT/services/$service/migrations/$(basename "$file")" ]] ||
        {
          fail "$service: $migrations holds $(basename "$file"), which is no migration of $service"
          problems=1
        }
    done
  fi

  [[ -d "$root$IMAGE_WORKDIR" ]] || {
    fail "$service: WORKDIR $IMAGE_WORKDIR is not a directory in the staged tree"
    problems=1
  }

  # Every ELF object resolves its libraries inside the tree, with the tree's own loader.
  loader="$(interpreter "$staged")"
  [[ -n "$loader" && -e "$root$loader" ]] || {
    fail "$service: the binary's loader '$loader' is not in the staged tree"
    return 1
  }
  loader_file="$(readlink -f "$root$loader")"
  while IFS= read -r -d '' elf; do
    LC_ALL=C read -r -N 4 magic <"$elf" || true
    [[ "$magic" == $'\x7fELF' && "$elf" != "$loader_file" ]] || continue
    if ! out="$(chroot "$root" "$loader" --list "${elf#"$root"}" 2>&1)" ||
      [[ "$out" == *"not found"* ]]; then
      fail "$service: ${elf#"$root"} does not load inside the tree: ${out//$'\n'/ }"
      problems=1
    fi
  done < <(find "$root" -type f -print0)

  # Root's files: nothing writable by anyone else, everything readable by the image's user.
  bad="$(find "$root" ! -type l \( -perm /022 -o ! -user 0 \) -printf '%m %u %p\n' | head -n 5)"
  [[ -z "$bad" ]] || {
    fail "$service: staged files writable by non-root or not owned by root: $bad"
    problems=1
  }
  bad="$(find "$root" \( \( -type d ! -perm -0555 \) -o \( -type f ! -perm -0444 \) \) \
    -printf '%m %p\n' | head -n 5)"
  [[ -z "$bad" ]] || {
    fail "$service: staged files uid $IMAGE_UID could not read: $bad"
    problems=1
  }
  return "$problems"
}

# --- step 3: secrets, database, running from the tree ---

# secret_volume NAME FILE...: mounts, in the tree $ROOT, a Kubernetes Secret volume named NAME
# at $SECRETS_ROOT/NAME as the kubelet lays it out with defaultMode 0440 and fsGroup 65532: the
# FILEs (their names are the keys) in a timestamped directory, ..data pointing at it, one symlink
# per key; root:65532, readable and not writable by the group.
secret_volume() {
  local dir="$ROOT$SECRETS_ROOT/$1" stamp file
  shift
  stamp="..$(date -u +%Y_%m_%d_%H_%M_%S).$(random_hex 4)"
  mkdir -p "$dir/$stamp"
  cp -- "$@" "$dir/$stamp/"
  ln -s "$stamp" "$dir/..data"
  for file in "$@"; do
    ln -s "..data/$(basename "$file")" "$dir/$(basename "$file")"
  done
  chown -R -h "0:$IMAGE_GID" "$dir"
  find "$dir" -type d -exec chmod 0750 {} +
  find "$dir" -type f -exec chmod 0440 {} +
}

# make_secrets: the secrets every service's run shares, one directory per Secret under
# $WORK/secrets (file names are the Secret's keys).
make_secrets() {
  local dir="$WORK/secrets" mint="$BUILD_DIR/common/auth/ccrm-mint-token"
  [[ -x "$mint" ]] || ccrm_die "$mint is not built (it mints the service token)"
  mkdir -p "$dir/jwt" "$dir/field-keys" "$dir/service-token" "$dir/credit-bureau"
  chmod -R go-rwx "$dir"
  random_hex 32 >"$dir/jwt/hs256.key"
  random_hex 32 >"$dir/field-keys/blind-index.key"
  printf 'k1 %s\nactive k1\n' "$(openssl rand -base64 32)" >"$dir/field-keys/encryption-keyring"
  cp "$CCRM_REPO_ROOT/deploy/local/demo/credit-bureau.json" "$dir/credit-bureau/reports.json"
  "$mint" --key_file "$dir/jwt/hs256.key" --alg HS256 --issuer "$JWT_ISSUER" \
    --audience "$JWT_AUDIENCE" --subject runtime-image-test --roles service --ttl_seconds 3600 \
    >"$dir/service-token/token" || ccrm_die "ccrm-mint-token failed"
}

# mount_secrets SERVICE: the Secret volumes SERVICE's Deployment and migration Job mount.
mount_secrets() {
  local dir="$WORK/secrets"
  secret_volume mysql "$WORK/$1/mysql/password"
  secret_volume mysql-migrator "$WORK/$1/mysql-migrator/password"
  secret_volume jwt "$dir/jwt/hs256.key"
  case "$1" in
    customer-profile)
      secret_volume field-keys "$dir/field-keys/encryption-keyring" "$dir/field-keys/blind-index.key"
      ;;
    credit-rating)
      secret_volume service-token "$dir/service-token/token"
      secret_volume credit-bureau "$dir/credit-bureau/reports.json"
      ;;
    *) secret_volume service-token "$dir/service-token/token" ;;
  esac
}

# service_config SERVICE: the CCRM_* settings (a ConfigMap's envFrom) of SERVICE's runs, one a line.
service_config() {
  printf '%s\n' \
    "CCRM_MYSQL_HOST=$CCRM_TEST_MYSQL_HOST" \
    "CCRM_MYSQL_PORT=$CCRM_TEST_MYSQL_PORT" \
    "CCRM_MYSQL_DATABASE=$DB_SCHEMA" \
    "CCRM_MYSQL_USER=$SERVICE_USER" \
    "CCRM_MYSQL_PASSWORD_FILE=$SECRETS_ROOT/mysql/password" \
    "CCRM_MYSQL_POOL_SIZE=2" \
    "CCRM_DATABASE_WAIT=10s" \
    "CCRM_JWT_ISSUER=$JWT_ISSUER" \
    "CCRM_JWT_AUDIENCE=$JWT_AUDIENCE" \
    "CCRM_JWT_HS256_KEY_FILE=$SECRETS_ROOT/jwt/hs256.key"
  case "$1" in
    customer-profile)
      printf '%s\n' \
        "CCRM_ENCRYPTION_KEYRING_FILE=$SECRETS_ROOT/field-keys/encryption-keyring" \
        "CCRM_BLIND_INDEX_KEY_FILE=$SECRETS_ROOT/field-keys/blind-index.key"
      ;;
    credit-rating)
      printf '%s\n' \
        "CCRM_CUSTOMER_PROFILE_ADDRESS=$NO_PEER" \
        "CCRM_SERVICE_TOKEN_FILE=$SECRETS_ROOT/service-token/token" \
        "CCRM_CREDIT_BUREAU=file:$SECRETS_ROOT/credit-bureau/reports.json"
      ;;
    relationship-service)
      printf '%s\n' \
        "CCRM_CUSTOMER_PROFILE_ADDRESS=$NO_PEER" \
        "CCRM_RISK_WARNING_ADDRESS=$NO_PEER" \
        "CCRM_SERVICE_TOKEN_FILE=$SECRETS_ROOT/service-token/token"
      ;;
    risk-warning)
      printf '%s\n' \
        "CCRM_CUSTOMER_PROFILE_ADDRESS=$NO_PEER" \
        "CCRM_CREDIT_RATING_ADDRESS=$NO_PEER" \
        "CCRM_RELATIONSHIP_ADDRESS=$NO_PEER" \
        "CCRM_SERVICE_TOKEN_FILE=$SECRETS_ROOT/service-token/token"
      ;;
  esac
}

# provision_database SERVICE: a throwaway schema, migrator and service user (ed25519 logins) for
# SERVICE; sets DB_SCHEMA, MIGRATOR_USER, SERVICE_USER and writes their passwords to
# $WORK/<service>/{mysql-migrator,mysql}/password.
provision_database() {
  local service="$1" tag pw_migrator pw_service
  tag="ccrm_rt$(random_hex 4)"
  DB_SCHEMA="${tag}_${service//-/_}"
  MIGRATOR_USER="${tag}_migrator"
  SERVICE_USER="${tag}_svc"
  DB_SCHEMAS+=("$DB_SCHEMA")
  DB_USERS+=("$MIGRATOR_USER" "$SERVICE_USER")
  pw_migrator="$(random_hex 24)"
  pw_service="$(random_hex 24)"
  mkdir -p "$WORK/$service/mysql-migrator" "$WORK/$service/mysql"
  printf '%s' "$pw_migrator" >"$WORK/$service/mysql-migrator/password"
  printf '%s' "$pw_service" >"$WORK/$service/mysql/password"
  sql "CREATE DATABASE \`$DB_SCHEMA\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER '$MIGRATOR_USER'@'127.0.0.1' IDENTIFIED VIA ed25519 USING PASSWORD('$pw_migrator');
    CREATE USER '$SERVICE_USER'@'127.0.0.1' IDENTIFIED VIA ed25519 USING PASSWORD('$pw_service');
    GRANT CREATE, ALTER, INDEX, DROP, REFERENCES, SELECT, INSERT, UPDATE, DELETE
      ON \`$DB_SCHEMA\`.* TO '$MIGRATOR_USER'@'127.0.0.1';
    GRANT SELECT, INSERT, UPDATE, DELETE ON \`$DB_SCHEMA\`.* TO '$SERVICE_USER'@'127.0.0.1';" ||
    ccrm_die "$service: could not create the throwaway schema and users"
}

# image_command ROOT CONFIG_FILE ARG...: sets CMD to the command that runs the image's ENTRYPOINT
# plus ARGs from ROOT as the image would (see the header), with the CCRM_* lines of CONFIG_FILE.
image_command() {
  local root="$1" config="$2" line
  shift 2
  local -a env=("${IMAGE_ENV[@]}")
  while IFS= read -r line; do
    env+=("$line")
  done <"$config"
  CMD=(env -i "${env[@]}" /usr/bin/unshare --root="$root" --wd="$IMAGE_WORKDIR"
    --setgid="$IMAGE_GID" --setuid="$IMAGE_UID" -- "${IMAGE_ENTRYPOINT[@]}" "$@")
}

# migrate SERVICE ROOT: --migrate_only from the tree as the migrator, who is named on the command
# line over the ConfigMap's service user, as the migration Job does; every migration recorded.
migrate() {
  local service="$1" root="$2" log="$WORK/$1/migrate.log" applied expected
  image_command "$root" "$WORK/$service/config.env" --migrate_only \
    --mysql_user="$MIGRATOR_USER" --mysql_password_file="$SECRETS_ROOT/mysql-migrator/password"
  if ! timeout "$MIGRATE_TIMEOUT" "${CMD[@]}" </dev/null >"$log" 2>&1; then
    SERVICE_LOG="$log"
    print_service_log
    fail "$service: --migrate_only from the staged tree failed"
    return 1
  fi
  expected="$(find "$CCRM_REPO_ROOT/services/$service/migrations" -name '*.sql' | wc -l)"
  applied="$(sql "SELECT COUNT(*) FROM \`$DB_SCHEMA\`.schema_migrations")" || applied="?"
  [[ "$applied" == "$expected" ]] || {
    fail "$service: $applied migrations recorded in $DB_SCHEMA after --migrate_only, expected $expected"
    return 1
  }
}

ready_port() {
  sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p" "$1" | head -n 1
}

# listens_on_any PORT: PORT is a TCP listener on every address (reachable on the pod's IP), not
# on loopback only. gRPC binds 0.0.0.0 as a dual-stack socket, which ss shows as *:PORT.
listens_on_any() {
  ss -Hltn "sport = :$1" | awk '{print $4}' | grep -qxE "(0\.0\.0\.0|\*|\[::\]):$1"
}

# run_service SERVICE ROOT: starts the image's ENTRYPOINT from the tree, probes it, stops it.
run_service() {
  local service="$1" root="$2" ready deadline grpc_port metrics_port listen metrics_listen status
  local ids
  SERVICE_LOG="$WORK/$service/service.log"
  ready="$root$READY_FILE"
  # The image's addresses with port 0: the host part (0.0.0.0) is what is tested.
  listen="$(entrypoint_flag listen)"
  metrics_listen="$(entrypoint_flag metrics_listen)"
  image_command "$root" "$WORK/$service/config.env" \
    --listen="${listen%:*}:0" --metrics_listen="${metrics_listen%:*}:0" --ready_file="$READY_FILE"
  "${CMD[@]}" </dev/null >"$SERVICE_LOG" 2>&1 &
  SERVICE_PID=$!

  deadline=$((SECONDS + READY_TIMEOUT))
  until [[ -s "$ready" ]]; do
    if ! ccrm_pid_alive "$SERVICE_PID"; then
      wait "$SERVICE_PID" || true
      SERVICE_PID=""
      print_service_log
      fail "$service: exited before writing its ready file"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      kill_service
      print_service_log
      fail "$service: no ready file after ${READY_TIMEOUT}s"
      return 1
    fi
    sleep 0.1
  done
  grpc_port="$(ready_port "$ready" grpc_port)"
  metrics_port="$(ready_port "$ready" metrics_port)"

  ids="$(awk '/^Uid:/ {print "uid", $2, $3, $4, $5} /^Gid:/ {print "gid", $2, $3, $4, $5}
    /^Groups:/ {$1 = ""; print "groups" $0}' "/proc/$SERVICE_PID/status" | tr '\n' ';')"
  [[ "$ids" == "uid $IMAGE_UID $IMAGE_UID $IMAGE_UID $IMAGE_UID;gid $IMAGE_GID $IMAGE_GID $IMAGE_GID $IMAGE_GID;groups;" ]] ||
    fail "$service: runs with '$ids', expected uid and gid $IMAGE_UID and no supplementary groups"
  for port in "$grpc_port" "$metrics_port"; do
    listens_on_any "$port" ||
      fail "$service: nothing listens on every address at port $port (found:" \
        "$(ss -Hltn "sport = :$port" | awk '{print $4}' | tr '\n' ' '))"
  done
  if ! "$PYTHON" "$HERE/probe_service.py" "127.0.0.1:$grpc_port" \
    "http://127.0.0.1:$metrics_port/metrics"; then
    print_service_log
    fail "$service: probes failed (above)"
  fi

  kill -TERM "$SERVICE_PID"
  deadline=$((SECONDS + STOP_TIMEOUT))
  while ccrm_pid_alive "$SERVICE_PID" && ((SECONDS < deadline)); do
    sleep 0.1
  done
  if ccrm_pid_alive "$SERVICE_PID"; then
    kill_service
    print_service_log
    fail "$service: still running ${STOP_TIMEOUT}s after SIGTERM"
    return 1
  fi
  status=0
  wait "$SERVICE_PID" || status=$?
  SERVICE_PID=""
  ((status == 0)) || {
    print_service_log
    fail "$service: exited with status $status after SIGTERM, expected 0"
    return 1
  }
}

# test_service SERVICE GRPC_PORT METRICS_PORT
test_service() {
  local service="$1" root="$WORK/$1/root" started=$SECONDS failures_before=$FAILURES
  ccrm_log "$service: Dockerfile"
  read_contract "$@" || return 0
  ccrm_log "$service: staging $BUILD_DIR/services/$service/$service as the build stage stages" \
    "$IMAGE_BUILD_DIR/services/$service/$service"
  [[ -x "$BUILD_DIR/services/$service/$service" ]] || {
    fail "$service: $BUILD_DIR/services/$service/$service is not built"
    return 0
  }
  if ! "$STAGE_SCRIPT" "$BUILD_DIR/services/$service/$service" \
    "$CCRM_REPO_ROOT/services/$service/migrations" "$root" 2>"$WORK/$service.stage.log"; then
    cat "$WORK/$service.stage.log" >&2
    fail "$service: deploy/docker/stage-runtime.sh failed"
    return 0
  fi
  check_tree "$service" "$root" || return 0

  # What the pod adds around the tree: the /tmp emptyDir (fsGroup 65532) and the Secret volumes.
  mkdir -p "$root$WRITABLE_DIR"
  chown "0:$IMAGE_GID" "$root$WRITABLE_DIR"
  chmod 2777 "$root$WRITABLE_DIR"
  provision_database "$service"
  ROOT="$root"
  mount_secrets "$service"
  service_config "$service" >"$WORK/$service/config.env"

  ccrm_log "$service: migrating and serving from the staged tree as uid $IMAGE_UID"
  migrate "$service" "$root" || return 0
  run_service "$service" "$root" || return 0
  ((FAILURES > failures_before)) || ccrm_log "$service: ok ($((SECONDS - started))s)"
}

# --- main ---

((EUID == 0)) || ccrm_die "needs root (chroot and switching to uid $IMAGE_UID)"
for var in CCRM_TEST_MYSQL_HOST CCRM_TEST_MYSQL_PORT CCRM_TEST_MYSQL_USER CCRM_TEST_MYSQL_PASSWORD; do
  [[ -n "${!var:-}" ]] || ccrm_die "$var is not set (run through tests/run.sh)"
done
[[ "$CCRM_TEST_MYSQL_PASSWORD" != *$'\n'* ]] || ccrm_die "CCRM_TEST_MYSQL_PASSWORD holds a newline"
for tool in "$PYTHON" mariadb unshare chroot ss readelf objcopy openssl; do
  command -v "$tool" >/dev/null || ccrm_die "$tool is not installed"
done
"$PYTHON" -c 'import grpc' 2>/dev/null || ccrm_die "$PYTHON has no grpc module (python3-grpcio)"

selected=()
if (($# == 0)); then
  selected=("${ALL_SERVICES[@]}")
else
  for name in "$@"; do
    entry="$(printf '%s\n' "${ALL_SERVICES[@]}" | grep "^$name " || true)"
    [[ -n "$entry" ]] || ccrm_die "unknown service '$name'"
    selected+=("$entry")
  done
fi

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
WORK="$(mktemp -d /tmp/ccrm-runtime-image.XXXXXX)"
(
  umask 077
  printf '[client]\nhost=%s\nport=%s\nuser=%s\npassword=%s\n' "$CCRM_TEST_MYSQL_HOST" \
    "$CCRM_TEST_MYSQL_PORT" "$CCRM_TEST_MYSQL_USER" "$CCRM_TEST_MYSQL_PASSWORD" >"$WORK/admin.cnf"
)
sql "SELECT 1" >/dev/null ||
  ccrm_die "cannot reach the test MariaDB at $CCRM_TEST_MYSQL_HOST:$CCRM_TEST_MYSQL_PORT as $CCRM_TEST_MYSQL_USER"
if [[ "$(sql "SELECT COUNT(*) FROM information_schema.PLUGINS
  WHERE PLUGIN_NAME = 'ed25519' AND PLUGIN_STATUS = 'ACTIVE'")" == 0 ]]; then
  sql "INSTALL SONAME 'auth_ed25519'" || ccrm_die "cannot install MariaDB's ed25519 auth plugin"
  INSTALLED_ED25519=1
fi
make_secrets

for pattern in .git .local build; do
  grep -qx -- "$pattern" "$CCRM_REPO_ROOT/.dockerignore" 2>/dev/null ||
    fail ".dockerignore does not leave '$pattern' out of the image build context"
done
for entry in "${selected[@]}"; do
  read -r name grpc metrics <<<"$entry"
  test_service "$name" "$grpc" "$metrics"
done

if ((FAILURES > 0)); then
  ccrm_log "FAILED: $FAILURES problem(s) (above)"
  exit 1
fi
ccrm_log "all ${#selected[@]} image(s) run from their staged trees"
