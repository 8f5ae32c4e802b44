import { postgresPool } from '@ctp/event-store';
import type pg from 'pg';
import type { ChatFormat } from '../domain/notifications/chat-message.js';
import type { NotificationKind } from '@ctp/contracts';
import type { PendingNotification } from '../domain/notifications/digest-message.js';
import type { ChatTarget } from './chat-webhook.js';

export const notificationChannels = ['email', 'chat'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

export interface Recipient {
  readonly recipientId: string;
  /** The channels: an e-mail address, a chat tool's incoming webhook, or both (at least one). */
  readonly email: string | null;
  readonly chat: ChatTarget | null;
  /** The IANA zone of their working hours on the business calendar, when they name no calendar of their own. */
  readonly timeZone: string;
  /** A calendar published by sla that their working hours follow (its zone, holidays and make-up days). */
  readonly calendarId: string | null;
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

export interface ChannelSend {
  readonly channel: NotificationChannel;
  readonly attempts: number;
  readonly sentAt: Date | null;
  readonly messageId: string | null;
  readonly lastError: string | null;
  readonly lastAttemptAt: Date | null;
}

export interface StoredNotification extends PendingNotification {
  readonly notificationId: string;
  readonly sendAt: Date;
  /** When it had gone out on every channel the recipient had then. */
  readonly sentAt: Date | null;
  readonly channels: readonly ChannelSend[];
}

type DueNotification = PendingNotification & { readonly notificationId: string };

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface RecipientRow { recipient_id: string; email: string | null; chat_url: string | null; chat_format: ChatFormat | null; time_zone: string; calendar_id: string | null; digest_minutes: number; urgent_kinds: NotificationKind[]; since: Date }
interface NotificationRow { notification_id: string; kind: NotificationKind; about: string; detail: string; deadline: string | null; raised_at: string; send_at: Date; sent_at: Date | null }
interface SendRow { notification_id: string; channel: NotificationChannel; attempts: number; sent_at: Date | null; message_id: string | null; last_error: string | null; last_attempt_at: Date | null }

const recipientOf = (row: RecipientRow): Recipient & { since: Date } => ({
  recipientId: row.recipient_id, email: row.email, chat: row.chat_url && row.chat_format ? { url: row.chat_url, format: row.chat_format } : null,
  timeZone: row.time_zone, calendarId: row.calendar_id, digestMinutes: row.digest_minutes, urgentKinds: row.urgent_kinds, since: row.since,
});
const pendingOf = (row: NotificationRow): DueNotification => ({ notificationId: row.notification_id, kind: row.kind, about: row.about, detail: row.detail, deadline: row.deadline, raisedAt: row.raised_at });

/** Recipients, the notifications waiting for their send time and each channel's sends, in PostgreSQL beside the timers. */
export class NotificationStore {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: (name: string) => string,
  ) {}

  static async open(url: string, schema: string): Promise<NotificationStore> {
    const pool = postgresPool({ connectionString: url, max: 3 });
    const store = new NotificationStore(pool, (name) => `${quoted(schema)}.${quoted(`outbound_${name}`)}`);
    try {
      await store.migrate(schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  private async migrate(schema: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('outbound-notifications-migrate'))`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted(schema)}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table('recipients')} (recipient_id text PRIMARY KEY, email text NOT NULL, time_zone text NOT NULL, digest_minutes int NOT NULL, urgent_kinds text[] NOT NULL)`);
      // Recipients made before chat and own calendars: e-mail only, the business calendar; they hear of events recorded from the upgrade on.
      await client.query(`ALTER TABLE ${this.table('recipients')} ALTER COLUMN email DROP NOT NULL,
        ADD COLUMN IF NOT EXISTS chat_url text, ADD COLUMN IF NOT EXISTS chat_format text, ADD COLUMN IF NOT EXISTS calendar_id text,
        ADD COLUMN IF NOT EXISTS since timestamptz NOT NULL DEFAULT now()`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table('notifications')} (
        notification_id uuid PRIMARY KEY, recipient_id text NOT NULL, kind text NOT NULL, about text NOT NULL, detail text NOT NULL,
        deadline text NOT NULL, raised_at text NOT NULL, send_at timestamptz NOT NULL, sent_at timestamptz, message_id text)`);
      await client.query(`ALTER TABLE ${this.table('notifications')} ALTER COLUMN deadline DROP NOT NULL`);
      await client.query(`CREATE INDEX IF NOT EXISTS ${quoted('outbound_notifications_due')} ON ${this.table('notifications')} (recipient_id, send_at) WHERE sent_at IS NULL`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table('notification_sends')} (
        notification_id uuid NOT NULL, channel text NOT NULL, attempts int NOT NULL, sent_at timestamptz, message_id text,
        last_error text, last_attempt_at timestamptz, PRIMARY KEY (notification_id, channel))`);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  /** Sets where a recipient's notifications go; `since` (when they first became one) is kept on later changes. */
  async putRecipient(recipient: Recipient, since: Date): Promise<Recipient & { since: Date }> {
    const { rows } = await this.pool.query<RecipientRow>(
      `INSERT INTO ${this.table('recipients')} (recipient_id, email, chat_url, chat_format, time_zone, calendar_id, digest_minutes, urgent_kinds, since) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (recipient_id) DO UPDATE SET email = EXCLUDED.email, chat_url = EXCLUDED.chat_url, chat_format = EXCLUDED.chat_format, time_zone = EXCLUDED.time_zone,
         calendar_id = EXCLUDED.calendar_id, digest_minutes = EXCLUDED.digest_minutes, urgent_kinds = EXCLUDED.urgent_kinds
       RETURNING *`,
      [recipient.recipientId, recipient.email, recipient.chat?.url ?? null, recipient.chat?.format ?? null, recipient.timeZone, recipient.calendarId, recipient.digestMinutes, recipient.urgentKinds, since],
    );
    return recipientOf(rows[0]!);
  }

  async recipient(recipientId: string): Promise<(Recipient & { since: Date }) | null> {
    const { rows } = await this.pool.query<RecipientRow>(`SELECT * FROM ${this.table('recipients')} WHERE recipient_id = $1`, [recipientId]);
    return rows[0] ? recipientOf(rows[0]) : null;
  }

  /** Each notification once (its id derives from event and recipient). */
  async add(notification: NewNotification): Promise<void> {
    const { notificationId, recipientId, kind, about, detail, deadline, raisedAt, sendAt } = notification;
    await this.pool.query(
      `INSERT INTO ${this.table('notifications')} (notification_id, recipient_id, kind, about, detail, deadline, raised_at, send_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [notificationId, recipientId, kind, about, detail, deadline, raisedAt, sendAt],
    );
  }

  /** The recipient's notifications due by `now`, not yet out on every channel, each with the channels it went out on. */
  async due(recipientId: string, now: Date): Promise<(DueNotification & { sentOn: readonly NotificationChannel[] })[]> {
    const { rows } = await this.pool.query<NotificationRow & { sent_on: NotificationChannel[] }>(
      `SELECT n.*, COALESCE(ARRAY(SELECT s.channel FROM ${this.table('notification_sends')} s WHERE s.notification_id = n.notification_id AND s.sent_at IS NOT NULL), '{}') AS sent_on
       FROM ${this.table('notifications')} n WHERE n.recipient_id = $1 AND n.sent_at IS NULL AND n.send_at <= $2 ORDER BY n.raised_at`,
      [recipientId, now],
    );
    return rows.map((row) => ({ ...pendingOf(row), sentOn: row.sent_on }));
  }

  /** One attempt of a channel for these notifications: sent (with the message id, if the channel gives one) or failed with why. */
  async recordAttempt(notificationIds: readonly string[], channel: NotificationChannel, at: Date, outcome: { sent: true; messageId: string | null } | { sent: false; error: string }): Promise<void> {
    const [sentAt, messageId, error] = outcome.sent ? [at, outcome.messageId, null] : [null, null, outcome.error];
    await this.pool.query(
      `INSERT INTO ${this.table('notification_sends')} (notification_id, channel, attempts, sent_at, message_id, last_error, last_attempt_at) SELECT id, $2, 1, $3, $4, $5, $6 FROM unnest($1::uuid[]) AS id
       ON CONFLICT (notification_id, channel) DO UPDATE SET attempts = ${this.table('notification_sends')}.attempts + 1, sent_at = COALESCE(${this.table('notification_sends')}.sent_at, EXCLUDED.sent_at),
         message_id = COALESCE(${this.table('notification_sends')}.message_id, EXCLUDED.message_id), last_error = EXCLUDED.last_error, last_attempt_at = EXCLUDED.last_attempt_at`,
      [notificationIds, channel, sentAt, messageId, error, at],
    );
  }

  /** These notifications went out on every channel. */
  async markSent(notificationIds: readonly string[], sentAt: Date): Promise<void> {
    await this.pool.query(`UPDATE ${this.table('notifications')} SET sent_at = $2 WHERE notification_id = ANY($1::uuid[]) AND sent_at IS NULL`, [notificationIds, sentAt]);
  }

  /** The recipient's notifications, oldest raised first, with each channel's attempts: what went out, what failed and why. */
  async sent(recipientId: string, limit = 200): Promise<StoredNotification[]> {
    const { rows } = await this.pool.query<NotificationRow>(`SELECT * FROM ${this.table('notifications')} WHERE recipient_id = $1 ORDER BY raised_at, notification_id LIMIT $2`, [recipientId, limit]);
    const sends = await this.pool.query<SendRow>(`SELECT * FROM ${this.table('notification_sends')} WHERE notification_id = ANY($1::uuid[]) ORDER BY channel`, [rows.map((row) => row.notification_id)]);
    return rows.map((row) => ({
      ...pendingOf(row), sendAt: row.send_at, sentAt: row.sent_at,
      channels: sends.rows.filter((send) => send.notification_id === row.notification_id).map((send) => ({ channel: send.channel, attempts: send.attempts, sentAt: send.sent_at, messageId: send.message_id, lastError: send.last_error, lastAttemptAt: send.last_attempt_at })),
    }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
