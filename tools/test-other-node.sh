#!/usr/bin/env bash
# Runs tsio on newer Node majors, fetched from the npm registry (`npx -y node@N`; the system
# Node is not touched):
#   1. tools/pack-smoke.mjs --node <node N>: every built package installed alone with npm, its ESM
#      and CJS programs and the deep-import check run on Node N;
#   2. every package's test suite (the root vitest run over packages/*, without the demo app,
#      whose native SQLite binding is built for the Node that installed it) with Node N first on
#      PATH, so vitest, its workers, worker threads and child processes all run on Node N.
# Needs the packages built (`pnpm build`). Prints one summary line per version.
#
# Usage: tools/test-other-node.sh [--smoke-only] [major ...]     (default majors: 22 24)
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1 FORCE_COLOR=0

smoke_only=0
majors=()
for arg in "$@"; do
  case $arg in
    --smoke-only) smoke_only=1 ;;
    *) majors+=("$arg") ;;
  esac
done
[ ${#majors[@]} -gt 0 ] || majors=(22 24)

summary=()
status=0
for major in "${majors[@]}"; do
  start=$SECONDS
  node_bin=$(npx -y "node@$major" -p process.execPath 2>/dev/null | tail -1)
  if [ ! -x "$node_bin" ]; then
    summary+=("node@$major: could not fetch it with npx -y node@$major")
    status=1
    continue
  fi
  version=$("$node_bin" --version)
  echo "==> Node $version ($node_bin)"

  smoke_log=$(mktemp)
  node tools/pack-smoke.mjs --node "$node_bin" 2>&1 | tee "$smoke_log"
  smoke_rc=${PIPESTATUS[0]}
  smoke=$(grep -o '[0-9]* of [0-9]* packages work installed alone' "$smoke_log" || echo "pack-smoke failed")
  rm -f "$smoke_log"
  [ "$smoke_rc" = 0 ] || status=1

  tests="tests not run"
  if [ "$smoke_only" = 0 ]; then
    test_log=$(mktemp)
    projects=()
    for pkg in packages/*/package.json; do
      projects+=(--project "$(node -p "require('./$pkg').name")")
    done
    PATH="$(dirname "$node_bin"):$PATH" pnpm --silent vitest run "${projects[@]}" </dev/null >"$test_log" 2>&1
    test_rc=$?
    tail -n 40 "$test_log" | grep -E '^( FAIL | *×|.*[0-9]+ passed, [0-9]+ failed)' || true
    tests=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$test_log" | tail -1)
    [ -n "$tests" ] || tests="the test run did not finish (exit $test_rc; log: $test_log)"
    [ "$test_rc" = 0 ] && rm -f "$test_log" || status=1
  fi
  summary+=("Node $version: pack-smoke $smoke; tests $tests; $((SECONDS - start))s")
done

echo
printf '%s\n' "${summary[@]}"
exit $status
