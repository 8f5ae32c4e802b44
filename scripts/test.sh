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
echo "==> lint, typecheck, build and tests"
status=0
# The servers share two cores with the tests: three tasks at a time, then the end-to-end suites (each
# starting several services) two at a time, so their waits measure the system and not the queue for a core.
pnpm turbo run lint typecheck build test:unit test:int --continue --concurrency=3 --output-logs=new-only || status=$?
pnpm turbo run test:e2e --continue --concurrency=2 --output-logs=new-only || status=$?
node scripts/test-summary.mjs || status=$?
exit "$status"
