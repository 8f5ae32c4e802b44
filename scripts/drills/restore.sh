#!/usr/bin/env bash
# Restore drill: a standby takes over from a backup of the event store (the plans' recovery target: one hour).
#   back up the event store's schemas (pg_dump) -> a NEW PostgreSQL cluster on another port (the standby)
#   -> restore -> rebuild every service's read models from the restored events into a fresh FerretDB
#   database -> verify: event counts equal, audit verification of the standby equals the source's.
# Each step is timed. Nothing of the running servers' data is written: the standby is a new cluster in a
# temporary directory, the read models go to new databases, all removed at the end (KEEP=1 keeps them).
#
# Usage: scripts/drills/restore.sh                  a tiny seeded history (DRILL_CUSTOMERS, default 50) in a new database
#        SOURCE_URL=postgres://... scripts/drills/restore.sh   back up an existing store (read only)
# Settings: EVENT_STORE_SCHEMA (event_store), AUDIT_SCHEMA (analytics), STANDBY_PORT (5499), MONGO_URL,
#   DRILL_NAME (names the drill's databases: ctp_drill_src_<name>, ctp_drill_<name>_<service>), KEEP=1.
# Needs the built packages (pnpm turbo run build) and the servers of infra/infra (PostgreSQL binaries, FerretDB).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck disable=SC1091
if [[ -z ${MONGO_URL:-} || (-z ${SOURCE_URL:-} && -z ${EVENT_STORE_URL:-}) ]] && [[ -f $REPO/.local/infra/env.sh ]]; then . "$REPO/.local/infra/env.sh"; fi

SCHEMA=${EVENT_STORE_SCHEMA:-event_store}
AUDIT=${AUDIT_SCHEMA:-analytics}
STANDBY_PORT=${STANDBY_PORT:-5499}
MONGO=${MONGO_URL:?MONGO_URL is not set (source .local/infra/env.sh)}
STAMP=${DRILL_NAME:-$(date -u +%Y%m%d%H%M%S)_$$}
MONGO_PREFIX=ctp_drill_${STAMP}
PG_BIN=$(dirname "$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/pg_ctl' | sort -V | tail -n 1)")
DRILL=$(mktemp -d /tmp/ctp-restore-drill.XXXXXX)
chmod 755 "$DRILL"
STANDBY_DATA=$DRILL/standby
STANDBY_URL=postgres://ctp:ctp@127.0.0.1:$STANDBY_PORT/ctp
SEEDED_DB=""
node_step() { node "$REPO/scripts/drills/drill.mjs" "$@"; }

# initdb and postgres refuse to run as root: the cluster belongs to the postgres OS user, as infra/ does it.
as_pg() { if [[ $(id -u) == 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

cleanup() {
  local status=$?
  if [[ ${KEEP:-0} != 1 ]]; then
    [[ -f $STANDBY_DATA/postmaster.pid ]] && as_pg "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -m fast -w stop >/dev/null 2>&1 || true
    node_step drop-mongo "$MONGO" "$MONGO_PREFIX" >/dev/null 2>&1 || true
    [[ -n $SEEDED_DB ]] && psql -X -q "${SOURCE_URL%/*}/postgres" -c "DROP DATABASE IF EXISTS $SEEDED_DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$DRILL"
  else
    echo "kept: standby $STANDBY_URL (data $STANDBY_DATA), read models ${MONGO_PREFIX}_*"
  fi
  exit $status
}
trap cleanup EXIT

TIMES=()
step() {
  local name=$1
  shift
  local start end
  start=$(date +%s%N)
  "$@"
  end=$(date +%s%N)
  local ms=$(((end - start) / 1000000))
  TIMES+=("$name|$ms")
  printf '[drill] %-34s %8d ms\n' "$name" "$ms" >&2
}

count_events() { psql -X -At "$1" -c "SELECT count(*) || ' ' || coalesce(max(global_position), 0) FROM $SCHEMA.events"; }

seed_history() {
  local base=${EVENT_STORE_URL:?EVENT_STORE_URL is not set (source .local/infra/env.sh)}
  SEEDED_DB=ctp_drill_src_${STAMP}
  psql -X -q "${base%/*}/postgres" -c "CREATE DATABASE $SEEDED_DB"
  SOURCE_URL=${base%/*}/$SEEDED_DB
  node_step seed "$SOURCE_URL" "$SCHEMA" "$AUDIT" "${DRILL_CUSTOMERS:-50}" >"$DRILL/seed.json"
}

verify_source() {
  count_events "$SOURCE_URL" >"$DRILL/source-count-before"
  node_step verify "$SOURCE_URL" "$SCHEMA" "$AUDIT" >"$DRILL/source-verify.json"
}

backup() {
  "$PG_BIN/pg_dump" --format=custom --no-owner --no-privileges --schema="$SCHEMA" --schema="$AUDIT" --file="$DRILL/store.dump" "$SOURCE_URL"
  count_events "$SOURCE_URL" >"$DRILL/source-count-after"
}

start_standby() {
  install -d -o postgres -m 700 "$STANDBY_DATA" 2>/dev/null || install -d -m 700 "$STANDBY_DATA"
  as_pg "$PG_BIN/initdb" -D "$STANDBY_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DRILL/initdb.log"
  as_pg "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -w -t 60 -l "$STANDBY_DATA/standby.log" \
    -o "-c listen_addresses=127.0.0.1 -c port=$STANDBY_PORT -c unix_socket_directories=$STANDBY_DATA -c timezone=UTC" start >/dev/null
  psql -X -q "postgres://postgres@127.0.0.1:$STANDBY_PORT/postgres" -c "CREATE ROLE ctp LOGIN PASSWORD 'ctp' CREATEDB" -c "CREATE DATABASE ctp OWNER ctp"
}

restore() {
  "$PG_BIN/pg_restore" --no-owner --no-privileges --exit-on-error --dbname="$STANDBY_URL" "$DRILL/store.dump"
}

rebuild_read_models() {
  node_step rebuild "$STANDBY_URL" "$SCHEMA" "$MONGO" "$MONGO_PREFIX" >"$DRILL/rebuild.json"
}

verify_standby() {
  count_events "$STANDBY_URL" >"$DRILL/standby-count"
  node_step verify "$STANDBY_URL" "$SCHEMA" "$AUDIT" >"$DRILL/standby-verify.json"
}

[[ -z ${SOURCE_URL:-} ]] && step "history (seeded, sealed)" seed_history
step "source: count + audit verify" verify_source
step "backup (pg_dump)" backup
step "standby cluster (initdb + start)" start_standby
step "restore (pg_restore)" restore
step "rebuild read models" rebuild_read_models
step "standby: count + audit verify" verify_standby

# Reconcile: the standby holds exactly the events of the backup, and verifies as the source did.
node - "$DRILL" <<'NODE'
const { readFileSync } = require('node:fs');
const dir = process.argv[2];
const read = (name) => readFileSync(`${dir}/${name}`, 'utf8').trim();
const [before, after, standby] = ['source-count-before', 'source-count-after', 'standby-count'].map((name) => read(name).split(' ').map(Number));
const source = JSON.parse(read('source-verify.json'));
const restored = JSON.parse(read('standby-verify.json'));
const rebuilt = JSON.parse(read('rebuild.json'));
const quiet = before[0] === after[0];
const problems = [];
if (quiet ? standby[0] !== before[0] : standby[0] < before[0] || standby[0] > after[0]) problems.push(`events: source ${before[0]}..${after[0]}, standby ${standby[0]}`);
if (!source.verified) problems.push(`the source does not verify: ${JSON.stringify(source.firstBrokenLink)}`);
if (!restored.verified) problems.push(`the standby does not verify: ${JSON.stringify(restored.firstBrokenLink)}`);
if (quiet && (restored.eventsVerified !== source.eventsVerified || restored.checkpointsVerified !== source.checkpointsVerified || restored.sealedUpTo !== source.sealedUpTo)) {
  problems.push(`audit differs: source ${source.eventsVerified} events / ${source.checkpointsVerified} checkpoints, standby ${restored.eventsVerified} / ${restored.checkpointsVerified}`);
}
const report = {
  reconciled: problems.length === 0,
  problems,
  events: { source: before[0], sourceAfterBackup: after[0], standby: standby[0] },
  audit: { source: { verified: source.verified, eventsVerified: source.eventsVerified, checkpointsVerified: source.checkpointsVerified, sealedUpTo: source.sealedUpTo }, standby: { verified: restored.verified, eventsVerified: restored.eventsVerified, checkpointsVerified: restored.checkpointsVerified, sealedUpTo: restored.sealedUpTo } },
  readModels: rebuilt,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exitCode = report.reconciled ? 0 : 1;
NODE
status=$?
total=0
printf '\n%-36s %10s\n' "step" "ms"
for entry in "${TIMES[@]}"; do
  printf '%-36s %10s\n' "${entry%%|*}" "${entry##*|}"
  total=$((total + ${entry##*|}))
done
printf '%-36s %10s\n' "total" "$total"
exit $status
