#!/usr/bin/env bash
# Runs each fuzz target's replay binary (given as arguments) over its compiled-in seed corpus
# and regressions; fails on the first input that breaks a property (ctest: fuzz_regressions).
set -euo pipefail
if [[ $# -eq 0 ]]; then
  echo "usage: $0 REPLAY_BINARY..." >&2
  exit 2
fi
for replay in "$@"; do
  echo "== $(basename "$replay")"
  "$replay"
done
