# shellcheck shell=bash
# What tests/bench/run.sh (benchmarks) and tests/bench/soak.sh (soak) share: starting a service
# binary on the private MariaDB as its least-privilege user after its migrations, waiting for its
# ready file, stopping what they started, generating keys, reading RESULT fields.
#
# The caller sets (before calling): BENCH_STATE_DIR (ready files), LOGS (log dir), SECRETS
# (password files of deploy/local/lib/mariadb.sh's mariadb_provision), READY_TIMEOUT (seconds),
# and STARTED=() (each start appends "pid name"); it sources deploy/local/lib/common.sh and
# mariadb.sh first.
#
# Example:
#   bench_start_service "" customer-profile "$BIN" --mysql_port="$PORT" ...
#   echo "$STARTED_TARGET"      # 127.0.0.1:<grpc port>

# bench_stop_child PID NAME: SIGTERM, up to 20 s, then SIGKILL, for a process this script started
# (and only when PID still runs NAME). Returns the process's exit status (non-zero when it had to
# be killed or died of a signal).
bench_stop_child() {
  local pid="$1" name="$2" rc=0
  [[ -n "$pid" ]] || return 0
  if ccrm_pid_alive "$pid" && [[ "$(ccrm_pid_exe_name "$pid")" == "$name" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    if ! ccrm_wait_pid_exit "$pid" 20; then
      ccrm_log "$name: still running after 20s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || rc=$?
  return "$rc"
}

# bench_ready_port FILE: the grpc_port in a JSON ready file.
bench_ready_port() {
  sed -n 's/.*"grpc_port"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1
}

# bench_wait_ready NAME PID FILE LOG: waits until FILE is written; exits 1 when PID dies first or
# READY_TIMEOUT passes.
bench_wait_ready() {
  local name="$1" pid="$2" file="$3" log="$4" deadline=$((SECONDS + READY_TIMEOUT))
  until [[ -s "$file" ]]; do
    if ! ccrm_pid_alive "$pid"; then
      tail -n 40 "$log" >&2 || true
      ccrm_die "$name exited before it was ready (log: $log)"
    fi
    ((SECONDS < deadline)) || {
      tail -n 40 "$log" >&2 || true
      ccrm_die "$name not ready after ${READY_TIMEOUT}s"
    }
    sleep 0.2
  done
}

# bench_start_service TAG NAME BIN FLAGS...: applies NAME's migrations with FLAGS as
# ccrm_migrator, then starts NAME with FLAGS as its own least-privilege user (on 127.0.0.1:0
# unless FLAGS has --listen) and waits until it is ready. Logs go to $LOGS/[TAG-]NAME.*. Sets
# STARTED_PID and STARTED_TARGET (127.0.0.1:port).
bench_start_service() {
  local tag="$1" name="$2" bin="$3" schema listen="--listen=127.0.0.1:0" flag base
  shift 3
  base="${tag:+$tag-}$name"
  schema="$(mariadb_schema_for_service "$name")" || ccrm_die "unknown service '$name'"
  for flag in "$@"; do
    [[ "$flag" != --listen=* ]] || listen=""
  done
  ccrm_log "$name: applying migrations"
  if ! timeout 300 "$bin" --migrate_only "$@" \
    --mysql_user=ccrm_migrator --mysql_password_file="$SECRETS/ccrm_migrator.password" \
    --log_file="$LOGS/$base-migrate.log" </dev/null >>"$LOGS/$base-migrate.out" 2>&1; then
    tail -n 40 "$LOGS/$base-migrate.log" "$LOGS/$base-migrate.out" >&2 || true
    ccrm_die "$name migrations failed"
  fi
  rm -f "$BENCH_STATE_DIR/$name.ready"
  "$bin" "$@" ${listen:+"$listen"} --metrics_listen=127.0.0.1:0 \
    --mysql_user="${schema}_svc" --mysql_password_file="$SECRETS/${schema}_svc.password" \
    --ready_file="$BENCH_STATE_DIR/$name.ready" --log_file="$LOGS/$base.log" \
    </dev/null >>"$LOGS/$base.out" 2>&1 &
  STARTED_PID=$!
  STARTED+=("$STARTED_PID $name")
  bench_wait_ready "$name" "$STARTED_PID" "$BENCH_STATE_DIR/$name.ready" "$LOGS/$base.log"
  STARTED_TARGET="127.0.0.1:$(bench_ready_port "$BENCH_STATE_DIR/$name.ready")"
  ccrm_log "$name: ready on $STARTED_TARGET (pid $STARTED_PID)"
}

# shellcheck disable=SC2317  # called through ccrm_write_secret_file
bench_hex_key() {
  local key
  key="$(openssl rand -hex 32)" || return 1
  printf '%s' "$key"
}

# shellcheck disable=SC2317  # called through ccrm_write_secret_file
bench_keyring() {
  local key
  key="$(openssl rand -base64 32)" || return 1
  printf 'k1 %s\nactive k1\n' "$key"
}

# bench_field LINE KEY: the value of KEY=... in LINE ("" when absent).
bench_field() {
  tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p" | head -n 1
}
