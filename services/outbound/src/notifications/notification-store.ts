import pg from 'pg';
import type { NotificationKind, PendingNotification } from '../domain/notifications/digest-message.js';

export interface Recipient {
  readonly recipientId: string;
  readonly email: string;
  /** The IANA zone of their working hours, on the business calendar's week and holidays. */
  readonly timeZone: string;
  /** Notifications are gathered for this many minutes into one message; 0 sends each at once. */
  readonly digestMinutes: number;
  /** Kinds sent at once, outside working hours too. */
  readonly urgentKinds: readonly NotificationKind[];
}

export interface NewNotification extends PendingNotification {
  readonly notificationId: string;
  readonly recipientId: string;
  readonly sendAt: Date;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Recipients and the notifications waiting for their send time, in PostgreSQL beside the timers. */
export class NotificationStore {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: (name: string) => string,
  ) {}

  static async open(url: string, schema: string): Promise<NotificationStore> {
    const pool = new pg.Pool({ connectionString: url, max: 3 });
    const store = new NotificationStore(pool, (name) => `${quoted(schema)}.${quoted(`outbound_${name}`)}`);
    try {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('outbound-notifications-migrate'))`);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted(schema)}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${store.table('recipients')} (recipient_id text PRIMARY KEY, email text NOT NULL, time_zone text NOT NULL, digest_minutes int NOT NULL, urgent_kinds text[] NOT NULL)`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${store.table('notifications')} (
          notification_id uuid PRIMARY KEY, recipient_id text NOT NULL, kind text NOT NULL, about text NOT NULL, detail text NOT NULL,
          deadline text NOT NULL, raised_at text NOT NULL, send_at timestamptz NOT NULL, sent_at timestamptz, message_id text)`);
        await client.query(`CREATE INDEX IF NOT EXISTS ${quoted('outbound_notifications_due')} ON ${store.table('notifications')} (recipient_id, send_at) WHERE sent_at IS NULL`);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  async putRecipient(recipient: Recipient): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table('recipients')} (recipient_id, email, time_zone, digest_minutes, urgent_kinds) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (recipient_id) DO UPDATE SET email = EXCLUDED.email, time_zone = EXCLUDED.time_zone, digest_minutes = EXCLUDED.digest_minutes, urgent_kinds = EXCLUDED.urgent_kinds`,
      [recipient.recipientId, recipient.email, recipient.timeZone, recipient.digestMinutes, recipient.urgentKinds],
    );
  }

  async recipient(recipientId: string): Promise<Recipient | null> {
    const { rows } = await this.pool.query<{ recipient_id: string; email: string; time_zone: string; digest_minutes: number; urgent_kinds: NotificationKind[] }>(`SELECT * FROM ${this.table('recipients')} WHERE recipient_id = $1`, [recipientId]);
    const row = rows[0];
    return row ? { recipientId: row.recipient_id, email: row.email, timeZone: row.time_zone, digestMinutes: row.digest_minutes, urgentKinds: row.urgent_kinds } : null;
  }

  /** Each notification once (its id derives from event and recipient). */
  async add(notification: NewNotification): Promise<void> {
    const { notificationId, recipientId, kind, about, detail, deadline, raisedAt, sendAt } = notification;
    await this.pool.query(
      `INSERT INTO ${this.table('notifications')} (notification_id, recipient_id, kind, about, detail, deadline, raised_at, send_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [notificationId, recipientId, kind, about, detail, deadline, raisedAt, sendAt],
    );
  }

  /** The recipient's notifications due by `now` and not sent yet. */
  async due(recipientId: string, now: Date): Promise<(PendingNotification & { notificationId: string })[]> {
    const { rows } = await this.pool.query<{ notification_id: string; kind: NotificationKind; about: string; detail: string; deadline: string; raised_at: string }>(
      `SELECT * FROM ${this.table('notifications')} WHERE recipient_id = $1 AND sent_at IS NULL AND send_at <= $2 ORDER BY raised_at`,
      [recipientId, now],
    );
    return rows.map((row) => ({ notificationId: row.notification_id, kind: row.kind, about: row.about, detail: row.detail, deadline: row.deadline, raisedAt: row.raised_at }));
  }

  async markSent(notificationIds: readonly string[], sentAt: Date, messageId: string): Promise<void> {
    await this.pool.query(`UPDATE ${this.table('notifications')} SET sent_at = $2, message_id = $3 WHERE notification_id = ANY($1::uuid[]) AND sent_at IS NULL`, [notificationIds, sentAt, messageId]);
  }

  async sent(recipientId: string): Promise<{ notificationId: string; sendAt: Date; sentAt: Date | null }[]> {
    const { rows } = await this.pool.query<{ notification_id: string; send_at: Date; sent_at: Date | null }>(`SELECT notification_id, send_at, sent_at FROM ${this.table('notifications')} WHERE recipient_id = $1 ORDER BY raised_at`, [recipientId]);
    return rows.map((row) => ({ notificationId: row.notification_id, sendAt: row.send_at, sentAt: row.sent_at }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
