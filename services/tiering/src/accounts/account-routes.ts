import { accountManagerRosterFields, customerIdParamsSchema, decoderFor, entityIdSchema, freeTextSchema, streamIdFor } from '@ctp/contracts';
import { WrongExpectedRevisionError } from '@ctp/event-store';
import { activeCollection } from '@ctp/projections';
import { commandRequest, positionOf, problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { anyObject } from '../tiers/tier-routes.js';
import type { AccountDeps } from './account-deps.js';
import { accountProjection } from './account-projection.js';
import { accountDecider, withAccountStream } from './account-stream.js';
import { AccountError, decideAccount } from '../domain/accounts/decide-account.js';
import { heldStatuses, managerDocuments } from './manager-loads.js';
import { latestRoster, publishRoster } from './roster-stream.js';

const accountEvent = decoderFor('account');
const managerIdParams = z.object({ managerId: entityIdSchema });
const portfolioSchema = z.object({
  managerId: z.string(),
  customers: z.array(z.object({ customerId: z.string(), managerId: z.string(), team: z.string(), status: z.enum(['managed', 'releasing']), since: z.string(), tier: z.string().nullable(), releaseAt: z.string().nullable() }).partial({ tier: true })),
  openCases: z.array(z.object({ caseId: z.string(), customerId: z.string(), type: z.string(), priority: z.string(), openedAt: z.string() }).passthrough()),
  dueContacts: z.array(z.object({ obligationId: z.string(), customerId: z.string(), kind: z.enum(['callback', 'visit']), reason: z.string(), dueAt: z.string(), overdue: z.boolean() })).describe('open contact obligations feedback planned, earliest due first'),
  atRisk: z.array(z.object({ customerId: z.string(), score: z.number(), threshold: z.number(), asOf: z.string(), crossing: z.number(), model: z.object({ id: z.string(), version: z.number() }), topFactors: z.array(z.string()) })).describe("customers over analytics' churn threshold (not subsided since), highest score first"),
});

async function refusedAsProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AccountError) throw new ProblemError(problems.CTP_UNPROCESSABLE, error.message, [{ path: error.code === 'no_dedicated_manager' ? 'params.customerId' : 'body.managerId', message: error.message, rule: error.code }]);
    if (error instanceof WrongExpectedRevisionError) throw new ProblemError(problems.CTP_CONFLICT, 'changed concurrently; read again and retry');
    throw error;
  }
}

export function accountRoutes(deps: AccountDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'PUT', url: '/v1/account-managers/roster', operationId: 'publishAccountManagerRoster', tags: ['accounts'],
      summary: 'Publish the next version of the account-manager roster (every manager, whole): new assignments are balanced over it; customers keep the managers they hold',
      roles: ['admin'],
      body: z.strictObject(accountManagerRosterFields),
      responses: { 201: { description: 'The version published', schema: z.object({ rosterId: z.string(), version: z.int(), position: z.string() }) }, 409: { description: 'Another version was published at the same time' } },
      handler: async ({ body, request, reply }) => {
        const asking = commandRequest(deps, request);
        const expectedVersion = (await latestRoster(deps.store))?.version ?? 0;
        const published = await refusedAsProblem(() => publishRoster(deps.store, body.managers, { expectedVersion, actor: asking.context.actor, by: asking.by, correlationId: request.id, occurredAt: asking.now }));
        return reply.code(201).send({ rosterId: 'default', ...published });
      },
    });
    route(app, {
      method: 'GET', url: '/v1/account-managers/roster', operationId: 'getAccountManagerRoster', tags: ['accounts'],
      summary: 'The latest roster version',
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      responses: { 200: { description: 'The roster', schema: anyObject }, 404: { description: 'No roster published yet' } },
      handler: async () => (await latestRoster(deps.store)) ?? Promise.reject(new ProblemError(problems.CTP_NOT_FOUND, 'no account-manager roster is published yet')),
    });
    route(app, {
      method: 'GET', url: '/v1/customers/:customerId/account-manager', operationId: 'getCustomerAccountManager', tags: ['accounts'],
      summary: "The customer's dedicated manager (none, managed, releasing with releaseAt, released) and every assignment, notice and release with its reason (a reassignment's reason masked)",
      roles: ['agent', 'analyst', 'auditor', 'admin'],
      params: customerIdParamsSchema,
      responses: { 200: { description: 'The manager and the history', schema: z.object({ customerId: z.string(), current: anyObject, events: z.array(anyObject) }) } },
      handler: async ({ params: { customerId } }) => {
        const recorded = (await deps.history.readStream(streamIdFor('account', customerId))).map(accountEvent);
        const current = recorded.reduce(accountDecider.evolve, accountDecider.initialState());
        const events = recorded.map(({ id, type, occurredAt, causationId, globalPosition, data }) => ({ id, type, occurredAt, causationId, position: globalPosition, data: 'reason' in data && type === 'AccountManagerReassigned' ? { ...data, reason: '***' } : data }));
        return { customerId, current, events };
      },
    });
    route(app, {
      method: 'POST', url: '/v1/customers/:customerId/account-manager/reassign', operationId: 'reassignAccountManager', tags: ['accounts'],
      summary: 'Give the customer another manager of the latest roster, with a reason (personal: encrypted with the customer’s key). An Idempotency-Key makes a retry append nothing',
      roles: ['admin'],
      params: customerIdParamsSchema,
      body: z.strictObject({ managerId: entityIdSchema, reason: freeTextSchema }),
      responses: { 201: { description: 'Reassigned', schema: z.object({ position: z.string().nullable() }) }, 422: { description: 'errors[].rule: no_dedicated_manager, manager_not_on_roster, same_manager' } },
      handler: async ({ params: { customerId }, body, request, reply }) => {
        const asking = commandRequest(deps, request);
        const roster = await latestRoster(deps.store);
        const handled = await refusedAsProblem(() =>
          withAccountStream(deps.store, customerId, asking.context, (state) => decideAccount({ kind: 'reassign', customerId, managerId: body.managerId, reason: body.reason, by: asking.by, roster, at: asking.context.occurredAt }, state)),
        );
        return reply.code(201).send({ position: await positionOf(deps.history, streamIdFor('account', customerId), handled, asking.context.causationId) });
      },
    });
    route(app, {
      method: 'GET', url: '/v1/account-managers/:managerId/portfolio', operationId: 'getAccountManagerPortfolio', tags: ['accounts'],
      summary: "A manager's portfolio from the read model: the customers held (in notice ones with releaseAt), their open cases, their open contacts (earliest due first) and those at churn risk",
      roles: ['agent', 'analyst', 'admin'],
      params: managerIdParams,
      responses: { 200: { description: 'The portfolio', schema: portfolioSchema } },
      handler: async ({ params: { managerId } }) => {
        const held = await (await managerDocuments(deps.accountReads.db)).find({ managerId, status: { $in: heldStatuses } }, { projection: { _id: 0, lastEvent: 0, _position: 0 } }).sort({ customerId: 1 }).toArray();
        const ofHeld = { customerId: { $in: held.map(({ customerId }) => customerId) } };
        const collection = (name: 'accountCases' | 'accountContacts' | 'accountRisks') => activeCollection<{ _id: string } & Record<string, unknown>>(deps.accountReads.db, accountProjection.name, name);
        const [openCases, dueContacts, risks] = await Promise.all([
          collection('accountCases').then((cases) => cases.find({ ...ofHeld, open: true }, { projection: { _position: 0 } }).sort({ openedAt: 1 }).toArray()),
          collection('accountContacts').then((contacts) => contacts.find({ ...ofHeld, open: true }, { projection: { _position: 0, open: 0 } }).sort({ dueAt: 1 }).toArray()),
          collection('accountRisks').then((scores) => scores.find({ _id: ofHeld.customerId, atRisk: true }, { projection: { _position: 0, atRisk: 0 } }).sort({ score: -1 }).toArray()),
        ]);
        return {
          managerId,
          customers: held,
          openCases: openCases.map(({ _id, ...fields }) => ({ caseId: _id, ...fields })),
          dueContacts: dueContacts.map(({ _id, ...fields }) => ({ obligationId: _id, ...fields })),
          atRisk: risks.map(({ _id, ...fields }) => ({ customerId: _id, ...fields })),
        };
      },
    });
  };
}
