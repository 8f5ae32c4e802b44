import type { RecordedEvent } from '@ctp/contracts';
import type { EventStore, Subscription } from '@ctp/event-store';
import { timeSlices } from '@ctp/service-kit';
import type pg from 'pg';
import type { AuditStore, CheckpointRow } from './audit-store.js';
import { customerOf } from './event-customer.js';
import { eventHash, nextFeedHash } from './hashing.js';
import type { SigningKey } from './signing-key.js';

export interface SealerOptions {
  /** The event store as stored (no decryption): seals cover ciphertext. */
  readonly events: EventStore;
  readonly audit: AuditStore;
  readonly key: SigningKey;
  readonly clock: () => Date;
  /** A signed checkpoint every this many events. */
  readonly checkpointEvery: number;
  /** And at least this often while events arrived since the last one. */
  readonly checkpointIntervalMs: number;
  readonly batchSize?: number;
}

/** The stored seals end before where this sealer was (the audit schema was restored or reset): it restarts from the stored state. */
export class SealerMovedError extends Error {
  /** The kit restarts the work, which reads the stored state again. */
  readonly retriable = true;
  constructor(expected: string | null, found: string | null) {
    super(`the audit seals went back from ${expected ?? 'the start'} to ${found ?? 'the start'}; restarting from the stored state`);
    this.name = 'SealerMovedError';
  }
}

/**
 * Follows the global feed in order (the port's gap-safe subscription) and seals every event: its
 * hash chained to its stream's previous event, a running feed hash, and every `checkpointEvery`
 * events (and at least every `checkpointIntervalMs` when events arrived) an Ed25519-signed
 * checkpoint. One transaction per batch; the state row is locked, so a second instance's sealer
 * waits its turn and skips what the first sealed.
 */
export class AuditSealer {
  private subscription: Subscription | null = null;
  private position: string | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private startedAt: Date | null = null;
  private lastRecordedAt: string | null = null;
  /** What this instance last saw of the stored state: a tick opens no transaction unless a checkpoint may be due. */
  private seen = { seq: 0, checkpointSeq: 0, checkpointAt: null as Date | null };

  constructor(private readonly options: SealerOptions) {}

  async start(): Promise<void> {
    const { audit, key, clock } = this.options;
    await audit.registerKey(key.keyId, key.publicKeyPem, clock());
    const state = await audit.state();
    this.position = state.position;
    this.seen = { seq: state.seq, checkpointSeq: state.checkpointSeq, checkpointAt: state.checkpointAt };
    this.startedAt = clock();
    this.subscription = this.options.events.subscribeToAll({
      after: state.position,
      maxBatchSize: this.options.batchSize ?? 500,
      // Each batch is a transaction of its own: once caught up, let the feed gather a little first.
      lingerMs: 200,
      onEvents: (events) => this.seal(events),
    });
    // Due checkpoints are noticed within a tenth of the interval (at most a second late).
    const tick = Math.max(50, Math.min(this.options.checkpointIntervalMs / 10, 1_000));
    this.ticker = setInterval(() => void this.checkpointIfDue().catch(() => undefined), tick);
    this.ticker.unref();
  }

  ended(): Promise<void> {
    return this.subscription?.finished ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    await this.subscription?.stop();
    this.subscription = null;
  }

  /** The last sealed position (null before the first). */
  sealedPosition(): string | null {
    return this.position;
  }

  lastSealedRecordedAt(): string | null {
    return this.lastRecordedAt;
  }

  /** Seals a batch of the feed in global order; exported for tests driving the sealer by hand. */
  async seal(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const { audit, clock, checkpointEvery } = this.options;
    const client = await audit.pool.connect();
    try {
      await client.query('BEGIN');
      const state = await audit.state(client, true);
      // Another instance may have sealed ahead (the row lock serialises them): its seals are skipped. Behind us is an error.
      if (this.position !== null && (state.position === null || BigInt(state.position) < BigInt(this.position))) throw new SealerMovedError(this.position, state.position);
      const fresh = state.position === null ? events : events.filter((event) => BigInt(event.globalPosition) > BigInt(state.position!));
      const known = new Map<string, string>();
      const inBatch = new Set(fresh.map((event) => `${event.streamId}@${event.revision}`));
      const lookups = fresh.filter((event) => event.revision > 0 && !inBatch.has(`${event.streamId}@${event.revision - 1}`)).map((event) => ({ streamId: event.streamId, revision: event.revision - 1 }));
      for (const [k, hash] of await audit.sealsAt(client, lookups)) known.set(k, hash);
      let { seq, feedHash } = state;
      const rows: { position: string; seq: number; streamId: string; revision: number; eventId: string; customerId: string | null; eventHash: string; feedHash: string }[] = [];
      const checkpoints: CheckpointRow[] = [];
      const giveWay = timeSlices();
      for (const event of fresh) {
        await giveWay();
        const previous = event.revision > 0 ? (known.get(`${event.streamId}@${event.revision - 1}`) ?? null) : null;
        const hash = eventHash(event, previous);
        known.set(`${event.streamId}@${event.revision}`, hash);
        seq += 1;
        feedHash = nextFeedHash(feedHash, hash);
        rows.push({ position: event.globalPosition, seq, streamId: event.streamId, revision: event.revision, eventId: event.id, customerId: customerOf(event), eventHash: hash, feedHash });
        if (seq % checkpointEvery === 0) checkpoints.push(this.signed(event.globalPosition, seq, feedHash, clock()));
      }
      if (rows.length > 0) {
        const column = <K extends keyof (typeof rows)[number]>(name: K) => rows.map((row) => row[name]);
        await client.query(
          `INSERT INTO ${audit.tables.seals} (global_position, seq, stream_id, revision, event_id, customer_id, event_hash, feed_hash)
           SELECT * FROM unnest($1::numeric[], $2::bigint[], $3::text[], $4::bigint[], $5::uuid[], $6::text[], $7::text[], $8::text[])`,
          [column('position'), column('seq'), column('streamId'), column('revision'), column('eventId'), column('customerId'), column('eventHash'), column('feedHash')],
        );
        const last = rows[rows.length - 1]!;
        const lastCheckpoint = checkpoints[checkpoints.length - 1];
        await insertCheckpoints(client, audit, checkpoints);
        await client.query(
          `UPDATE ${audit.tables.state} SET position = $1::numeric, seq = $2, feed_hash = $3${lastCheckpoint ? ', checkpoint_seq = $4, checkpoint_at = $5' : ''} WHERE id = 1`,
          [last.position, last.seq, last.feedHash, ...(lastCheckpoint ? [lastCheckpoint.seq, lastCheckpoint.at] : [])],
        );
      }
      await client.query('COMMIT');
      if (rows.length > 0) {
        this.position = rows[rows.length - 1]!.position;
        this.lastRecordedAt = fresh[fresh.length - 1]!.recordedAt;
        const lastCheckpoint = checkpoints[checkpoints.length - 1];
        this.seen = lastCheckpoint ? { seq, checkpointSeq: lastCheckpoint.seq, checkpointAt: new Date(lastCheckpoint.at) } : { ...this.seen, seq };
      } else {
        this.position = state.position;
        this.seen = { seq: state.seq, checkpointSeq: state.checkpointSeq, checkpointAt: state.checkpointAt };
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    await this.checkpointIfDue();
  }

  /** Signs a checkpoint of everything sealed when events arrived since the last one and the interval ran out (or `force`). */
  async checkpointIfDue(force = false): Promise<CheckpointRow | null> {
    const { audit, clock, checkpointIntervalMs } = this.options;
    const now = clock();
    const seenSince = this.seen.checkpointAt ?? this.startedAt ?? now;
    if (!force && (this.seen.seq === this.seen.checkpointSeq || now.getTime() - seenSince.getTime() < checkpointIntervalMs)) return null;
    const client = await audit.pool.connect();
    try {
      await client.query('BEGIN');
      const state = await audit.state(client, true);
      this.seen = { seq: state.seq, checkpointSeq: state.checkpointSeq, checkpointAt: state.checkpointAt };
      const since = state.checkpointAt ?? this.startedAt ?? now;
      if (state.position === null || state.seq === state.checkpointSeq || (!force && now.getTime() - since.getTime() < checkpointIntervalMs)) {
        await client.query('ROLLBACK');
        return null;
      }
      const checkpoint = this.signed(state.position, state.seq, state.feedHash, now);
      await insertCheckpoints(client, audit, [checkpoint]);
      await client.query(`UPDATE ${audit.tables.state} SET checkpoint_seq = $1, checkpoint_at = $2 WHERE id = 1`, [checkpoint.seq, checkpoint.at]);
      await client.query('COMMIT');
      this.seen = { seq: state.seq, checkpointSeq: checkpoint.seq, checkpointAt: now };
      return checkpoint;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private signed(position: string, seq: number, feedHash: string, at: Date): CheckpointRow {
    const content = { position, seq, feedHash, at: at.toISOString(), keyId: this.options.key.keyId };
    return { ...content, signature: this.options.key.sign(content) };
  }
}

async function insertCheckpoints(client: pg.PoolClient, audit: AuditStore, checkpoints: readonly CheckpointRow[]): Promise<void> {
  for (const checkpoint of checkpoints) {
    await client.query(`INSERT INTO ${audit.tables.checkpoints} (position, seq, feed_hash, at, key_id, signature) VALUES ($1::numeric, $2, $3, $4, $5, $6)`, [
      checkpoint.position,
      checkpoint.seq,
      checkpoint.feedHash,
      checkpoint.at,
      checkpoint.keyId,
      checkpoint.signature,
    ]);
  }
}
