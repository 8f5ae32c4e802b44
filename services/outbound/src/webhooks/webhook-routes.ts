import { entityIdSchema, eventDefinitions, notificationKinds } from '@ctp/contracts';
import { WrongExpectedRevisionError } from '@ctp/event-store';
import { commandRequest, positionOf, ProblemError, problems, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SubscriptionRefusal, type SubscriptionCommand, type SubscriptionState } from '../domain/webhooks/subscription.js';
import type { OutboundDeps } from '../outbound-deps.js';
import { scheduleAttempts } from './delivery-timers.js';
import { loadSubscription, loadSubscriptions, subscriptionStreamId, withSubscriptionStream } from './subscription-stream.js';

const eventTypes = eventDefinitions.map((definition) => definition.type).filter((type) => !type.startsWith('Webhook'));
const subscribeSchema = z.strictObject({
  subscriptionId: entityIdSchema.optional().describe('default: generated'),
  url: z.url({ protocol: /^https?$/ }).max(2000).describe('where deliveries are POSTed'),
  eventTypes: z.array(z.enum(eventTypes as [string, ...string[]])).max(200).default([]).describe('event types of the catalogue (docs/events.md)'),
  notificationKinds: z.array(z.enum(notificationKinds)).max(notificationKinds.length).default([]).describe('derived notifications (docs/outbound.md): each one raised is delivered, whether or not its person is a recipient'),
  secret: z.string().min(16).max(200).describe('the HMAC-SHA256 key deliveries are signed with (docs/outbound.md); stored sealed, never returned'),
}).refine(({ eventTypes: types, notificationKinds: kinds }) => types.length + kinds.length > 0, { message: 'subscribe to at least one event type or notification kind', path: ['eventTypes'] });
const subscriptionParams = z.object({ subscriptionId: entityIdSchema });
const deliveryParams = z.object({ subscriptionId: entityIdSchema, deliveryId: z.uuid() });
const answerSchema = z.object({ subscriptionId: z.string(), position: z.string().nullable() });
const viewSchema = z.object({ subscriptionId: z.string(), status: z.enum(['active', 'paused']), url: z.string(), eventTypes: z.array(z.string()), notificationKinds: z.array(z.string()), subscribedAt: z.string(), reason: z.string().optional(), pausedAt: z.string().optional() });
const anyObject = z.record(z.string(), z.unknown());

/** What a route shows of a subscription: everything but its secret. */
function view(state: Exclude<SubscriptionState, { status: 'none' }>) {
  const { subscriptionId, status, url, eventTypes: types, notificationKinds: kinds, subscribedAt } = state;
  return { subscriptionId, status, url, eventTypes: [...types], notificationKinds: [...kinds], subscribedAt, ...(state.status === 'paused' ? { reason: state.reason, pausedAt: state.pausedAt } : {}) };
}

async function asProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SubscriptionRefusal && error.code === 'subscription_not_found') throw new ProblemError(problems.CTP_NOT_FOUND, error.message);
    if (error instanceof SubscriptionRefusal) throw new ProblemError(problems.CTP_UNPROCESSABLE, error.message, [{ path: 'body.subscriptionId', message: error.message, rule: error.code }]);
    if (error instanceof WrongExpectedRevisionError) throw new ProblemError(problems.CTP_CONFLICT, 'changed concurrently; read again and retry');
    throw error;
  }
}

/** Webhook subscriptions (admin): subscribe, read, pause and resume, the delivery log, and re-driving a parked delivery. */
export function webhookRoutes(deps: OutboundDeps) {
  const command = async (request: Parameters<typeof commandRequest>[1], subscriptionId: string, decide: (at: string, by: string) => SubscriptionCommand) => {
    const asking = commandRequest(deps, request);
    const handled = await asProblem(() => withSubscriptionStream(deps.store, subscriptionId, asking.context, decide(asking.now.toISOString(), asking.by)));
    return { subscriptionId, position: await positionOf(deps.history, subscriptionStreamId(subscriptionId), handled, asking.context.causationId) };
  };
  const existing = async (subscriptionId: string) => {
    const state = await loadSubscription(deps.history, subscriptionId);
    if (state.status === 'none') throw new ProblemError(problems.CTP_NOT_FOUND, `no webhook subscription ${subscriptionId}`);
    return state;
  };
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/webhooks', operationId: 'subscribeWebhook', tags: ['webhooks'],
      summary: 'Subscribe a URL to event types and notification kinds: each event recorded and notification raised from now on is POSTed to it, signed, retried, in order per customer',
      roles: ['admin'],
      body: subscribeSchema,
      responses: { 200: { description: 'The subscription’s id and the global position', schema: answerSchema }, 422: { description: 'Refused: errors[].rule subscription_exists' } },
      handler: async ({ body, request }) => {
        const subscriptionId = body.subscriptionId ?? `WH-${commandRequest(deps, request).context.causationId}`;
        await deps.deliveries.addSubscription(subscriptionId);
        return command(request, subscriptionId, (at, by) => ({ kind: 'subscribe', by, terms: { subscriptionId, url: body.url, eventTypes: body.eventTypes, notificationKinds: body.notificationKinds, secret: body.secret, subscribedAt: at } }));
      },
    });
    route(app, {
      method: 'GET', url: '/v1/webhooks', operationId: 'listWebhooks', tags: ['webhooks'],
      summary: 'Every webhook subscription with its status (never its secret)',
      roles: ['admin'],
      responses: { 200: { description: 'The subscriptions', schema: z.object({ subscriptions: z.array(viewSchema) }) } },
      handler: async () => {
        const states = await loadSubscriptions(deps.history, await deps.deliveries.subscriptionIds());
        return { subscriptions: states.flatMap((state) => (state.status === 'none' ? [] : [view(state)])) };
      },
    });
    route(app, {
      method: 'GET', url: '/v1/webhooks/:subscriptionId', operationId: 'getWebhook', tags: ['webhooks'],
      summary: 'One subscription: URL, event types, status and, when paused, why (never its secret)',
      roles: ['admin'],
      params: subscriptionParams,
      responses: { 200: { description: 'The subscription', schema: viewSchema }, 404: { description: 'No such subscription' } },
      handler: async ({ params }) => view(await existing(params.subscriptionId)),
    });
    route(app, {
      method: 'POST', url: '/v1/webhooks/:subscriptionId/pause', operationId: 'pauseWebhook', tags: ['webhooks'],
      summary: 'Stop attempting deliveries (they keep queuing, in order) until resumed',
      roles: ['admin'],
      params: subscriptionParams,
      body: z.strictObject({ reason: z.string().min(1).max(500) }),
      responses: { 200: { description: 'The global position', schema: answerSchema }, 404: { description: 'No such subscription' } },
      handler: async ({ params, body, request }) => command(request, params.subscriptionId, (at, by) => ({ kind: 'pause', reason: body.reason, at, by })),
    });
    route(app, {
      method: 'POST', url: '/v1/webhooks/:subscriptionId/resume', operationId: 'resumeWebhook', tags: ['webhooks'],
      summary: 'Attempt deliveries again: parked ones are re-driven and every customer’s deliveries go out in order, earliest first',
      roles: ['admin'],
      params: subscriptionParams,
      responses: { 200: { description: 'The global position', schema: answerSchema }, 404: { description: 'No such subscription' } },
      handler: async ({ params, request }) => command(request, params.subscriptionId, (at, by) => ({ kind: 'resume', at, by })),
    });
    route(app, {
      method: 'GET', url: '/v1/webhooks/:subscriptionId/deliveries', operationId: 'listWebhookDeliveries', tags: ['webhooks'],
      summary: 'The delivery log, newest first: each delivery’s event, state (pending, delivered, parked) and every attempt with its HTTP status or error',
      roles: ['admin'],
      params: subscriptionParams,
      query: z.strictObject({
        state: z.enum(['pending', 'delivered', 'parked']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        before: z.coerce.number().int().min(1).optional().describe('the seq of the last delivery of the page before'),
      }),
      responses: { 200: { description: 'The deliveries (bodies included)', schema: anyObject }, 404: { description: 'No such subscription' } },
      handler: async ({ params, query }) => {
        await existing(params.subscriptionId);
        return deps.deliveries.log(params.subscriptionId, { state: query.state, limit: query.limit, beforeSeq: query.before });
      },
    });
    route(app, {
      method: 'POST', url: '/v1/webhooks/:subscriptionId/deliveries/:deliveryId/redrive', operationId: 'redriveWebhookDelivery', tags: ['webhooks'],
      summary: 'Send a parked delivery again, from a first attempt; it goes before any later delivery of its customer',
      roles: ['admin'],
      params: deliveryParams,
      responses: { 200: { description: 'Re-driven', schema: z.object({ deliveryId: z.string(), state: z.literal('pending') }) }, 404: { description: 'No such subscription or delivery' }, 409: { description: 'The delivery is not parked' } },
      handler: async ({ params }) => {
        await existing(params.subscriptionId);
        const delivery = await deps.deliveries.get(params.deliveryId);
        if (!delivery || delivery.subscriptionId !== params.subscriptionId) throw new ProblemError(problems.CTP_NOT_FOUND, `no delivery ${params.deliveryId} of ${params.subscriptionId}`);
        if (!(await deps.deliveries.redrive(params.subscriptionId, params.deliveryId))) throw new ProblemError(problems.CTP_CONFLICT, `delivery ${params.deliveryId} is ${delivery.state}, not parked`);
        await scheduleAttempts(deps, await deps.deliveries.laneHeads(params.subscriptionId, delivery.lane), deps.clock());
        return { deliveryId: params.deliveryId, state: 'pending' as const };
      },
    });
  };
}
