#!/usr/bin/env bash
# Dropped-connection and full-disk drill, long form: packages/system-tests/src/drills/server-restarts.e2e.test.ts on a
# set of servers of its own (free ports, empty data; the shared servers are not touched), under ctp-load's mix at 4 a
# second, one fault at a time, each several times:
#   drop:postgres  every client backend of the drill's PostgreSQL terminated (FerretDB's among them);
#   drop:kafka     every TCP connection to the drill's Kafka destroyed (ss -K, both ends);
#   drop:ferretdb  every TCP connection to the drill's FerretDB destroyed (ss -K);
#   full:postgres  a 64 MiB tmpfs tablespace holding every table of the event store's database filled until
#                  PostgreSQL refuses writes (SQLSTATE 53100), then freed;
#   full:kafka     a 256 MiB tmpfs holding Kafka's logs filled until an append fails and the broker halts, then
#                  freed and Kafka started again, as an operator would.
# Then every process must be ready again by itself, no answer a 500, every read model equal to the event store, every
# due clock timer fired once and no dead letter parked. The fault list also takes postgres, kafka and ferretdb
# (a restart, as scripts/drills/server-restarts.sh). CI runs the short form (each fault once, 40 operations).
#
# Usage: scripts/drills/server-faults.sh [operations (240)] [faults in order (drop:postgres,drop:kafka,drop:ferretdb,full:postgres,full:kafka three times)]
# Needs root (ss -K, mount, runuser) and a kernel with CONFIG_INET_DIAG_DESTROY, the built services (pnpm turbo run
# build) and the shared servers' env for the test kit (infra/infra up). Prints the machine's load average before and
# after, and the drill's report.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck disable=SC1091
. "$REPO/.local/infra/env.sh"
# shellcheck source=run-drill.sh
. "$REPO/scripts/drills/run-drill.sh"
export CTP_SERVER_DRILL_OPERATIONS=${1:-240}
once=drop:postgres,drop:kafka,drop:ferretdb,full:postgres,full:kafka
export CTP_SERVER_DRILL_SERVERS=${2:-$once,$once,$once}

run_drill "server-fault drill" "$CTP_SERVER_DRILL_OPERATIONS operations, faults $CTP_SERVER_DRILL_SERVERS" packages/system-tests src/drills/server-restarts.e2e.test.ts
