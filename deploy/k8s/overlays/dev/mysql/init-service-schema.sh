#!/bin/bash
# Creates one ccrm service's schema and its two database users in a fresh MySQL 8 (dev overlay):
# the schema (utf8mb4, utf8mb4_unicode_ci), the service's own user with exactly SELECT, INSERT,
# UPDATE, DELETE on it, and the migrator user with CREATE, ALTER, INDEX, DROP, REFERENCES, SELECT,
# INSERT, UPDATE, DELETE on it; the same grants deploy/local/lib/mariadb.sh gives on the local
# stack. Any other privilege either user had is revoked. Passwords are read from files (the
# mounted Secrets) and must be 16+ letters/digits, as mariadb.sh generates them. Safe to run again.
#
# The mysql image runs it once, from /docker-entrypoint-initdb.d, while its first-start server
# listens only on the unix socket and MYSQL_ROOT_PASSWORD holds the root password. Users are
# created @'%' (pods have no stable address); the NetworkPolicy decides who reaches the server.
# They authenticate with mysql_native_password: our client (MariaDB Connector/C, without TLS)
# cannot be relied on for caching_sha2_password's full authentication over plain TCP.
#
# Example (what the StatefulSet sets):
#   CCRM_DB_SCHEMA=ccrm_customer CCRM_DB_SERVICE_USER=ccrm_customer_svc \
#   CCRM_DB_SERVICE_PASSWORD_FILE=/var/run/secrets/ccrm/mysql/password \
#   CCRM_DB_MIGRATOR_USER=ccrm_migrator \
#   CCRM_DB_MIGRATOR_PASSWORD_FILE=/var/run/secrets/ccrm/mysql-migrator/password \
#   /docker-entrypoint-initdb.d/init-service-schema.sh
#
# Environment:
#   CCRM_DB_SCHEMA, CCRM_DB_SERVICE_USER, CCRM_DB_MIGRATOR_USER   plain identifiers [A-Za-z0-9_]
#   CCRM_DB_SERVICE_PASSWORD_FILE, CCRM_DB_MIGRATOR_PASSWORD_FILE  files holding the passwords
#   MYSQL_ROOT_PASSWORD   the administrator's password (set by the image's entrypoint)
#   CCRM_DB_ADMIN_USER    administrator to connect as (default root)
#   CCRM_DB_SOCKET        server socket (default /var/run/mysqld/mysqld.sock)
#   CCRM_DB_HOST, CCRM_DB_PORT  connect over TCP instead of the socket (the tests use this)
#   CCRM_DB_CLIENT        client program (default mysql)
set -euo pipefail

die() {
  printf 'init-service-schema: %s\n' "$*" >&2
  exit 1
}

require_identifier() {
  local var="$1"
  [[ -n "${!var:-}" ]] || die "$var is not set"
  [[ "${!var}" =~ ^[A-Za-z0-9_]{1,32}$ ]] || die "$var='${!var}' is not a plain identifier"
}

# read_password VAR: the password in the file named by $VAR, trailing whitespace removed as the
# services remove it. Exits unless it is 16+ letters/digits (so it needs no SQL quoting).
read_password() {
  local var="$1" file password
  file="${!var:-}"
  [[ -n "$file" ]] || die "$var is not set"
  [[ -r "$file" ]] || die "$var: cannot read '$file'"
  password="$(<"$file")"
  password="${password%"${password##*[![:space:]]}"}"
  [[ "$password" =~ ^[A-Za-z0-9]{16,}$ ]] ||
    die "$file must hold one password of 16+ letters/digits"
  printf '%s' "$password"
}

run_sql() {
  local client="${CCRM_DB_CLIENT:-mysql}" connection=()
  if [[ -n "${CCRM_DB_HOST:-}" ]]; then
    connection=(--protocol=TCP "--host=$CCRM_DB_HOST" "--port=${CCRM_DB_PORT:-3306}")
  else
    connection=(--protocol=SOCKET "--socket=${CCRM_DB_SOCKET:-/var/run/mysqld/mysqld.sock}")
  fi
  # The password goes through a file descriptor, never the command line (visible in ps).
  "$client" --defaults-extra-file=<(printf '[client]\npassword="%s"\n' "${MYSQL_ROOT_PASSWORD:-}") \
    "${connection[@]}" "--user=${CCRM_DB_ADMIN_USER:-root}" --batch --skip-column-names "$@"
}

# identified_by PASSWORD: the authentication clause for CREATE/ALTER USER on this server.
identified_by() {
  if [[ "$SERVER_VERSION" == *MariaDB* ]]; then
    printf "IDENTIFIED BY '%s'" "$1"
  else
    printf "IDENTIFIED WITH mysql_native_password BY '%s'" "$1"
  fi
}

require_identifier CCRM_DB_SCHEMA
require_identifier CCRM_DB_SERVICE_USER
require_identifier CCRM_DB_MIGRATOR_USER
[[ "$CCRM_DB_SERVICE_USER" != "$CCRM_DB_MIGRATOR_USER" ]] ||
  die "the service user and the migrator user must differ"
service_password="$(read_password CCRM_DB_SERVICE_PASSWORD_FILE)"
migrator_password="$(read_password CCRM_DB_MIGRATOR_PASSWORD_FILE)"
SERVER_VERSION="$(run_sql -e 'SELECT VERSION()')" || die "cannot connect to the server"

schema="$CCRM_DB_SCHEMA"
sql="CREATE DATABASE IF NOT EXISTS \`$schema\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER DATABASE \`$schema\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
"
for user in "$CCRM_DB_SERVICE_USER" "$CCRM_DB_MIGRATOR_USER"; do
  if [[ "$user" == "$CCRM_DB_SERVICE_USER" ]]; then
    password="$service_password"
    privileges="SELECT, INSERT, UPDATE, DELETE"
  else
    password="$migrator_password"
    privileges="CREATE, ALTER, INDEX, DROP, REFERENCES, SELECT, INSERT, UPDATE, DELETE"
  fi
  sql+="CREATE USER IF NOT EXISTS '$user'@'%' $(identified_by "$password");
ALTER USER '$user'@'%' $(identified_by "$password");
REVOKE ALL PRIVILEGES, GRANT OPTION FROM '$user'@'%';
GRANT $privileges ON \`$schema\`.* TO '$user'@'%';
"
done
run_sql -e "$sql" || die "provisioning $schema failed"
printf 'init-service-schema: %s ready; %s and %s provisioned\n' \
  "$schema" "$CCRM_DB_SERVICE_USER" "$CCRM_DB_MIGRATOR_USER" >&2
