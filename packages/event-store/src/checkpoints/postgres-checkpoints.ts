import { toGlobalPosition } from '@ctp/contracts';
import { migrate } from '../postgres/migrate.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { postgresPool } from '../postgres/pool.js';

/** Checkpoints beside a PostgreSQL event store, in its schema. */
export async function postgresCheckpointStore(url: string, schema: string): Promise<CheckpointStore> {
  const pool = postgresPool({ connectionString: url, max: 2 });
  const quotedSchema = `"${schema.replaceAll('"', '""')}"`;
  const table = `${quotedSchema}.relay_checkpoints`;
  await migrate(
    pool,
    `relay-checkpoints:${schema}`,
    `CREATE SCHEMA IF NOT EXISTS ${quotedSchema};
     CREATE TABLE IF NOT EXISTS ${table} (name text PRIMARY KEY, position numeric(20, 0) NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());`,
  );
  return {
    async load(name) {
      const { rows } = await pool.query<{ position: string }>(`SELECT position::text FROM ${table} WHERE name = $1`, [name]);
      return rows[0] ? toGlobalPosition(rows[0].position) : null;
    },
    async save(name, position) {
      await pool.query(
        `INSERT INTO ${table} (name, position) VALUES ($1, $2::numeric)
         ON CONFLICT (name) DO UPDATE SET position = GREATEST(${table}.position, EXCLUDED.position), updated_at = now()`,
        [name, position],
      );
    },
    close: () => pool.end(),
  };
}
