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
# Two lanes of one suite each, balanced by hand (in CI on 5 December system-tests, the benchmarks, the load generator
# and outbound took 23 min, all the others 18.6: outbound moved to the others): left to one turbo run, the longest
# suite sometimes started last and ran alone for minutes.
# Everything is built by now, so each lane runs its suites only (--only).
e2e_lane() { pnpm turbo run test:e2e --only --continue --concurrency=1 --output-logs=new-only "$@"; }
e2e_lane --filter=@ctp/system-tests --filter=@ctp/benchmarks --filter=@ctp/load-generator &
long_lane=$!
e2e_lane --filter='!@ctp/system-tests' --filter='!@ctp/benchmarks' --filter='!@ctp/load-generator' &
other_lane=$!
wait "$long_lane" || status=$?
wait "$other_lane" || status=$?
node scripts/test-summary.mjs || status=$?
exit "$status"
