import { quoteIdentifier, type TableName } from './names.js';

/**
 * The timers table (docs/timers.md). One row per timer id, kept after it fired or was cancelled so
 * the id can never be scheduled (and fire) again; `purge` removes old settled rows.
 *
 * - `due_at`: when the timer should fire, as scheduled.
 * - `available_at`: the earliest time a worker may claim it: `due_at`, then the end of a lease while
 *   a worker holds it, or the retry time after a failure. Workers claim `available_at <= now`.
 * - `state`: pending, fired, cancelled or parked; the last three are settled (`settled_at` set).
 * - `lease_token`: set while a worker holds the timer (one token per claimed batch); completion and
 *   failure only count when the token still matches, so a worker whose lease was taken over, or
 *   whose timer was rescheduled or cancelled meanwhile, changes nothing.
 */
export function schemaSql(name: TableName): string {
  const index = (suffix: string) => quoteIdentifier('table', `${name.table.slice(0, 62 - suffix.length)}_${suffix}`);
  const states = index('states');
  return `
CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier('schema', name.schema)};
CREATE TABLE IF NOT EXISTS ${name.qualified} (
  id              text        PRIMARY KEY,
  kind            text        NOT NULL,
  payload         jsonb       NOT NULL,
  due_at          timestamptz NOT NULL,
  state           text        NOT NULL DEFAULT 'pending' CONSTRAINT ${states} CHECK (state IN (${timerStates})),
  available_at    timestamptz NOT NULL,
  lease_token     uuid,
  attempts        integer     NOT NULL DEFAULT 0,
  last_error      text,
  last_attempt_at timestamptz,
  created_at      timestamptz NOT NULL,
  settled_at      timestamptz,
  CHECK ((state = 'pending') = (settled_at IS NULL))
);
${statesMigration(name, states)}
CREATE INDEX IF NOT EXISTS ${index('available')} ON ${name.qualified} (available_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS ${index('settled')} ON ${name.qualified} (settled_at) WHERE state <> 'pending';
`;
}

const timerStates = "'pending', 'fired', 'cancelled', 'parked'";

/**
 * Tables created before timers could be parked carry `CHECK (state IN ('pending', 'fired',
 * 'cancelled'))` under a generated name: replace it with the named check of every state, once.
 */
function statesMigration(name: TableName, states: string): string {
  return `DO $migrate$
DECLARE old record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '${name.qualified}'::regclass AND conname = '${states.slice(1, -1)}') THEN
    FOR old IN SELECT conname FROM pg_constraint
      WHERE conrelid = '${name.qualified}'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%''cancelled''%'
    LOOP
      EXECUTE format('ALTER TABLE ${name.qualified} DROP CONSTRAINT %I', old.conname);
    END LOOP;
    ALTER TABLE ${name.qualified} ADD CONSTRAINT ${states} CHECK (state IN (${timerStates}));
  END IF;
END
$migrate$;`;
}
