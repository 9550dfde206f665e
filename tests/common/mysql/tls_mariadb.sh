#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A private MariaDB that speaks TLS, for mysql_tls_db_test: certificates made here with openssl,
# mariadbd on a free port of 127.0.0.1, and the accounts the test logs in with. tests/run.sh's
# own server has no TLS, so this one is separate. Everything lives in DIR, which stop removes; a
# watchdog stops the server and removes DIR as well when the owning test process dies first.
#
# Usage:
#   tls_mariadb.sh start DIR OWNER_PID   DIR must exist and be empty
#   tls_mariadb.sh use-cert DIR NAME     serve certs/NAME.pem from now on (FLUSH SSL)
#   tls_mariadb.sh stop DIR
#
# What start leaves in DIR for the test:
#   port                         the server's TCP port (127.0.0.1)
#   certs/ca.pem                 the CA that signs every certificate below
#   certs/other-ca.pem           a CA that signed nothing the server has
#   certs/server.pem             CN=localhost, SAN DNS:localhost, IP:127.0.0.1 (served at start)
#   certs/wrong-name.pem         signed by ca.pem, but only for db.example.com
#   certs/client.pem, .key       a client certificate signed by ca.pem
#   secrets/<user>.password      the password of each account, one line
# Accounts (host 127.0.0.1, each with ALL on the schema ccrm_tls):
#   ccrm_tls_svc    REQUIRE SSL
#   ccrm_x509_svc   REQUIRE X509
#   ccrm_open_svc   no requirement (plaintext would be accepted)
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="tls-mariadb"
# shellcheck source=../../../deploy/local/lib/mariadb.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../deploy/local/lib/mariadb.sh"

SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/$(basename "${BASH_SOURCE[0]}")"
readonly SELF
readonly SCHEMA=ccrm_tls
readonly USERS=(ccrm_tls_svc ccrm_x509_svc ccrm_open_svc)

# make_ca DIR NAME: a self-signed CA, DIR/NAME.pem and DIR/NAME.key.
make_ca() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=ccrm test $2" -keyout "$1/$2.key" -out "$1/$2.pem" 2>/dev/null
}

# make_leaf DIR NAME CN SAN: DIR/NAME.pem and DIR/NAME.key, signed by DIR/ca.pem.
make_leaf() {
  local dir="$1" name="$2"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$3" \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
  printf 'subjectAltName=%s\n' "$4" >"$dir/$name.ext"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -days 2 -extfile "$dir/$name.ext" -out "$dir/$name.pem" 2>/dev/null
  rm -f "$dir/$name.csr" "$dir/$name.ext"
}

make_certs() {
  local certs="$1"
  mkdir -p "$certs"
  make_ca "$certs" ca
  make_ca "$certs" other-ca
  make_leaf "$certs" server localhost "DNS:localhost,IP:127.0.0.1"
  make_leaf "$certs" wrong-name db.example.com "DNS:db.example.com"
  make_leaf "$certs" client ccrm_x509_svc "DNS:ccrm-x509-svc"
  # mariadbd is pointed at active.*; use-cert swaps what these hold.
  cp "$certs/server.pem" "$certs/active.pem"
  cp "$certs/server.key" "$certs/active.key"
}

# start_server DIR PORT: mariadbd with TLS on DIR/data, laid out as deploy/local/lib/mariadb.sh
# lays out its servers (so mariadb_sql and mariadb_stop work on DIR/data).
start_server() {
  local dir="$1" port="$2" data="$1/data" user pid deadline
  user="$(_mariadb_os_user)"
  mkdir -p "$data"
  mariadb-install-db --no-defaults --datadir="$data" --user="$user" \
    --auth-root-authentication-method=socket --skip-test-db --skip-name-resolve \
    >"$dir/install-db.log" 2>&1 || {
    cat "$dir/install-db.log" >&2
    ccrm_die "mariadb-install-db failed"
  }
  (
    setsid mariadbd --no-defaults --user="$user" --datadir="$data" \
      --socket="$(mariadb_socket "$data")" --pid-file="$data/mariadbd.pid" \
      --log-error="$(mariadb_error_log "$data")" --bind-address=127.0.0.1 --port="$port" \
      --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=32M \
      --ssl-ca="$dir/certs/ca.pem" --ssl-cert="$dir/certs/active.pem" \
      --ssl-key="$dir/certs/active.key" \
      </dev/null >>"$data/mariadbd.out" 2>&1 &
    echo "$!" >"$dir/launch.pid"
  )
  pid="$(<"$dir/launch.pid")"
  deadline=$((SECONDS + MARIADB_START_TIMEOUT))
  until _mariadb_admin "$data" --silent ping >/dev/null 2>&1; do
    if ! ccrm_pid_alive "$pid" || ((SECONDS >= deadline)); then
      tail -n 40 "$(mariadb_error_log "$data")" >&2 2>/dev/null || true
      if ccrm_pid_alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
      ccrm_die "mariadbd with TLS did not start"
    fi
    sleep 0.3
  done
  [[ "$(mariadb_sql "$data" "SELECT @@have_ssl")" == YES ]] ||
    ccrm_die "mariadbd started without TLS: $(tail -n 5 "$(mariadb_error_log "$data")")"
}

create_accounts() {
  local dir="$1" user password sql
  mkdir -p "$dir/secrets"
  chmod 700 "$dir/secrets"
  sql="CREATE DATABASE $SCHEMA;"$'\n'
  for user in "${USERS[@]}"; do
    password="$(openssl rand -hex 16)"
    printf '%s\n' "$password" >"$dir/secrets/$user.password"
    sql+="CREATE USER '$user'@'127.0.0.1' IDENTIFIED BY '$password';"$'\n'
    sql+="GRANT ALL ON $SCHEMA.* TO '$user'@'127.0.0.1';"$'\n'
  done
  sql+="ALTER USER 'ccrm_tls_svc'@'127.0.0.1' REQUIRE SSL;"$'\n'
  sql+="ALTER USER 'ccrm_x509_svc'@'127.0.0.1' REQUIRE X509;"$'\n'
  chmod 600 "$dir/secrets/"*.password
  mariadb_sql "$dir/data" "$sql" || ccrm_die "creating the accounts failed"
}

# teardown DIR: stops the server and removes DIR.
teardown() {
  local rc=0
  if [[ -d "$1/data" ]]; then
    mariadb_stop "$1/data" >/dev/null 2>&1 || rc=1
  fi
  rm -rf -- "$1"
  return "$rc"
}

cmd_start() {
  local dir="$1" owner="$2" port
  [[ -d "$dir" && -z "$(ls -A "$dir")" ]] || ccrm_die "start: $dir must be an empty directory"
  [[ "$owner" =~ ^[0-9]+$ ]] || ccrm_die "start: bad owner pid '$owner'"
  dir="$(cd "$dir" && pwd -P)"
  make_certs "$dir/certs"
  port="$(ccrm_pick_free_port)"
  start_server "$dir" "$port"
  create_accounts "$dir"
  # Stops everything when the test dies without calling stop (a crash, a ctest timeout).
  (
    setsid bash "$SELF" _watch "$dir" "$owner" </dev/null >/dev/null 2>&1 &
    echo "$!" >"$dir/watchdog.pid"
  )
  printf '%s\n' "$port" >"$dir/port"
}

cmd_use_cert() {
  local dir="$1" name="$2"
  [[ -f "$dir/certs/$name.pem" ]] || ccrm_die "use-cert: no certificate $name"
  cp "$dir/certs/$name.pem" "$dir/certs/active.pem"
  cp "$dir/certs/$name.key" "$dir/certs/active.key"
  mariadb_sql "$dir/data" "FLUSH SSL" >/dev/null || ccrm_die "FLUSH SSL failed"
}

cmd_stop() {
  local dir="$1" watchdog
  [[ -d "$dir" ]] || return 0
  if watchdog="$(ccrm_read_pid_file "$dir/watchdog.pid")" && ccrm_pid_alive "$watchdog"; then
    kill -TERM "$watchdog" 2>/dev/null || true
  fi
  teardown "$dir"
}

cmd_watch() {
  local dir="$1" owner="$2"
  while kill -0 "$owner" 2>/dev/null; do
    sleep 1
  done
  teardown "$dir"
}

usage() {
  ccrm_die "usage: $0 start DIR OWNER_PID | use-cert DIR NAME | stop DIR"
}

case "${1:-}:$#" in
  start:3) cmd_start "$2" "$3" ;;
  use-cert:3) cmd_use_cert "$2" "$3" ;;
  stop:2) cmd_stop "$2" ;;
  _watch:3) cmd_watch "$2" "$3" ;;
  *) usage ;;
esac
