# shellcheck shell=bash source-path=SCRIPTDIR
# A private MariaDB server for the local stack and the tests: start/stop one mariadbd on its own
# datadir, port, socket and pid file (never Debian's system instance), run SQL as its superuser,
# and provision the per-service schemas and least-privilege users.
#
# Example:
#   source deploy/local/lib/common.sh; source deploy/local/lib/mariadb.sh
#   mariadb_start /tmp/db 3316
#   mariadb_provision /tmp/db /tmp/secrets customer-profile credit-rating
#   mariadb_sql /tmp/db "SHOW DATABASES"
#   mariadb_stop /tmp/db
#
# Layout inside DATADIR (besides MariaDB's own files):
#   mysqld.sock  the unix socket      mariadbd.pid  the pid file
#   mariadbd.err the error log        install-db.log, .ccrm-initialised  from the first start
#
# mariadbd runs as the user who calls mariadb_start (root on the CI machine, with --user=root),
# so the datadir needs no chown and may sit under any directory that user can reach. The server's
# superuser is the account of that OS user (root@localhost), authenticated by unix_socket only:
# it has no password and can only be used over DATADIR/mysqld.sock by that OS user.

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MARIADB_START_TIMEOUT="${MARIADB_START_TIMEOUT:-60}"

_mariadb_abs_dir() {
  (cd "$1" 2>/dev/null && pwd -P)
}

# The OS user mariadbd runs as, which is also the name of its unix_socket superuser.
_mariadb_os_user() {
  id -un
}

# _mariadb_quote STRING: prints STRING as a single-quoted SQL string literal.
_mariadb_quote() {
  local s="$1"
  s="${s//\\/\\\\}"
  s="${s//\'/\'\'}"
  printf "'%s'" "$s"
}

# _mariadb_check_name NAME: exits 1 unless NAME is a plain identifier ([A-Za-z0-9_]).
_mariadb_check_name() {
  [[ "$1" =~ ^[A-Za-z0-9_]+$ ]] || ccrm_die "not a plain SQL identifier: '$1'"
}

# mariadb_socket DATADIR: prints the path of the server's unix socket.
mariadb_socket() {
  printf '%s/mysqld.sock' "$1"
}

# mariadb_error_log DATADIR: prints the path of the server's error log.
mariadb_error_log() {
  printf '%s/mariadbd.err' "$1"
}

_mariadb_admin() {
  local datadir="$1"
  shift
  mariadb-admin --no-defaults --socket="$(mariadb_socket "$datadir")" \
    --user="$(_mariadb_os_user)" --connect-timeout=5 "$@"
}

# mariadb_pid DATADIR: prints the pid of the live mariadbd serving DATADIR; fails when none runs.
mariadb_pid() {
  local pid
  pid="$(ccrm_read_pid_file "$1/mariadbd.pid")" || return 1
  ccrm_pid_alive "$pid" || return 1
  [[ "$(ccrm_pid_exe_name "$pid")" == mariadbd ]] || return 1
  printf '%s' "$pid"
}

# mariadb_is_running DATADIR: succeeds when a mariadbd for DATADIR runs and answers on its socket.
mariadb_is_running() {
  mariadb_pid "$1" >/dev/null && _mariadb_admin "$1" --silent ping >/dev/null 2>&1
}

# mariadb_start DATADIR PORT [BIND_ADDRESS [PREFIX...]]: initialises DATADIR on first use, starts
# mariadbd on BIND_ADDRESS:PORT (default 127.0.0.1) and DATADIR/mysqld.sock — run through PREFIX
# when given, e.g. `ip netns exec db` to start it in a network namespace — waits (up to
# $MARIADB_START_TIMEOUT s) until it answers, and drops anonymous accounts. Does nothing when a server for DATADIR already runs on PORT. Exits 1 (after
# printing the error log) when DATADIR is not empty yet was not initialised here, PORT is taken, a
# server for DATADIR runs on another port, or the server does not come up.
mariadb_start() {
  (($# >= 2)) || ccrm_die "usage: mariadb_start DATADIR PORT [BIND_ADDRESS [PREFIX...]]"
  local datadir port="$2" bind="${3:-127.0.0.1}" sock log pid deadline user
  local -a prefix=("${@:4}")
  [[ "$port" =~ ^[0-9]+$ ]] || ccrm_die "mariadb_start: bad port '$port'"
  mkdir -p "$1"
  datadir="$(_mariadb_abs_dir "$1")" || ccrm_die "mariadb_start: cannot use datadir $1"
  sock="$(mariadb_socket "$datadir")"
  log="$(mariadb_error_log "$datadir")"
  user="$(_mariadb_os_user)"
  # sun_path holds 108 bytes.
  ((${#sock} < 104)) || ccrm_die "socket path too long (${#sock} > 103): $sock; use a shorter datadir"

  if mariadb_is_running "$datadir"; then
    local running_port
    running_port="$(mariadb_sql "$datadir" "SELECT @@port")"
    [[ "$running_port" == "$port" ]] ||
      ccrm_die "mariadb for $datadir already runs on port $running_port, not $port; stop it first"
    ccrm_log "mariadb: already running for $datadir on port $port (pid $(mariadb_pid "$datadir"))"
    return 0
  fi
  if pid="$(mariadb_pid "$datadir")"; then
    ccrm_die "mariadb: pid $pid runs for $datadir but does not answer on $sock; run mariadb_stop"
  fi
  rm -f "$datadir/mariadbd.pid" "$sock" "$sock.lock"

  if [[ ! -e "$datadir/.ccrm-initialised" ]]; then
    if [[ -n "$(ls -A "$datadir")" ]]; then
      ccrm_die "mariadb: $datadir is not empty but was not initialised by these scripts; remove it"
    fi
    ccrm_log "mariadb: initialising $datadir"
    if ! mariadb-install-db --no-defaults --datadir="$datadir" --user="$user" \
      --auth-root-authentication-method=socket --skip-test-db --skip-name-resolve \
      >"$datadir/install-db.log" 2>&1; then
      cat "$datadir/install-db.log" >&2
      ccrm_die "mariadb-install-db failed for $datadir"
    fi
    touch "$datadir/.ccrm-initialised"
  fi

  if ccrm_port_in_use "$port"; then
    ccrm_die "mariadb: port $port is already in use; choose another (CCRM_MYSQL_PORT)"
  fi

  ccrm_log "mariadb: starting on $bind:$port, socket $sock${prefix[*]:+ (via ${prefix[*]})}"
  # The subshell exits at once, so mariadbd is re-parented and never lingers as our zombie.
  (
    "${prefix[@]}" setsid mariadbd --no-defaults \
      --user="$user" \
      --datadir="$datadir" \
      --socket="$sock" \
      --pid-file="$datadir/mariadbd.pid" \
      --log-error="$log" \
      --bind-address="$bind" \
      --port="$port" \
      --skip-name-resolve \
      --skip-log-bin \
      --character-set-server=utf8mb4 \
      --collation-server=utf8mb4_unicode_ci \
      --innodb-buffer-pool-size=256M \
      --innodb-log-file-size=64M \
      --innodb-flush-log-at-trx-commit=1 \
      --max-connections=500 \
      </dev/null >>"$datadir/mariadbd.out" 2>&1 &
    echo "$!" >"$datadir/mariadbd.launch-pid"
  )
  pid="$(ccrm_read_pid_file "$datadir/mariadbd.launch-pid")"
  rm -f "$datadir/mariadbd.launch-pid"

  deadline=$((SECONDS + MARIADB_START_TIMEOUT))
  until _mariadb_admin "$datadir" --silent ping >/dev/null 2>&1; do
    if ! ccrm_pid_alive "$pid" || ((SECONDS >= deadline)); then
      ccrm_log "mariadb: did not come up (pid $pid); error log $log:"
      tail -n 60 "$log" >&2 2>/dev/null || true
      tail -n 20 "$datadir/mariadbd.out" >&2 2>/dev/null || true
      if ccrm_pid_alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
      ccrm_die "mariadb did not start (it exited, or did not answer within ${MARIADB_START_TIMEOUT}s)"
    fi
    sleep 0.3
  done
  ccrm_log "mariadb: up (pid $pid)"

  # mariadb-install-db may leave ''@localhost / ''@<hostname>; an anonymous account would match
  # before 'u'@'%' style accounts and break logins, so drop every one of them.
  local anon
  anon="$(mariadb_sql "$datadir" \
    "SELECT CONCAT(QUOTE(User), '@', QUOTE(Host)) FROM mysql.user WHERE User = ''")"
  if [[ -n "$anon" ]]; then
    mariadb_sql "$datadir" "DROP USER ${anon//$'\n'/, }" >/dev/null
    ccrm_log "mariadb: dropped anonymous account(s): ${anon//$'\n'/ }"
  fi
}

# mariadb_stop DATADIR: shuts the server for DATADIR down cleanly (mariadb-admin shutdown over the
# socket, then SIGTERM, then SIGKILL) and waits until the process is gone. Succeeds when nothing
# ran; fails only when the process survives SIGKILL.
mariadb_stop() {
  (($# == 1)) || ccrm_die "usage: mariadb_stop DATADIR"
  local datadir pid
  if ! datadir="$(_mariadb_abs_dir "$1")"; then
    ccrm_log "mariadb: no datadir $1, nothing to stop"
    return 0
  fi
  if ! pid="$(mariadb_pid "$datadir")"; then
    ccrm_log "mariadb: not running for $datadir"
    rm -f "$datadir/mariadbd.pid"
    return 0
  fi
  ccrm_log "mariadb: shutting down pid $pid"
  _mariadb_admin "$datadir" shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  if ! ccrm_wait_pid_exit "$pid" 60; then
    ccrm_log "mariadb: still running after 60s, sending SIGTERM"
    kill -TERM "$pid" 2>/dev/null || true
    if ! ccrm_wait_pid_exit "$pid" 30; then
      ccrm_log "mariadb: still running, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      ccrm_wait_pid_exit "$pid" 10 || {
        ccrm_log "mariadb: pid $pid survived SIGKILL"
        return 1
      }
    fi
  fi
  rm -f "$datadir/mariadbd.pid"
  ccrm_log "mariadb: stopped"
}

# mariadb_sql DATADIR SQL: runs SQL (one or more ';'-separated statements) as the superuser over
# the socket and prints the result rows tab-separated, without column names. Returns the client's
# status (non-zero on any SQL error, which it prints on stderr).
mariadb_sql() {
  (($# == 2)) || ccrm_die "usage: mariadb_sql DATADIR SQL"
  mariadb --no-defaults --socket="$(mariadb_socket "$1")" --user="$(_mariadb_os_user)" \
    --batch --skip-column-names -e "$2"
}

# mariadb_schema_for_service SERVICE: prints the schema of SERVICE; fails for an unknown service.
mariadb_schema_for_service() {
  case "$1" in
    customer-profile) echo ccrm_customer ;;
    credit-rating) echo ccrm_rating ;;
    relationship-service) echo ccrm_relationship ;;
    risk-warning) echo ccrm_risk ;;
    *) return 1 ;;
  esac
}

_mariadb_new_password() {
  local password
  password="$(openssl rand -hex 24)" || return 1
  printf '%s' "$password"
}

# mariadb_password_file SECRETS_DIR USER: prints the path of USER's password file, creating it
# (mode 600, 48 hex characters, no newline) when missing. Exits 1 when an existing file does not
# hold a plain [A-Za-z0-9] password.
mariadb_password_file() {
  local file="$1/$2.password" password
  ccrm_write_secret_file "$file" _mariadb_new_password
  password="$(<"$file")"
  [[ "$password" =~ ^[A-Za-z0-9]{16,}$ ]] ||
    ccrm_die "$file must hold one password of 16+ letters/digits; delete it to get a new one"
  printf '%s' "$file"
}

# _mariadb_user_sql USER PASSWORD: prints SQL that creates USER@localhost and USER@127.0.0.1 if
# missing and sets their password to PASSWORD.
_mariadb_user_sql() {
  local user="$1" password host
  password="$(_mariadb_quote "$2")"
  for host in localhost 127.0.0.1; do
    printf "CREATE USER IF NOT EXISTS '%s'@'%s' IDENTIFIED BY %s;\n" "$user" "$host" "$password"
    printf "ALTER USER '%s'@'%s' IDENTIFIED BY %s;\n" "$user" "$host" "$password"
  done
}

# mariadb_provision DATADIR SECRETS_DIR SERVICE...: for each SERVICE (customer-profile,
# credit-rating, relationship-service, risk-warning) creates its schema (utf8mb4_unicode_ci) and
# its user <schema>_svc@{localhost,127.0.0.1} with exactly SELECT, INSERT, UPDATE, DELETE on
# <schema>.* (any other privilege it had is revoked); and the user ccrm_migrator@{localhost,
# 127.0.0.1} with CREATE, ALTER, INDEX, DROP, REFERENCES, SELECT, INSERT, UPDATE, DELETE on each of
# those schemas (added to whatever it has on other schemas). Passwords come from
# SECRETS_DIR/<user>.password, generated once; re-runs re-apply them, so the files and the
# database agree. Exits 1 on an unknown service or an SQL error.
mariadb_provision() {
  (($# >= 3)) || ccrm_die "usage: mariadb_provision DATADIR SECRETS_DIR SERVICE..."
  local datadir="$1" secrets="$2" service schema user host file sql=""
  shift 2
  mkdir -p "$secrets"
  chmod 700 "$secrets"

  file="$(mariadb_password_file "$secrets" ccrm_migrator)" || exit 1
  sql+="$(_mariadb_user_sql ccrm_migrator "$(<"$file")")"$'\n'
  for service in "$@"; do
    schema="$(mariadb_schema_for_service "$service")" || ccrm_die "unknown service '$service'"
    user="${schema}_svc"
    file="$(mariadb_password_file "$secrets" "$user")" || exit 1
    sql+="CREATE DATABASE IF NOT EXISTS \`$schema\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"$'\n'
    sql+="ALTER DATABASE \`$schema\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"$'\n'
    sql+="$(_mariadb_user_sql "$user" "$(<"$file")")"$'\n'
    for host in localhost 127.0.0.1; do
      sql+="REVOKE ALL PRIVILEGES, GRANT OPTION FROM '$user'@'$host';"$'\n'
      sql+="GRANT SELECT, INSERT, UPDATE, DELETE ON \`$schema\`.* TO '$user'@'$host';"$'\n'
      sql+="GRANT CREATE, ALTER, INDEX, DROP, REFERENCES, SELECT, INSERT, UPDATE, DELETE"
      sql+=" ON \`$schema\`.* TO 'ccrm_migrator'@'$host';"$'\n'
    done
  done
  mariadb_sql "$datadir" "$sql" || ccrm_die "provisioning failed"
  ccrm_log "mariadb: provisioned $* (passwords in $secrets)"
}

# mariadb_create_test_admin DATADIR USER PASSWORD: creates (or re-passwords) USER@localhost and
# USER@127.0.0.1 with ALL PRIVILEGES ON *.* WITH GRANT OPTION, for tests that make throwaway
# schemas and users. Exits 1 on a bad user name or an SQL error.
mariadb_create_test_admin() {
  (($# == 3)) || ccrm_die "usage: mariadb_create_test_admin DATADIR USER PASSWORD"
  local datadir="$1" user="$2" password="$3" host sql
  _mariadb_check_name "$user"
  sql="$(_mariadb_user_sql "$user" "$password")"$'\n'
  for host in localhost 127.0.0.1; do
    sql+="GRANT ALL PRIVILEGES ON *.* TO '$user'@'$host' WITH GRANT OPTION;"$'\n'
  done
  mariadb_sql "$datadir" "$sql" || ccrm_die "creating test admin $user failed"
}
