# shellcheck shell=bash source-path=SCRIPTDIR
# Helpers shared by deploy/local/*.sh and tests/run.sh: the repository root, logging, installing
# the Debian packages listed in deploy/local/packages.txt, building, and process bookkeeping.
# Source it; it defines functions and CCRM_REPO_ROOT and changes no shell options.
#
# Example:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#   ccrm_install_packages "$CCRM_PACKAGES_FILE"
#   ccrm_build "${CCRM_BUILD_DIR:-$CCRM_REPO_ROOT/build}"
#
# Environment read here:
#   CCRM_BUILD_JOBS      parallel jobs for ninja (default 2, the size of the machine)
#   CCRM_BUILD_TYPE      CMAKE_BUILD_TYPE (default RelWithDebInfo)

if [[ -n "${_CCRM_COMMON_SH_LOADED:-}" ]]; then
  return 0
fi
_CCRM_COMMON_SH_LOADED=1

# The repository root: this file lives in <root>/deploy/local/lib/.
CCRM_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
CCRM_PACKAGES_FILE="$CCRM_REPO_ROOT/deploy/local/packages.txt"

# ccrm_log MESSAGE...: one line on stderr, with a UTC timestamp and the script's name.
ccrm_log() {
  printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${CCRM_LOG_TAG:-$(basename "$0")}" "$*" >&2
}

# ccrm_die MESSAGE...: logs MESSAGE and exits 1.
ccrm_die() {
  ccrm_log "ERROR: $*"
  exit 1
}

# ccrm_as_root COMMAND...: runs COMMAND as root (directly when already root, else with sudo).
# Returns COMMAND's status; exits 1 when not root and sudo is not there.
ccrm_as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    ccrm_die "need root (or sudo) to run: $*"
  fi
}

# ccrm_package_list [FILE]: prints the package names in FILE (default packages.txt), one a line,
# without comments and blank lines.
ccrm_package_list() {
  local file="${1:-$CCRM_PACKAGES_FILE}"
  [[ -r "$file" ]] || ccrm_die "package list not found: $file"
  sed -e 's/#.*//' "$file" | tr -s '[:space:]' '\n' | sed '/^$/d'
}

# ccrm_missing_packages [FILE]: prints the packages from FILE that dpkg does not report as installed.
ccrm_missing_packages() {
  local pkg status
  while IFS= read -r pkg; do
    status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != ii* ]]; then
      printf '%s\n' "$pkg"
    fi
  done < <(ccrm_package_list "$@")
}

# ccrm_install_packages [FILE]: installs the packages from FILE that are missing. Runs
# 'apt-get update' only when something is missing. Exits 1 when apt fails or a package is still
# missing afterwards. Installing mariadb-server may start Debian's own mariadb service (port 3306,
# /run/mysqld); the scripts never use it, their server has its own port, socket, datadir and pid.
ccrm_install_packages() {
  local -a missing
  mapfile -t missing < <(ccrm_missing_packages "$@")
  if ((${#missing[@]} == 0)); then
    ccrm_log "all packages from ${1:-$CCRM_PACKAGES_FILE} are installed"
    return 0
  fi
  ccrm_log "installing ${#missing[@]} missing package(s): ${missing[*]}"
  ccrm_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
    ccrm_die "apt-get update failed"
  ccrm_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" ||
    ccrm_die "apt-get install failed"
  mapfile -t missing < <(ccrm_missing_packages "$@")
  ((${#missing[@]} == 0)) || ccrm_die "still missing after apt-get install: ${missing[*]}"
}

# ccrm_build BUILD_DIR [NINJA_TARGET...]: configures the repository with CMake (Ninja,
# CMAKE_BUILD_TYPE=${CCRM_BUILD_TYPE:-RelWithDebInfo}) into BUILD_DIR and builds it with
# ${CCRM_BUILD_JOBS:-2} jobs. Exits 1 when configuring or building fails.
ccrm_build() {
  local build_dir="${1:?usage: ccrm_build BUILD_DIR [TARGET...]}"
  shift
  ccrm_log "configuring $CCRM_REPO_ROOT into $build_dir"
  cmake -G Ninja -DCMAKE_BUILD_TYPE="${CCRM_BUILD_TYPE:-RelWithDebInfo}" \
    -S "$CCRM_REPO_ROOT" -B "$build_dir" || ccrm_die "cmake configure failed (see above)"
  ccrm_log "building with ${CCRM_BUILD_JOBS:-2} job(s)"
  ninja -C "$build_dir" -j "${CCRM_BUILD_JOBS:-2}" "$@" || ccrm_die "build failed (see above)"
}

# ccrm_pid_alive PID: succeeds when PID is a live process (not a zombie).
ccrm_pid_alive() {
  local pid="$1" state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # A zombie still answers kill -0; field 3 of /proc/PID/stat is its state.
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# ccrm_pid_exe_name PID: prints the file name of PID's executable ("" when unknown).
ccrm_pid_exe_name() {
  local exe
  exe="$(readlink "/proc/$1/exe" 2>/dev/null || true)"
  exe="${exe% (deleted)}"
  printf '%s' "${exe##*/}"
}

# ccrm_read_pid_file FILE: prints the pid stored in FILE; fails when FILE is missing or holds no pid.
ccrm_read_pid_file() {
  local pid
  [[ -r "$1" ]] || return 1
  pid="$(tr -d '[:space:]' <"$1")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  printf '%s' "$pid"
}

# ccrm_wait_pid_exit PID TIMEOUT_SECONDS: waits until PID is gone. Fails on timeout.
ccrm_wait_pid_exit() {
  local pid="$1" deadline=$((SECONDS + $2))
  while ccrm_pid_alive "$pid"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# ccrm_stop_pid_file PID_FILE EXE_NAME [TIMEOUT_SECONDS]: stops the process whose pid PID_FILE
# holds, if it is alive and its executable is named EXE_NAME: SIGTERM, up to TIMEOUT_SECONDS
# (default 30) for it to exit, then SIGKILL. Removes PID_FILE. Succeeds also when nothing ran;
# fails only when the process survives SIGKILL.
ccrm_stop_pid_file() {
  local pid_file="$1" name="$2" timeout="${3:-30}" pid exe
  if ! pid="$(ccrm_read_pid_file "$pid_file")"; then
    rm -f "$pid_file"
    return 0
  fi
  if ! ccrm_pid_alive "$pid"; then
    ccrm_log "$name: not running (stale pid file $pid_file)"
    rm -f "$pid_file"
    return 0
  fi
  exe="$(ccrm_pid_exe_name "$pid")"
  if [[ "$exe" != "$name" ]]; then
    ccrm_log "$name: pid $pid now belongs to '${exe:-?}', not touching it (stale pid file)"
    rm -f "$pid_file"
    return 0
  fi
  ccrm_log "$name: stopping pid $pid (SIGTERM, up to ${timeout}s)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! ccrm_wait_pid_exit "$pid" "$timeout"; then
    ccrm_log "$name: still running after ${timeout}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    ccrm_wait_pid_exit "$pid" 10 || {
      ccrm_log "$name: pid $pid survived SIGKILL"
      return 1
    }
  fi
  rm -f "$pid_file"
}

# ccrm_port_in_use PORT: succeeds when something listens on TCP PORT (any address) or accepts a
# connection on 127.0.0.1:PORT.
ccrm_port_in_use() {
  local port="$1"
  if command -v ss >/dev/null 2>&1 && [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]; then
    return 0
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# ccrm_pick_free_port: prints a TCP port in 3400..4399 that nothing listens on.
ccrm_pick_free_port() {
  local port i
  for ((i = 0; i < 100; i++)); do
    port=$((3400 + RANDOM % 1000))
    if ! ccrm_port_in_use "$port"; then
      printf '%s' "$port"
      return 0
    fi
  done
  ccrm_die "no free port found in 3400..4399"
}

# ccrm_write_secret_file FILE COMMAND...: when FILE does not exist, writes COMMAND's output to
# FILE with mode 600 (atomically). Leaves an existing FILE alone. Exits 1 when COMMAND fails.
ccrm_write_secret_file() {
  local file="$1" tmp
  shift
  [[ -e "$file" ]] && return 0
  tmp="$(mktemp "$file.XXXXXX")"
  chmod 600 "$tmp"
  if ! "$@" >"$tmp"; then
    rm -f "$tmp"
    ccrm_die "could not generate $file"
  fi
  mv -f "$tmp" "$file"
}
