#!/usr/bin/env bash
# Server-restart drill, long form: packages/system-tests/src/drills/server-restarts.e2e.test.ts on a set of
# servers of its own (free ports, empty data; the shared servers are not touched), under ctp-load's mix at 4 a
# second, stops and starts again PostgreSQL, Kafka and FerretDB one at a time, each several times, then checks that
# every process is ready again by itself, every read model equals the event store, every due clock timer fired
# once and no dead letter is parked. CI runs the short form (PostgreSQL restarted once, plus the full disk and the
# dropped PostgreSQL connections of scripts/drills/server-faults.sh, 40 operations).
#
# Usage: scripts/drills/server-restarts.sh [operations (240)] [servers in order (postgres,kafka,ferretdb twice)]
# Prints the machine's load average before and after, and the drill's report. Needs the built services
# (pnpm turbo run build) and the shared servers' env for the test kit (infra/infra up).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck disable=SC1091
. "$REPO/.local/infra/env.sh"
# shellcheck source=run-drill.sh
. "$REPO/scripts/drills/run-drill.sh"
export CTP_SERVER_DRILL_OPERATIONS=${1:-240}
export CTP_SERVER_DRILL_SERVERS=${2:-postgres,kafka,ferretdb,postgres,kafka,ferretdb}

run_drill "server-restart drill" "$CTP_SERVER_DRILL_OPERATIONS operations, restarting $CTP_SERVER_DRILL_SERVERS" packages/system-tests src/drills/server-restarts.e2e.test.ts
