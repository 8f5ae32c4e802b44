import { DEFAULT_TIME_ZONE, isTimeZone } from '@ctp/calendar';
import { emailSchema, entityIdSchema } from '@ctp/contracts';
import { ProblemError, problems, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notificationKinds } from '../domain/notifications/digest-message.js';
import type { NotificationDeps } from './notification-deps.js';

const recipientParams = z.object({ recipientId: entityIdSchema.describe('the agent or team id cases are assigned to') });
const recipientSchema = z.strictObject({
  email: emailSchema,
  timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone, e.g. Asia/Shanghai').default(DEFAULT_TIME_ZONE).describe('their working hours: the business calendar’s week and holidays in this zone'),
  digestMinutes: z.int().min(0).max(1_440).default(30).describe('notifications are gathered this long into one message; 0: each at once'),
  urgentKinds: z.array(z.enum(notificationKinds)).max(notificationKinds.length).default([]).describe('kinds sent at once, outside working hours too'),
});
const recipientView = recipientSchema.extend({ recipientId: z.string() });

/** The people notifications go to (admin): their address, working hours and digest rhythm. */
export function recipientRoutes(deps: NotificationDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'PUT', url: '/v1/recipients/:recipientId', operationId: 'putRecipient', tags: ['notifications'],
      summary: 'Set where an agent’s or team’s notifications go (e-mail), their time zone, digest rhythm and urgent kinds',
      roles: ['admin'],
      params: recipientParams,
      body: recipientSchema,
      responses: { 200: { description: 'The recipient as stored', schema: recipientView } },
      handler: async ({ params, body }) => {
        const recipient = { recipientId: params.recipientId, ...body };
        await deps.notifications.putRecipient(recipient);
        return recipient;
      },
    });
    route(app, {
      method: 'GET', url: '/v1/recipients/:recipientId', operationId: 'getRecipient', tags: ['notifications'],
      summary: 'Where an agent’s or team’s notifications go',
      roles: ['admin'],
      params: recipientParams,
      responses: { 200: { description: 'The recipient', schema: recipientView }, 404: { description: 'Not a recipient' } },
      handler: async ({ params }) => {
        const recipient = await deps.notifications.recipient(params.recipientId);
        if (!recipient) throw new ProblemError(problems.CTP_NOT_FOUND, `${params.recipientId} is not a recipient`);
        return recipient;
      },
    });
  };
}
