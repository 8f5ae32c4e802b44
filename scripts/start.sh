#!/usr/bin/env bash
# Starts the whole system natively: PostgreSQL, Kafka and FerretDB, then the five services.
# Running it again is harmless: whatever already runs is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/toolchain.sh

ensure_pnpm
install_dependencies
start_servers
echo "==> building"
pnpm turbo run build --output-logs=errors-only
node packages/service-kit/dist/cli/dev-keys.js --dir .local
bash scripts/lib/services.sh start
echo
echo "API keys per role: $(pwd)/.local/dev-keys.json"
echo "Stop everything:   bash infra/infra down"
