import { migrate, postgresPool } from '@ctp/event-store';
import type pg from 'pg';

export interface SealRow {
  readonly globalPosition: string;
  readonly seq: number;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly customerId: string | null;
  readonly eventHash: string;
  readonly feedHash: string;
}

export interface CheckpointRow {
  readonly position: string;
  readonly seq: number;
  readonly feedHash: string;
  readonly at: string;
  readonly keyId: string;
  readonly signature: string;
}

export interface SealerState {
  /** The last sealed event's position, null before the first. */
  readonly position: string | null;
  readonly seq: number;
  readonly feedHash: string;
}

// Aliases differ from column names on purpose: ORDER BY resolves an output alias first, and would then sort text.
const sealColumns = `global_position::text AS position_text, seq::text AS seq_text, stream_id, revision::text AS revision_text, event_id::text AS event_id_text, customer_id, event_hash, feed_hash`;
const checkpointColumns = `position::text AS position_text, seq::text AS seq_text, feed_hash, at, key_id, signature`;

interface SealDbRow { position_text: string; seq_text: string; stream_id: string; revision_text: string; event_id_text: string; customer_id: string | null; event_hash: string; feed_hash: string }
interface CheckpointDbRow { position_text: string; seq_text: string; feed_hash: string; at: Date; key_id: string; signature: string }

const toSeal = (row: SealDbRow): SealRow => ({ globalPosition: row.position_text, seq: Number(row.seq_text), streamId: row.stream_id, revision: Number(row.revision_text), eventId: row.event_id_text, customerId: row.customer_id, eventHash: row.event_hash, feedHash: row.feed_hash });
const toCheckpoint = (row: CheckpointDbRow): CheckpointRow => ({ position: row.position_text, seq: Number(row.seq_text), feedHash: row.feed_hash, at: row.at.toISOString(), keyId: row.key_id, signature: row.signature });

function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid audit schema ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

/** Seals, checkpoints and public keys in PostgreSQL, in the analytics service's own schema (never the event store's tables). */
export class AuditStore {
  private readonly s: string;
  constructor(readonly pool: pg.Pool, schema: string) {
    this.s = quoteSchema(schema);
  }

  get tables() {
    return { seals: `${this.s}.audit_seals`, checkpoints: `${this.s}.audit_checkpoints`, keys: `${this.s}.audit_keys`, state: `${this.s}.audit_sealer` };
  }

  async migrate(): Promise<void> {
    const t = this.tables;
    await migrate(this.pool, `audit:${this.s}`, `
CREATE SCHEMA IF NOT EXISTS ${this.s};
CREATE TABLE IF NOT EXISTS ${t.seals} (
  global_position numeric(20,0) PRIMARY KEY,
  seq bigint NOT NULL UNIQUE,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  customer_id text,
  event_hash text NOT NULL,
  feed_hash text NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS audit_seals_customer ON ${t.seals} (customer_id) WHERE customer_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${t.checkpoints} (
  position numeric(20,0) PRIMARY KEY,
  seq bigint NOT NULL UNIQUE,
  feed_hash text NOT NULL,
  at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t.keys} (
  key_id text PRIMARY KEY,
  public_key_pem text NOT NULL,
  first_used_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t.state} (
  id integer PRIMARY KEY CHECK (id = 1),
  position numeric(20,0),
  seq bigint NOT NULL,
  feed_hash text NOT NULL,
  checkpoint_seq bigint NOT NULL,
  checkpoint_at timestamptz
);
INSERT INTO ${t.state} (id, position, seq, feed_hash, checkpoint_seq) VALUES (1, NULL, 0, '${'0'.repeat(64)}', 0) ON CONFLICT (id) DO NOTHING;`);
  }

  async registerKey(keyId: string, publicKeyPem: string, at: Date): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.tables.keys} (key_id, public_key_pem, first_used_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING`, [keyId, publicKeyPem, at]);
  }

  async publicKeys(): Promise<Record<string, string>> {
    const { rows } = await this.pool.query<{ key_id: string; public_key_pem: string }>(`SELECT key_id, public_key_pem FROM ${this.tables.keys} ORDER BY first_used_at`);
    return Object.fromEntries(rows.map((row) => [row.key_id, row.public_key_pem]));
  }

  async state(client: pg.PoolClient | pg.Pool = this.pool, forUpdate = false): Promise<SealerState & { checkpointSeq: number; checkpointAt: Date | null }> {
    const { rows } = await client.query<{ position: string | null; seq: string; feed_hash: string; checkpoint_seq: string; checkpoint_at: Date | null }>(
      `SELECT position::text AS position, seq::text AS seq, feed_hash, checkpoint_seq::text AS checkpoint_seq, checkpoint_at FROM ${this.tables.state} WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`,
    );
    const row = rows[0]!;
    return { position: row.position, seq: Number(row.seq), feedHash: row.feed_hash, checkpointSeq: Number(row.checkpoint_seq), checkpointAt: row.checkpoint_at };
  }

  /** The latest seal of each stream at or below the given revision bound: a stream's previous hash. */
  async sealsAt(client: pg.PoolClient, keys: readonly { streamId: string; revision: number }[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const { rows } = await client.query<{ stream_id: string; revision: string; event_hash: string }>(
      `SELECT s.stream_id, s.revision::text AS revision, s.event_hash FROM ${this.tables.seals} s JOIN unnest($1::text[], $2::bigint[]) AS k(stream_id, revision) ON s.stream_id = k.stream_id AND s.revision = k.revision`,
      [keys.map((key) => key.streamId), keys.map((key) => key.revision)],
    );
    return new Map(rows.map((row) => [`${row.stream_id}@${row.revision}`, row.event_hash]));
  }

  async streamSeals(streamId: string): Promise<SealRow[]> {
    const { rows } = await this.pool.query<SealDbRow>(`SELECT ${sealColumns} FROM ${this.tables.seals} WHERE stream_id = $1 ORDER BY revision`, [streamId]);
    return rows.map(toSeal);
  }

  async customerStreams(customerId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ stream_id: string }>(`SELECT DISTINCT stream_id FROM ${this.tables.seals} WHERE customer_id = $1 ORDER BY stream_id`, [customerId]);
    return rows.map((row) => row.stream_id);
  }

  /** Seals with after < position <= upTo, in feed order. */
  async sealsBetween(after: string | null, upTo: string): Promise<SealRow[]> {
    const { rows } = await this.pool.query<SealDbRow>(
      `SELECT ${sealColumns} FROM ${this.tables.seals} WHERE ($1::numeric IS NULL OR global_position > $1::numeric) AND global_position <= $2::numeric ORDER BY global_position`,
      [after, upTo],
    );
    return rows.map(toSeal);
  }

  async sealsAfter(after: string | null, limit: number): Promise<SealRow[]> {
    const { rows } = await this.pool.query<SealDbRow>(
      `SELECT ${sealColumns} FROM ${this.tables.seals} WHERE ($1::numeric IS NULL OR global_position > $1::numeric) ORDER BY global_position LIMIT $2`,
      [after, limit],
    );
    return rows.map(toSeal);
  }

  async sealAtSeq(seq: number): Promise<SealRow | null> {
    const { rows } = await this.pool.query<SealDbRow>(`SELECT ${sealColumns} FROM ${this.tables.seals} WHERE seq = $1`, [seq]);
    return rows[0] ? toSeal(rows[0]) : null;
  }

  /** Event hashes with fromSeq < seq <= toSeq, in order. */
  async hashesBetweenSeqs(fromSeq: number, toSeq: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ event_hash: string }>(`SELECT event_hash FROM ${this.tables.seals} WHERE seq > $1 AND seq <= $2 ORDER BY seq`, [fromSeq, toSeq]);
    return rows.map((row) => row.event_hash);
  }

  async checkpoints(): Promise<CheckpointRow[]> {
    const { rows } = await this.pool.query<CheckpointDbRow>(`SELECT ${checkpointColumns} FROM ${this.tables.checkpoints} ORDER BY seq`);
    return rows.map(toCheckpoint);
  }

  async latestCheckpoint(): Promise<CheckpointRow | null> {
    const { rows } = await this.pool.query<CheckpointDbRow>(`SELECT ${checkpointColumns} FROM ${this.tables.checkpoints} ORDER BY seq DESC LIMIT 1`);
    return rows[0] ? toCheckpoint(rows[0]) : null;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export async function openAuditStore(url: string, schema: string): Promise<AuditStore> {
  const pool = postgresPool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
  // A connection the server ends (a restart) emits 'error', idle on the pool or checked out between queries (a
  // sealing transaction): without a listener it would end the process. The query in flight fails on its own.
  const store = new AuditStore(pool, schema);
  try {
    await store.migrate();
  } catch (error) {
    await pool.end();
    throw error;
  }
  return store;
}
