import { postgresPool } from '@ctp/event-store';
import type pg from 'pg';

export type DeliveryState = 'pending' | 'delivered' | 'parked';

export interface NewDelivery {
  readonly deliveryId: string;
  readonly subscriptionId: string;
  /** Deliveries of one lane (a customer, else the event's stream) go out one after another, in the order queued. */
  readonly lane: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly body: string;
  readonly queuedAt: Date;
}

export interface Delivery extends NewDelivery {
  readonly state: DeliveryState;
  /** Bumped by a resume or a redrive: timers of an earlier round find themselves stale and do nothing. */
  readonly round: number;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly deliveredAt: Date | null;
  readonly parkedAt: Date | null;
}

/** The next attempt a lane is waiting for: the timer id derives from it, so asking twice schedules once. */
export interface LaneHead {
  readonly deliveryId: string;
  readonly round: number;
  readonly attempt: number;
}

export interface AttemptRecord {
  readonly round: number;
  readonly attempt: number;
  readonly at: Date;
  readonly status: number | null;
  readonly error: string | null;
}

interface DeliveryRow {
  delivery_id: string; subscription_id: string; lane: string; event_id: string; event_type: string; body: string;
  state: DeliveryState; round: number; attempts: number; last_error: string | null;
  queued_at: Date; delivered_at: Date | null; parked_at: Date | null;
}

const toDelivery = (row: DeliveryRow): Delivery => ({
  deliveryId: row.delivery_id, subscriptionId: row.subscription_id, lane: row.lane, eventId: row.event_id, eventType: row.event_type, body: row.body,
  state: row.state, round: row.round, attempts: row.attempts, lastError: row.last_error, queuedAt: row.queued_at, deliveredAt: row.delivered_at, parkedAt: row.parked_at,
});

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Webhook deliveries waiting, sent and parked, in PostgreSQL beside the timers. Writes that change which
 * delivery heads a lane take the lane's advisory lock, so a delivery queued while the one before it
 * completes is always seen by one of the two and its lane never stalls.
 */
export class DeliveryQueue {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: (name: string) => string,
  ) {}

  static async open(url: string, schema: string): Promise<DeliveryQueue> {
    const pool = postgresPool({ connectionString: url, max: 5 });
    const queue = new DeliveryQueue(pool, (name) => `${quoted(schema)}.${quoted(`outbound_${name}`)}`);
    try {
      await queue.migrate(schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return queue;
  }

  private async migrate(schema: string): Promise<void> {
    const t = this.table;
    await this.transaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('outbound-migrate'))`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted(schema)}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${t('subscriptions')} (subscription_id text PRIMARY KEY, added_at timestamptz NOT NULL DEFAULT now())`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${t('deliveries')} (
        delivery_id uuid PRIMARY KEY, seq bigserial NOT NULL, subscription_id text NOT NULL, lane text NOT NULL,
        event_id uuid NOT NULL, event_type text NOT NULL, body text NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'parked')),
        round int NOT NULL DEFAULT 0, attempts int NOT NULL DEFAULT 0, last_error text,
        queued_at timestamptz NOT NULL, delivered_at timestamptz, parked_at timestamptz)`);
      await client.query(`CREATE INDEX IF NOT EXISTS ${quoted('outbound_deliveries_lanes')} ON ${t('deliveries')} (subscription_id, lane, seq) WHERE state = 'pending'`);
      await client.query(`CREATE INDEX IF NOT EXISTS ${quoted('outbound_deliveries_log')} ON ${t('deliveries')} (subscription_id, seq)`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${t('attempts')} (
        delivery_id uuid NOT NULL, round int NOT NULL, attempt int NOT NULL, at timestamptz NOT NULL, status int, error text,
        PRIMARY KEY (delivery_id, round, attempt))`);
    });
  }

  /** Noted before the subscription's first event is appended: an id whose stream stays empty is skipped. */
  async addSubscription(subscriptionId: string): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.table('subscriptions')} (subscription_id) VALUES ($1) ON CONFLICT DO NOTHING`, [subscriptionId]);
  }

  async subscriptionIds(): Promise<string[]> {
    const { rows } = await this.pool.query<{ subscription_id: string }>(`SELECT subscription_id FROM ${this.table('subscriptions')} ORDER BY subscription_id`);
    return rows.map((row) => row.subscription_id);
  }

  /** Queues each delivery once (its id derives from subscription and event); answers the heads of the lanes touched. */
  async enqueue(deliveries: readonly NewDelivery[]): Promise<LaneHead[]> {
    const heads = new Map<string, LaneHead>();
    for (const delivery of deliveries) {
      await this.transaction(async (client) => {
        await this.lockLane(client, delivery.subscriptionId, delivery.lane);
        await client.query(
          `INSERT INTO ${this.table('deliveries')} (delivery_id, subscription_id, lane, event_id, event_type, body, queued_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (delivery_id) DO NOTHING`,
          [delivery.deliveryId, delivery.subscriptionId, delivery.lane, delivery.eventId, delivery.eventType, delivery.body, delivery.queuedAt],
        );
        for (const head of await this.heads(client, delivery.subscriptionId, delivery.lane)) heads.set(head.deliveryId, head);
      });
    }
    return [...heads.values()];
  }

  async get(deliveryId: string): Promise<Delivery | null> {
    const { rows } = await this.pool.query<DeliveryRow>(`SELECT * FROM ${this.table('deliveries')} WHERE delivery_id = $1`, [deliveryId]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  /** Whether a delivery queued before this one in its lane still waits (or is being retried). */
  async waitsBehindEarlier(delivery: Delivery): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM ${this.table('deliveries')} WHERE subscription_id = $1 AND lane = $2 AND state = 'pending' AND seq < (SELECT seq FROM ${this.table('deliveries')} WHERE delivery_id = $3) LIMIT 1`,
      [delivery.subscriptionId, delivery.lane, delivery.deliveryId],
    );
    return rows.length > 0;
  }

  async recordAttempt(deliveryId: string, record: AttemptRecord): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.table('attempts')} (delivery_id, round, attempt, at, status, error) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, [
      deliveryId, record.round, record.attempt, record.at, record.status, record.error,
    ]);
  }

  async noteFailure(delivery: Delivery, attempt: number, error: string): Promise<void> {
    await this.pool.query(`UPDATE ${this.table('deliveries')} SET attempts = GREATEST(attempts, $2), last_error = $3 WHERE delivery_id = $1 AND state = 'pending' AND round = $4`, [delivery.deliveryId, attempt, error, delivery.round]);
  }

  /** Marks it delivered; answers its lane's next head, if any. */
  async markDelivered(delivery: Delivery, attempt: number, at: Date): Promise<LaneHead[]> {
    return this.transaction(async (client) => {
      await this.lockLane(client, delivery.subscriptionId, delivery.lane);
      await client.query(`UPDATE ${this.table('deliveries')} SET state = 'delivered', attempts = GREATEST(attempts, $2), delivered_at = $3, last_error = NULL WHERE delivery_id = $1 AND state = 'pending'`, [delivery.deliveryId, attempt, at]);
      return this.heads(client, delivery.subscriptionId, delivery.lane);
    });
  }

  async markParked(delivery: Delivery, attempt: number, error: string, at: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query(`UPDATE ${this.table('deliveries')} SET state = 'parked', attempts = GREATEST(attempts, $2), last_error = $3, parked_at = $4 WHERE delivery_id = $1 AND state = 'pending' AND round = $5`, [
      delivery.deliveryId, attempt, error, at, delivery.round,
    ]);
    return rowCount === 1;
  }

  /** Parked -> waiting again, from a first attempt in a new round; false when it is not parked. */
  async redrive(subscriptionId: string, deliveryId: string): Promise<boolean> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ lane: string }>(`SELECT lane FROM ${this.table('deliveries')} WHERE delivery_id = $1 AND subscription_id = $2`, [deliveryId, subscriptionId]);
      if (!rows[0]) return false;
      await this.lockLane(client, subscriptionId, rows[0].lane);
      const { rowCount } = await client.query(`UPDATE ${this.table('deliveries')} SET state = 'pending', attempts = 0, round = round + 1, parked_at = NULL WHERE delivery_id = $1 AND state = 'parked'`, [deliveryId]);
      return rowCount === 1;
    });
  }

  /** A resumed subscription's waiting deliveries start a new round: timers that fired while it was paused are spent. */
  async newRound(subscriptionId: string, options: { readonly redriveParked: boolean }): Promise<void> {
    const states = options.redriveParked ? ['pending', 'parked'] : ['pending'];
    await this.pool.query(
      `UPDATE ${this.table('deliveries')} SET round = round + 1, attempts = CASE WHEN state = 'parked' THEN 0 ELSE attempts END, state = 'pending', parked_at = NULL WHERE subscription_id = $1 AND state = ANY($2::text[])`,
      [subscriptionId, states],
    );
  }

  /** The head of every lane of the subscription (or of one lane). */
  async laneHeads(subscriptionId: string, lane?: string): Promise<LaneHead[]> {
    const client = await this.pool.connect();
    try {
      return await this.heads(client, subscriptionId, lane);
    } finally {
      client.release();
    }
  }

  /** The subscription's deliveries, newest first, each with its attempts. */
  async log(subscriptionId: string, options: { readonly state?: DeliveryState | undefined; readonly limit: number; readonly beforeSeq?: number | undefined }): Promise<{ deliveries: (Delivery & { seq: number; attemptLog: AttemptRecord[] })[] }> {
    const { rows } = await this.pool.query<DeliveryRow & { seq: string }>(
      `SELECT * FROM ${this.table('deliveries')} WHERE subscription_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::bigint IS NULL OR seq < $3) ORDER BY seq DESC LIMIT $4`,
      [subscriptionId, options.state ?? null, options.beforeSeq ?? null, options.limit],
    );
    const ids = rows.map((row) => row.delivery_id);
    const attempts = await this.pool.query<{ delivery_id: string; round: number; attempt: number; at: Date; status: number | null; error: string | null }>(
      `SELECT * FROM ${this.table('attempts')} WHERE delivery_id = ANY($1::uuid[]) ORDER BY round, attempt`,
      [ids],
    );
    return {
      deliveries: rows.map((row) => ({
        ...toDelivery(row),
        seq: Number(row.seq),
        attemptLog: attempts.rows.filter((attempt) => attempt.delivery_id === row.delivery_id).map(({ round, attempt, at, status, error }) => ({ round, attempt, at, status, error })),
      })),
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async heads(client: pg.PoolClient, subscriptionId: string, lane?: string): Promise<LaneHead[]> {
    const { rows } = await client.query<{ delivery_id: string; round: number; attempts: number }>(
      `SELECT DISTINCT ON (lane) delivery_id, round, attempts FROM ${this.table('deliveries')} WHERE subscription_id = $1 AND state = 'pending' AND ($2::text IS NULL OR lane = $2) ORDER BY lane, seq`,
      [subscriptionId, lane ?? null],
    );
    return rows.map((row) => ({ deliveryId: row.delivery_id, round: row.round, attempt: row.attempts + 1 }));
  }

  private async lockLane(client: pg.PoolClient, subscriptionId: string, lane: string): Promise<void> {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`outbound:${subscriptionId}:${lane}`]);
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
