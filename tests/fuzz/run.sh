#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-DCCRM_FUZZ=ON, in $CCRM_BUILD_DIR/fuzz-clang) and runs
# each for a while on a scratch copy of its seed corpus plus its regressions. A crash input is
# copied into tests/fuzz/regressions/<target>/ and the script fails, saying how to replay it.
# Writes $CCRM_RELIABILITY_DIR/fuzz.json (section "fuzz") when that variable is set.
#
#   tests/fuzz/run.sh                 ~20 s per target (CCRM_RELIABILITY_MODE=long: 10 min)
#   tests/fuzz/run.sh --seconds 300   300 s per target
#   tests/fuzz/run.sh --only customer_profile_fuzzer
#
# Environment: CCRM_BUILD_DIR (default /work/build), CCRM_FUZZ_BUILD_DIR (default
# $CCRM_BUILD_DIR/fuzz-clang), CCRM_BUILD_JOBS (default 2),
# CCRM_RELIABILITY_MODE, CCRM_RELIABILITY_DIR, FUZZ_SECONDS (as --seconds),
# CCRM_FUZZ_REGRESSIONS_DIR (default tests/fuzz/regressions; run_crash_test.sh points it elsewhere).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
regressions="${CCRM_FUZZ_REGRESSIONS_DIR:-$here/regressions}"
source_dir="$(cd "$here/../.." && pwd)"
build_root="${CCRM_BUILD_DIR:-/work/build}"
build_dir="${CCRM_FUZZ_BUILD_DIR:-$build_root/fuzz-clang}"
jobs="${CCRM_BUILD_JOBS:-2}"
mode=short
seconds="${FUZZ_SECONDS:-20}"
if [[ "${CCRM_RELIABILITY_MODE:-}" == long ]]; then
  mode=long
  seconds="${FUZZ_SECONDS:-600}"
fi
targets=(customer_profile_fuzzer credit_rating_fuzzer relationship_fuzzer risk_warning_fuzzer)

while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --only) targets=("$2"); shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

for tool in clang clang++ ninja cmake; do
  if ! command -v "$tool" >/dev/null; then
    echo "fuzz: $tool is not installed (deploy/local/packages.txt)" >&2
    exit 1
  fi
done

# --- Build (only the fuzzers and what they link) ---
build_start=$(date +%s)
if [[ ! -f "$build_dir/build.ninja" ]]; then
  launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  mkdir -p "$build_dir"
  CC=clang CXX=clang++ cmake -S "$source_dir" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCCRM_FUZZ=ON "${launcher[@]}" >"$build_dir/ccrm-fuzz-configure.log" 2>&1 ||
    { cat "$build_dir/ccrm-fuzz-configure.log" >&2; exit 1; }
fi
ninja -C "$build_dir" -j "$jobs" "${targets[@]}"
build_seconds=$(( $(date +%s) - build_start ))

# --- Run ---
work="$(mktemp -d "${TMPDIR:-/tmp}/ccrm-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rows=()
total_execs=0
failed=()
for target in "${targets[@]}"; do
  corpus="$work/$target/corpus"
  artifacts="$work/$target/artifacts"
  mkdir -p "$corpus" "$artifacts"
  for dir in "$here/corpus/$target" "$regressions/$target"; do
    if [[ -d "$dir" ]]; then
      find "$dir" -maxdepth 1 -type f ! -name '.*' -exec cp {} "$corpus/" \;
    fi
  done
  log="$work/$target/fuzz.log"
  echo "== $target: ${seconds}s"
  status=0
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$build_dir/tests/fuzz/$target" "$corpus" \
      -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  # The last status line: "#N DONE cov: C ft: F corp: K/..." (or pulse/NEW).
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  crashes=0
  for artifact in "$artifacts"/*; do
    [[ -e "$artifact" ]] || continue
    crashes=$((crashes + 1))
    mkdir -p "$regressions/$target"
    kept="$regressions/$target/$(basename "$artifact")"
    cp "$artifact" "$kept"
    echo "fuzz: $target found $(basename "$artifact"); kept as $kept" >&2
    echo "  replay (clang): $build_dir/tests/fuzz/$target $kept" >&2
    echo "  replay (gcc):   <build dir>/tests/fuzz/${target}_replay $kept" >&2
  done
  if [[ $status -ne 0 || $crashes -gt 0 ]]; then
    failed+=("$target")
    tail -40 "$log" >&2
  fi
  execs=${execs:-0}
  total_execs=$((total_execs + execs))
  echo "   executions ${execs}, ${rate:-0} exec/s, cov ${cov:-0}, ft ${ft:-0}, corpus ${corp:-0}, crashes ${crashes}"
  rows+=("[\"$target\", $seconds, $execs, ${rate:-0}, ${cov:-0}, ${ft:-0}, ${corp:-0}, $crashes]")
done

# --- Report ---
if [[ -n "${CCRM_RELIABILITY_DIR:-}" ]]; then
  mkdir -p "$CCRM_RELIABILITY_DIR"
  joined=$(IFS=,; echo "${rows[*]}")
  notes="\"Each target parses its input as one of its service's request messages and runs what the handler runs before storage (names, mapping, validation); properties: no crash or sanitizer report, no exception, caller-facing codes only, INVALID_ARGUMENT with field violations, mapping round trips.\""
  if [[ ${#failed[@]} -gt 0 ]]; then
    notes="$notes, \"Failed: ${failed[*]} (inputs kept under tests/fuzz/regressions/).\""
  fi
  cat >"$CCRM_RELIABILITY_DIR/fuzz.json" <<EOF
{"section": "fuzz", "title": "Fuzzing request validation and mapping", "mode": "$mode",
 "written_at": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
 "figures": [["Targets", ${#targets[@]}], ["Seconds per target", $seconds],
             ["Executions", $total_execs], ["Clang build seconds", $build_seconds]],
 "totals": {"fuzz_executions": $total_execs},
 "tables": [{"title": "Fuzz targets",
             "columns": ["target", "seconds", "executions", "exec/s", "coverage (edges)", "features", "corpus size", "crashes"],
             "rows": [$joined]}],
 "notes": [$notes]}
EOF
fi

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${total_execs} executions, no crash"
