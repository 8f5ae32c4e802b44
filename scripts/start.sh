#!/usr/bin/env bash
# Starts the whole system natively: PostgreSQL, Kafka and FerretDB, then the relay and the six services, then loads demo
# data into an empty event store (scripts/lib/demo-data.sh: CTP_DEMO_DATA=0 skips it, CTP_DEMO_CUSTOMERS sizes it).
# Running it again is harmless: whatever already runs is left alone, and demo data is loaded only once.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh

ensure_pnpm
install_dependencies
ensure_chromium
start_servers
echo "==> building"
pnpm turbo run build --output-logs=errors-only
node packages/service-kit/dist/cli/dev-keys.js --dir .local
bash scripts/lib/services.sh start
bash scripts/lib/demo-data.sh || true # it says what went wrong; the services run anyway
echo "==> read models"
node scripts/lib/catch-up.mjs || true # it says what is behind; the services run anyway
echo
echo "API keys per role: $(pwd)/.local/dev-keys.json"
echo "Stop everything:   bash infra/infra down"
