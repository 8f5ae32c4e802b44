import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamIdFor, type Category, type DomainEvent, type RecordedEvent } from '@ctp/contracts';
import { envelopes, openProtectedStores, type ProtectedStores } from '@ctp/event-store';
import { freePort, postgresUrl, uniqueName } from '@ctp/test-kit';
import { createTimerStore, type PostgresTimerStore } from '@ctp/timers';
import { httpChatPoster } from '../notifications/chat-webhook.js';
import { smtpMailer, type Mailer } from '../notifications/mailer.js';
import type { NotificationDeps } from '../notifications/notification-deps.js';
import { NotificationStore, type Recipient } from '../notifications/notification-store.js';
import { ReceiverProcess } from './receiver-process.js';
import { SmtpProcess } from './smtp-process.js';

/** Shanghai wall time; 2026-03-04 is a Wednesday, a working day on the business calendar. */
export const shanghai = (local: string) => new Date(`${local}+08:00`);

/**
 * Notifications on a real store, timer table and notification tables of the test file's own schema, a real SMTP
 * server process and a real HTTP receiver process for chat webhooks; the clock is the test's (`fixture.now`).
 */
export class NotificationFixture {
  now = shanghai('2026-03-04T09:00:00');
  readonly deps: NotificationDeps;

  private constructor(
    readonly stores: ProtectedStores,
    readonly timers: PostgresTimerStore,
    readonly notifications: NotificationStore,
    readonly smtp: SmtpProcess,
    readonly chat: ReceiverProcess,
    private readonly mailer: Mailer,
  ) {
    this.deps = { history: stores.reader, timers, notifications, mailer, chat: httpChatPoster(5_000), clock: () => this.now };
  }

  static async start(name: string): Promise<NotificationFixture> {
    const schema = uniqueName(name);
    const stores = await openProtectedStores({ eventStoreUrl: postgresUrl(), schema, masterKey: randomBytes(32).toString('base64') });
    let fixture: NotificationFixture | null = null;
    const timers = await createTimerStore(postgresUrl(), { schema, table: 'outbound_timers', now: () => fixture?.now ?? new Date() });
    const notifications = await NotificationStore.open(postgresUrl(), schema);
    const smtp = await SmtpProcess.start();
    const chat = new ReceiverProcess(await freePort(), await mkdtemp(join(tmpdir(), 'ctp-chat-')));
    await chat.start();
    fixture = new NotificationFixture(stores, timers, notifications, smtp, chat, smtpMailer(smtp.url, 'ctp-outbound@example.com'));
    return fixture;
  }

  async stop(): Promise<void> {
    this.mailer.close();
    await Promise.all([this.smtp.stop(), this.chat.stop()]);
    await Promise.all([this.notifications.close(), this.timers.close(), this.stores.close()]);
  }

  /** A recipient of its own (`<prefix>-<random>`), e-mailed at `<id>@example.com` unless told otherwise, a recipient since `since`. */
  async recipient(prefix: string, settings: Partial<Omit<Recipient, 'recipientId'>> = {}, since = new Date('2020-01-01T00:00:00Z')): Promise<Recipient> {
    const recipientId = `${prefix}-${randomUUID().slice(0, 8)}`;
    const recipient: Recipient = { recipientId, email: `${recipientId}@example.com`, chat: null, timeZone: 'Asia/Shanghai', calendarId: null, digestMinutes: 30, urgentKinds: [], ...settings };
    await this.notifications.putRecipient(recipient, since);
    return recipient;
  }

  /** Appends events as `actor` would, recorded now; answers them as stored. */
  async append(category: Category, id: string, events: readonly DomainEvent[]): Promise<RecordedEvent[]> {
    const streamId = streamIdFor(category, id);
    const appended = await this.stores.store.append(streamId, envelopes(streamId, events, { causationId: randomUUID(), correlationId: 'notify-test', occurredAt: this.now.toISOString(), actor: { kind: 'service', id: 'test' } }), { expectedRevision: 'any' });
    return (await this.stores.reader.readStream(streamId)).slice(-appended.events.length);
  }

  async mailsTo(email: string) {
    return (await this.smtp.received()).filter((mail) => mail.to.includes(email));
  }

  /** What the chat receiver got under /<segment>, the bodies parsed. */
  async chatPosts(segment: string): Promise<{ body: unknown; answered: number }[]> {
    return (await this.chat.received()).filter((request) => request.path.startsWith(`/${segment}`)).map((request) => ({ body: JSON.parse(request.body) as unknown, answered: request.answered }));
  }

  timerAt(recipientId: string, at: Date) {
    return this.timers.get(`notification-digest:${recipientId}:${at.getTime()}`);
  }
}
