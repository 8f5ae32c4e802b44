#!/usr/bin/env bash
# Soak: packages/system-tests/src/drills/soak/soak.run.ts on a set of servers of its own (free ports, empty data; the
# shared servers are not touched) with a stack of its own (relay and the five services): ctp-load's mix at a steady
# rate for the whole run, and at seeded random moments a process killed (SIGKILL, started again at once, as a
# supervisor would) about every 3 minutes and, about every 10, PostgreSQL, Kafka or FerretDB stopped and started
# again. Every 30 s it samples each process's RSS and CPU, each read model's, reactor's and the relay's lag and the
# accepted -> visible p99; at the end it reconciles as the kill drill does (every read model equal to the store, every
# due clock timer fired once, no dead letter), decides whether memory and lag stayed flat, and writes a markdown
# report to .local/drills/soak-<minutes>min-<time>.md (printed too). Not part of the CI command (see docs/drills.md).
#
# Usage: scripts/drills/soak.sh [minutes (60)] [operations per second (4)]
# Settings: CTP_SOAK_SEED (soak), CTP_SOAK_SAMPLE_SECONDS (30), CTP_SOAK_LOG_LEVEL (warn).
# Needs the built services (pnpm turbo run build) and the shared servers' env for the test kit (infra/infra up).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck disable=SC1091
. "$REPO/.local/infra/env.sh"
# shellcheck source=run-drill.sh
. "$REPO/scripts/drills/run-drill.sh"
export CTP_SOAK_MINUTES=${1:-60}
export CTP_SOAK_RATE=${2:-4}

run_drill "soak" "$CTP_SOAK_MINUTES minutes at $CTP_SOAK_RATE operations/s, seed ${CTP_SOAK_SEED:-soak}" packages/system-tests --config vitest.soak.config.ts
