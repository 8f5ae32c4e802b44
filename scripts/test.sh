#!/usr/bin/env bash
# Runs every test: lint, typecheck, build, then unit, integration and end-to-end tests against
# real PostgreSQL, Kafka and FerretDB started natively by infra/. Ends with one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh

ensure_pnpm
install_dependencies
ensure_chromium
ensure_fuzzer
start_servers
rm -rf .local/test-results
node scripts/lib/check-test-scripts.mjs
echo "==> lint, typecheck, build and tests"
status=0
# The servers share two cores with the tests: three tasks at a time, then the end-to-end suites (each
# starting several services) two at a time, so their waits measure the system and not the queue for a core.
pnpm turbo run lint typecheck build test:unit test:int --continue --concurrency=3 --output-logs=new-only || status=$?
# Two lanes of one suite at a time, balanced by hand on the suites' lengths in CI (6 December: system-tests 14.8 min,
# the benchmarks 6.8, the load generator 3.3, ops-cli 1.6; the other eight 17.2 together). The long lane runs its
# suites in a fixed order, one turbo run each: left to turbo, the order moved and the lanes' ends with it.
# Everything is built by now, so each lane runs its suites only (--only).
e2e_lane() { pnpm turbo run test:e2e --only --continue --concurrency=1 --output-logs=new-only "$@"; }
long_suites=(@ctp/system-tests @ctp/benchmarks @ctp/ops-cli)
long_lane() {
  local suite lane_status=0
  for suite in "${long_suites[@]}"; do e2e_lane --filter="$suite" || lane_status=$?; done
  return "$lane_status"
}
long_lane &
long_lane=$!
e2e_lane "${long_suites[@]/#/--filter=!}" &
other_lane=$!
wait "$long_lane" || status=$?
wait "$other_lane" || status=$?
node scripts/test-summary.mjs || status=$?
exit "$status"
