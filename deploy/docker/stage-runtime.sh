#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Stages the file set of a ccrm runtime image: lays out, under OUT_DIR, every file the image adds
# to its base exactly where it will sit in the image, so that `COPY --from=build OUT_DIR/ /` is the
# whole runtime stage and tests/deploy/runtime/runtime_image_test.sh can run the service from
# OUT_DIR alone (chroot). What it stages:
#   /opt/ccrm/bin/<name>       BINARY with its DWARF debug info removed (symbols and build id kept,
#                              so stack traces still name functions; the unstripped binary stays in
#                              the build stage)
#   /opt/ccrm/migrations/      the *.sql files of MIGRATIONS_DIR
#   every shared library `ldd BINARY` names, and the dynamic loader, at the paths ldd prints, with
#   each symlink on the way recreated as the same symlink (Debian 12's lib -> usr/lib,
#   libfoo.so.N -> libfoo.so.N.M), so the loader walks the same paths in the image as here
#   MariaDB Connector/C's client authentication plugins (dlopen()ed, so ldd cannot see them; a
#   MySQL 8 server's default caching_sha2_password needs one) and the libraries they need
#   /var/lib/dpkg/status.d/<package>  the dpkg record of each Debian package a staged library
#                              comes from, so image scanners see those packages and versions
# OUT_DIR must not exist yet or be empty. Exits 1 with a message naming the problem when a library
# cannot be resolved, a file is missing, or a staged library belongs to no Debian package.
#
# Example:
#   deploy/docker/stage-runtime.sh build/services/credit-rating/credit-rating \
#     services/credit-rating/migrations /runtime
#
# Environment: none. Needs ldd (libc-bin), objcopy (binutils) and dpkg-query.
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="stage-runtime"
# shellcheck source=../local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib/common.sh"

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
(($# == 3)) || ccrm_die "usage: stage-runtime.sh BINARY MIGRATIONS_DIR OUT_DIR (see --help)"

readonly APP_DIR=/opt/ccrm
readonly DPKG_STATUS_DIR=/var/lib/dpkg/status.d
# Debian's MariaDB Connector/C loads its plugins from <libdir>/libmariadb3/plugin.
readonly MARIADB_LIB=libmariadb.so.3
readonly MARIADB_PLUGIN_SUBDIR=libmariadb3/plugin

BINARY="$1"
MIGRATIONS_DIR="$2"
OUT="$3"
umask 022

# Host paths of every regular file staged from the system (libraries, loader, plugins).
declare -A STAGED_SYSTEM_FILES=()
DEPENDENCIES=""

# elf_dependencies FILE: prints the absolute path of every shared library and of the dynamic loader
# that ldd resolves for FILE, one a line. Exits 1 when any library is "not found".
elf_dependencies() {
  local file="$1" out
  if ! out="$(LC_ALL=C ldd "$file" 2>&1)"; then
    # A static executable has nothing to stage; anything else is an error.
    [[ "$out" == *"not a dynamic executable"* || "$out" == *"statically linked"* ]] && return 0
    ccrm_die "ldd $file failed: $out"
  fi
  if grep -q '=> not found' <<<"$out"; then
    ccrm_die "ldd $file: missing libraries: $(grep '=> not found' <<<"$out" | awk '{print $1}' | tr '\n' ' ')"
  fi
  # "libfoo.so.1 => /path (0x...)" and the loader's "/lib64/ld-linux-x86-64.so.2 (0x...)";
  # linux-vdso.so.1 is the kernel's and has no path.
  awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' <<<"$out"
}

# stage_path PATH: recreates absolute PATH under OUT as the loader walks it: each symlink met on
# the way (a directory link such as lib -> usr/lib, or a file link) becomes the same symlink under
# OUT, each real directory a directory, and the regular file at the end is copied with its mode.
stage_path() {
  local rest="${1#/}" prefix="" component current target hops=0
  while [[ -n "$rest" ]]; do
    component="${rest%%/*}"
    if [[ "$rest" == */* ]]; then rest="${rest#*/}"; else rest=""; fi
    case "$component" in
      "" | .) continue ;;
      ..)
        prefix="${prefix%/*}"
        continue
        ;;
    esac
    current="$prefix/$component"
    if [[ -L "$current" ]]; then
      ((++hops <= 40)) || ccrm_die "too many symlinks resolving $1"
      target="$(readlink "$current")"
      if [[ -L "$OUT$current" ]]; then
        [[ "$(readlink "$OUT$current")" == "$target" ]] ||
          ccrm_die "$OUT$current already links elsewhere than $target"
      else
        mkdir -p "$OUT$prefix"
        ln -s "$target" "$OUT$current"
      fi
      if [[ "$target" == /* ]]; then
        prefix=""
        target="${target#/}"
      fi
      rest="$target${rest:+/$rest}"
    elif [[ -d "$current" ]]; then
      [[ ! -L "$OUT$current" ]] || ccrm_die "$OUT$current is a symlink but $current is a directory"
      mkdir -p "$OUT$current"
      prefix="$current"
    elif [[ -f "$current" && -z "$rest" ]]; then
      if [[ -z "${STAGED_SYSTEM_FILES[$current]:-}" ]]; then
        cp --preserve=mode,timestamps "$current" "$OUT$current"
        STAGED_SYSTEM_FILES[$current]=1
      fi
      return 0
    else
      ccrm_die "cannot stage $1: $current is missing or not a regular file"
    fi
  done
}

# stage_libraries_of FILE: stages every library and the loader FILE needs; sets DEPENDENCIES to
# their paths, one a line. (ldd runs outside a pipe, so its failure stops this script.)
stage_libraries_of() {
  local dependency
  DEPENDENCIES="$(elf_dependencies "$1")" || exit 1
  while IFS= read -r dependency; do
    [[ -z "$dependency" ]] || stage_path "$dependency"
  done <<<"$DEPENDENCIES"
}

# mariadb_plugin_dir DEPENDENCIES: prints Connector/C's plugin directory when DEPENDENCIES (paths,
# one a line) hold libmariadb, else "".
mariadb_plugin_dir() {
  local lib
  lib="$(grep "/$MARIADB_LIB\$" <<<"$1" | head -n 1 || true)"
  [[ -n "$lib" ]] || return 0
  printf '%s/%s' "$(dirname "$(readlink -f "$lib")")" "$MARIADB_PLUGIN_SUBDIR"
}

# record_packages: writes the dpkg record of every package owning a staged system file to
# OUT/var/lib/dpkg/status.d/<package>. Exits 1 when a staged file belongs to no package.
record_packages() {
  local -A owner_of=() packages=()
  local file line owners path package
  # dpkg knows a file by the path its package ships it under: /usr/lib/... or, for packages
  # older than the /usr merge, /lib/...; ask for both in one query (unknown paths only warn).
  while IFS= read -r line; do
    owners="${line%%: /*}"
    path="${line#"$owners: "}"
    owner_of["$path"]="${owners%%,*}"
  done < <(for file in "${!STAGED_SYSTEM_FILES[@]}"; do
    printf '%s\n' "$file"
    [[ "$file" != /usr/* ]] || printf '%s\n' "${file#/usr}"
  done | xargs dpkg-query --search 2>/dev/null | grep -v '^diversion ' || true)
  for file in "${!STAGED_SYSTEM_FILES[@]}"; do
    package="${owner_of[$file]:-${owner_of[${file#/usr}]:-}}"
    [[ -n "$package" ]] ||
      ccrm_die "$file belongs to no Debian package; refusing to ship an untracked library"
    packages["$package"]=1
  done
  mkdir -p "$OUT$DPKG_STATUS_DIR"
  for package in "${!packages[@]}"; do
    dpkg-query --status "$package" >"$OUT$DPKG_STATUS_DIR/${package%%:*}" ||
      ccrm_die "dpkg-query --status $package failed"
  done
}

[[ -f "$BINARY" && -x "$BINARY" ]] || ccrm_die "binary not found or not executable: $BINARY"
[[ -d "$MIGRATIONS_DIR" ]] || ccrm_die "migrations directory not found: $MIGRATIONS_DIR"
shopt -s nullglob
migrations=("$MIGRATIONS_DIR"/*.sql)
shopt -u nullglob
((${#migrations[@]} > 0)) || ccrm_die "no *.sql migration in $MIGRATIONS_DIR"
if [[ -e "$OUT" && -n "$(ls -A "$OUT")" ]]; then
  ccrm_die "output directory $OUT is not empty"
fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd -P)"

name="$(basename "$BINARY")"
mkdir -p "$OUT$APP_DIR/bin" "$OUT$APP_DIR/migrations"
objcopy --strip-debug "$BINARY" "$OUT$APP_DIR/bin/$name" || ccrm_die "objcopy --strip-debug $BINARY failed"
chmod 0755 "$OUT$APP_DIR/bin/$name"
install -m 0644 "${migrations[@]}" "$OUT$APP_DIR/migrations/"

stage_libraries_of "$BINARY"
plugin_dir="$(mariadb_plugin_dir "$DEPENDENCIES")"
if [[ -n "$plugin_dir" ]]; then
  [[ -d "$plugin_dir" ]] || ccrm_die "$MARIADB_LIB is linked but its plugin directory $plugin_dir is missing"
  for plugin in "$plugin_dir"/*.so; do
    [[ -e "$plugin" ]] || ccrm_die "no client plugin in $plugin_dir"
    stage_path "$plugin"
    stage_libraries_of "$plugin"
  done
fi
record_packages

ccrm_log "staged $name: ${#STAGED_SYSTEM_FILES[@]} system files, ${#migrations[@]} migrations, $(du -sh "$OUT" | cut -f1) in $OUT"
