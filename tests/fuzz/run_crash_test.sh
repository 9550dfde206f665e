#!/usr/bin/env bash
# What tests/fuzz/run.sh does when a fuzzer crashes, without a real crash: a stand-in "fuzzer"
# (in a stand-in build directory ninja accepts) writes a crash artifact where libFuzzer would and
# exits 1. run.sh must fail, keep the input as a regression (here in a temp dir, not the source
# tree), say how to replay it, and report the crash in its report section.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/ccrm-fuzz-crash-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT

fail() {
  echo "run_crash_test: $*" >&2
  exit 1
}

fake_build="$work/build"
mkdir -p "$fake_build/tests/fuzz"
printf 'build customer_profile_fuzzer: phony\n' >"$fake_build/build.ninja"
cat >"$fake_build/tests/fuzz/customer_profile_fuzzer" <<'FUZZER'
#!/usr/bin/env bash
prefix=""
for arg in "$@"; do
  case "$arg" in -artifact_prefix=*) prefix="${arg#-artifact_prefix=}" ;; esac
done
printf 'boom' >"${prefix}crash-0123456789abcdef"
echo "==42== ERROR: libFuzzer: deadly signal"
echo "stat::number_of_executed_units: 7"
exit 1
FUZZER
chmod +x "$fake_build/tests/fuzz/customer_profile_fuzzer"

status=0
CCRM_FUZZ_BUILD_DIR="$fake_build" CCRM_FUZZ_REGRESSIONS_DIR="$work/regressions" \
  CCRM_RELIABILITY_DIR="$work/report" CCRM_RELIABILITY_MODE=short \
  "$here/run.sh" --only customer_profile_fuzzer --seconds 1 >"$work/out.log" 2>&1 || status=$?

((status != 0)) || fail "run.sh passed although the fuzzer crashed"
kept="$work/regressions/customer_profile_fuzzer/crash-0123456789abcdef"
[[ -f "$kept" && "$(<"$kept")" == boom ]] || fail "the crash input was not kept as a regression"
grep -q "replay (gcc):" "$work/out.log" || fail "run.sh did not say how to replay the crash"
grep -q '"customer_profile_fuzzer", 1, 7,' "$work/report/fuzz.json" ||
  fail "the report does not show the target's executions: $(cat "$work/report/fuzz.json")"
grep -q 'Failed: customer_profile_fuzzer' "$work/report/fuzz.json" ||
  fail "the report does not name the crashed target"
echo "run_crash_test: a crash fails run.sh, is kept as a regression and reported"
