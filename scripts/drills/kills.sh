#!/usr/bin/env bash
# Kill drill, long form: packages/load-generator/src/load/load.e2e.test.ts with a longer load. Under ctp-load's mix at
# 4 a second, the relay and every service are each killed (SIGKILL) several times at seeded points of the load and
# started again at once; afterwards every read model must equal the event store, every due clock timer must have
# fired once and no dead letter may be parked. CI runs the short form (120 operations, each process killed twice).
#
# Usage: scripts/drills/kills.sh [operations (480)] [kills per process (4)] [customers (24)]
# Prints the machine's load average before and after, and the drill's report. Needs the built services
# (pnpm turbo run build) and the shared servers (infra/infra up); the stack uses schemas of its own on them.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck disable=SC1091
. "$REPO/.local/infra/env.sh"
# shellcheck source=run-drill.sh
. "$REPO/scripts/drills/run-drill.sh"
export CTP_KILL_DRILL_OPERATIONS=${1:-480}
export CTP_KILL_DRILL_KILLS=${2:-4}
export CTP_KILL_DRILL_CUSTOMERS=${3:-24}

run_drill "kill drill" "$CTP_KILL_DRILL_OPERATIONS operations, $CTP_KILL_DRILL_KILLS kills per process, $CTP_KILL_DRILL_CUSTOMERS customers" packages/load-generator src/load/load.e2e.test.ts -t drill
