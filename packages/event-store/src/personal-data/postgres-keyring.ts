import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { migrate } from '../postgres/migrate.js';
import { quoteSchema } from '../postgres/names.js';
import { KeyringError } from './errors.js';
import type { KeyLookup, Keyring } from './keyring.js';
import { unwrapDataKey, wrapDataKey, type MasterKey } from './master-key.js';
import { postgresPool } from '../postgres/pool.js';

export interface PostgresKeyringOptions {
  /** Schema of the data_keys table; the event store's schema is a natural home. Default `event_store`. */
  readonly schema?: string;
  readonly masterKey: MasterKey;
  readonly maxConnections?: number;
}

interface KeyRow {
  customer_id: string;
  key_id: string;
  wrapped_key: Buffer | null;
  master_key_id: string | null;
}

function keyringSql(table: string): string {
  return `
CREATE TABLE IF NOT EXISTS ${table} (
  customer_id text PRIMARY KEY,
  key_id uuid NOT NULL UNIQUE,
  wrapped_key bytea,
  master_key_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  destroyed_at timestamptz,
  CHECK ((destroyed_at IS NULL) = (wrapped_key IS NOT NULL))
);`;
}

export async function createPostgresKeyring(url: string, options: PostgresKeyringOptions): Promise<PostgresKeyring> {
  const schema = options.schema ?? 'event_store';
  const pool = postgresPool({ connectionString: url, max: options.maxConnections ?? 5, connectionTimeoutMillis: 5_000 });
  const table = `${quoteSchema(schema)}.data_keys`;
  try {
    await migrate(pool, `keyring:${schema}`, `CREATE SCHEMA IF NOT EXISTS ${quoteSchema(schema)};${keyringSql(table)}`);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresKeyring(pool, table, options.masterKey);
}

/** Data keys in one table, each wrapped with the master key; destroying one nulls it for good. */
export class PostgresKeyring implements Keyring {
  constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
    private readonly masterKey: MasterKey,
  ) {}

  async keysForCustomers(customerIds: readonly string[]): Promise<Map<string, KeyLookup>> {
    const byCustomer = async (ids: readonly string[]) => new Map((await this.select('customer_id', ids)).map((row) => [row.customerId, row.key]));
    const found = await byCustomer(customerIds);
    const missing = customerIds.filter((id) => !found.has(id));
    if (missing.length === 0) return found;
    const keyIds = missing.map(() => randomUUID());
    const wrapped = missing.map((customerId, index) => wrapDataKey(this.masterKey, randomBytes(32), customerId, keyIds[index]!).toString('hex'));
    await this.pool.query(
      `INSERT INTO ${this.table} (customer_id, key_id, wrapped_key, master_key_id)
       SELECT c, k, decode(w, 'hex'), $4 FROM unnest($1::text[], $2::uuid[], $3::text[]) AS t(c, k, w)
       ON CONFLICT (customer_id) DO NOTHING`,
      [missing, keyIds, wrapped, this.masterKey.id],
    );
    for (const [customerId, key] of await byCustomer(missing)) found.set(customerId, key);
    return found;
  }

  async keysById(keyIds: readonly string[]): Promise<Map<string, KeyLookup>> {
    return new Map((await this.select('key_id', keyIds)).map((row) => [row.keyId, row.key]));
  }

  async destroyKey(customerId: string): Promise<string> {
    const { rows } = await this.pool.query<{ key_id: string }>(
      `INSERT INTO ${this.table} (customer_id, key_id, destroyed_at) VALUES ($1, $2, now())
       ON CONFLICT (customer_id) DO UPDATE
       SET wrapped_key = NULL, master_key_id = NULL, destroyed_at = coalesce(${this.table}.destroyed_at, now())
       RETURNING key_id::text AS key_id`,
      [customerId, randomUUID()],
    );
    return rows[0]!.key_id;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async select(column: 'customer_id' | 'key_id', values: readonly string[]): Promise<{ customerId: string; keyId: string; key: KeyLookup }[]> {
    if (values.length === 0) return [];
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT customer_id, key_id::text AS key_id, wrapped_key, master_key_id FROM ${this.table}
       WHERE ${column} = ANY($1::${column === 'key_id' ? 'uuid' : 'text'}[])`,
      [values],
    );
    return rows.map((row) => ({ customerId: row.customer_id, keyId: row.key_id, key: this.unwrap(row) }));
  }

  private unwrap(row: KeyRow): KeyLookup {
    if (row.wrapped_key === null) return 'destroyed';
    if (row.master_key_id !== this.masterKey.id) {
      throw new KeyringError(`data key ${row.key_id} is wrapped with master key ${row.master_key_id}, not the configured ${this.masterKey.id}`);
    }
    return { keyId: row.key_id, customerId: row.customer_id, key: unwrapDataKey(this.masterKey, row.wrapped_key, row.customer_id, row.key_id) };
  }
}
