import { lockKeys } from './append-function-sql.js';

/**
 * The rows of `schema`'s events a reader may return: those no append of this store still in flight
 * can commit behind (docs/event-store.md, gap-safe global order).
 *
 * Below `pg_snapshot_xmin` every transaction of the cluster has finished, which settles most rows
 * without looking further. Otherwise the horizon is the oldest transaction in flight at the snapshot
 * that may be an append to this store: every append holds its stream's advisory lock (class
 * `keys.stream`, in this database) before its transaction gets an id, so a transaction whose owner
 * holds no such lock is not one, and cannot become one (an append must be the transaction's first
 * write). A transaction that finished after the snapshot cannot be told apart and still counts.
 */
export function settledSql(schema: string): string {
  const { stream } = lockKeys(schema);
  // pg_locks read once: two reads could see an append holding its id at the first and nothing at the second.
  const horizon = `WITH locks AS MATERIALIZED (SELECT locktype, mode, granted, pid, transactionid, classid, objsubid, database FROM pg_locks),
      appends AS (SELECT pid FROM locks WHERE locktype = 'advisory' AND classid = (${stream})::integer::oid AND objsubid = 2
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
      SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
      FROM pg_snapshot_xip(pg_current_snapshot()) AS x
      WHERE NOT EXISTS (
        SELECT 1 FROM locks owner
        WHERE owner.locktype = 'transactionid' AND owner.mode = 'ExclusiveLock' AND owner.granted
          AND owner.transactionid::text = (x::text::numeric % 4294967296)::text
          AND owner.pid NOT IN (SELECT pid FROM appends))`;
  return `(transaction_id < pg_snapshot_xmin(pg_current_snapshot()) OR transaction_id < (${horizon}))`;
}
