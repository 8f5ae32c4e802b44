import { DEFAULT_TIME_ZONE, isTimeZone } from '@ctp/calendar';
import { calendarIdSchema, emailSchema, entityIdSchema } from '@ctp/contracts';
import { ProblemError, problems, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { chatFormats } from '../domain/notifications/chat-message.js';
import { notificationKinds } from '@ctp/contracts';
import type { NotificationDeps } from './notification-deps.js';
import { notificationChannels } from './notification-store.js';
import { publishedCalendar } from './published-calendar.js';

const recipientParams = z.object({ recipientId: entityIdSchema.describe('the agent, team, role or account manager id notifications name') });
const chatSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).max(2_000).describe('the chat tool’s incoming-webhook address (http or https)'),
    format: z.enum(chatFormats).describe('slack: { text }; wecom: the WeCom or DingTalk robot’s { msgtype: "text", text: { content } }'),
  })
  .describe('a chat tool’s incoming webhook the digests are posted to');
const recipientSchema = z
  .strictObject({
    email: emailSchema.optional().describe('the address the digests are e-mailed to'),
    chat: chatSchema.optional(),
    timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone, e.g. Asia/Shanghai').default(DEFAULT_TIME_ZONE).describe('their working hours: the business calendar’s week and holidays in this zone (when they name no calendarId)'),
    calendarId: calendarIdSchema.optional().describe('a calendar published by sla (GET /v1/calendars/{id}) their working hours follow: its zone, holidays and make-up days, the version in effect when a notification is raised'),
    digestMinutes: z.int().min(0).max(1_440).default(30).describe('notifications are gathered this long into one message; 0: each at once'),
    urgentKinds: z.array(z.enum(notificationKinds)).max(notificationKinds.length).default([]).describe('kinds sent at once, outside working hours too'),
  })
  .refine(({ email, chat }) => email !== undefined || chat !== undefined, { message: 'name a channel: an e-mail address, a chat webhook, or both', path: ['email'] });
const recipientView = z.strictObject({
  recipientId: z.string(),
  email: emailSchema.nullable(),
  chat: chatSchema.nullable(),
  timeZone: z.string(),
  calendarId: calendarIdSchema.nullable(),
  digestMinutes: z.int(),
  urgentKinds: z.array(z.enum(notificationKinds)),
  since: z.iso.datetime().describe('when they became a recipient: they hear of events recorded from then on'),
});
const notificationView = z.strictObject({
  notificationId: z.uuid(),
  kind: z.enum(notificationKinds),
  about: z.string(),
  detail: z.string(),
  deadline: z.string().nullable(),
  raisedAt: z.string(),
  sendAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable().describe('when it had gone out on every channel; null while one still owes it'),
  channels: z.array(z.strictObject({
    channel: z.enum(notificationChannels),
    attempts: z.int(),
    sentAt: z.iso.datetime().nullable(),
    messageId: z.string().nullable().describe('the SMTP message id; null for a chat post'),
    lastError: z.string().nullable().describe('why the last attempt failed; null after a send'),
    lastAttemptAt: z.iso.datetime().nullable(),
  })),
});

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The people notifications go to (admin): their channels, working calendar and digest rhythm, and what they were sent. */
export function recipientRoutes(deps: NotificationDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'PUT', url: '/v1/recipients/:recipientId', operationId: 'putRecipient', tags: ['notifications'],
      summary: 'Set where an agent’s, team’s or manager’s notifications go (e-mail, a chat webhook or both), their working calendar, digest rhythm and urgent kinds',
      roles: ['admin'],
      params: recipientParams,
      body: recipientSchema,
      responses: { 200: { description: 'The recipient as stored', schema: recipientView } },
      handler: async ({ params, body }) => {
        const { email, chat, calendarId, ...rest } = body;
        if (calendarId && (await publishedCalendar(deps.history, calendarId)).length === 0) {
          throw new ProblemError(problems.CTP_VALIDATION_FAILED, `calendar ${calendarId} was never published`, [{ path: 'body.calendarId', message: `no calendar ${calendarId} is published (sla: PUT /v1/calendars/${calendarId})` }]);
        }
        const stored = await deps.notifications.putRecipient({ recipientId: params.recipientId, email: email ?? null, chat: chat ?? null, calendarId: calendarId ?? null, ...rest }, deps.clock());
        return { ...stored, since: stored.since.toISOString() };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/recipients/:recipientId', operationId: 'getRecipient', tags: ['notifications'],
      summary: 'Where an agent’s, team’s or manager’s notifications go',
      roles: ['admin'],
      params: recipientParams,
      responses: { 200: { description: 'The recipient', schema: recipientView }, 404: { description: 'Not a recipient' } },
      handler: async ({ params }) => {
        const recipient = await deps.notifications.recipient(params.recipientId);
        if (!recipient) throw new ProblemError(problems.CTP_NOT_FOUND, `${params.recipientId} is not a recipient`);
        return { ...recipient, since: recipient.since.toISOString() };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/recipients/:recipientId/notifications', operationId: 'listRecipientNotifications', tags: ['notifications'],
      summary: 'A recipient’s notifications, oldest raised first, with each channel’s attempts: sent, or failed and why',
      roles: ['admin'],
      params: recipientParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      responses: { 200: { description: 'The notifications', schema: z.strictObject({ notifications: z.array(notificationView) }) } },
      handler: async ({ params, query }) => {
        const stored = await deps.notifications.sent(params.recipientId, query.limit);
        return {
          notifications: stored.map(({ sendAt, sentAt, channels, ...rest }) => ({
            ...rest, sendAt: sendAt.toISOString(), sentAt: iso(sentAt),
            channels: channels.map((send) => ({ ...send, sentAt: iso(send.sentAt), lastAttemptAt: iso(send.lastAttemptAt) })),
          })),
        };
      },
    });
  };
}
