import { entityIdSchema, isoDateTimeSchema, keyHolderKinds } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import { activeCollection } from '@ctp/projections';
import { purposeQuery, readYourWritesQuery, recordAccessLogRead, route, type ReadModel } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { accessFactProjection, type AccessFactDocument } from './access-fact-projection.js';
import { unusualAccess } from './unusual-access.js';

export interface AccessRouteDeps {
  readonly events: EventStore;
  readonly readModel: ReadModel;
  readonly clock: () => Date;
  /** The configured ACCESS_PURPOSES: why the log may be read. */
  readonly purposes: readonly string[];
}

const dayMs = 86_400_000;
const period = { from: isoDateTimeSchema.optional().describe('from this instant (inclusive)'), to: isoDateTimeSchema.optional().describe('until this instant (exclusive)') };
const periodChecked = <T extends { from?: string; to?: string }>(query: T, context: z.RefinementCtx) => {
  if (query.from !== undefined && query.to !== undefined && Date.parse(query.from) >= Date.parse(query.to)) context.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
};

const accessQuery = (purpose: ReturnType<typeof purposeQuery>) => z
  .strictObject({
    ...purpose,
    customer: entityIdSchema.optional().describe('reads of this customer, and reads of the access log that listed it'),
    actor: z.string().min(1).max(200).optional().describe('the key id that read'),
    holder: z.string().min(1).max(200).optional().describe('the person or system holding the key that read, by its name in the key file'),
    ...period,
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    ...readYourWritesQuery,
  })
  .superRefine(periodChecked);

const unusualQuery = (purpose: ReturnType<typeof purposeQuery>) => z
  .strictObject({
    ...purpose,
    ...period,
    factor: z.coerce.number().min(1).max(1000).default(3).describe('unusual above this many times the median of the peers (same role)'),
    minCustomers: z.coerce.number().int().min(1).max(1_000_000).default(20).describe('fewer distinct customers are never unusual'),
    ...readYourWritesQuery,
  })
  .superRefine(periodChecked);

const holderSchema = z.object({ kind: z.enum(keyHolderKinds), name: z.string() });
const accessEntry = z.object({
  eventId: z.string(),
  position: z.string().describe('the event\'s global position: GET /v1/analytics/events?positions=<it> shows it'),
  at: z.string(),
  kind: z.enum(['personal_data', 'access_log']),
  customerId: z.string().nullable(),
  customersShown: z.array(z.string()).nullable(),
  actor: z.object({ id: z.string(), kind: z.string(), role: z.string().nullable(), holder: holderSchema.nullable().describe('the person or system the key is issued to; null for reads recorded before keys named one') }),
  purpose: z.string(),
  view: z.string(),
  fieldsRevealed: z.array(z.string()).nullable(),
});

const actorAccess = z.object({
  actorId: z.string(), role: z.string().nullable(), holder: holderSchema.nullable(), customers: z.int(), reads: z.int(), peers: z.int(),
  peerMedian: z.number().nullable(), ratio: z.number().nullable(), unusual: z.boolean(),
});

const inPeriod = (from: string | undefined, to: string | undefined) =>
  from === undefined && to === undefined ? {} : { at: { ...(from === undefined ? {} : { $gte: new Date(from) }), ...(to === undefined ? {} : { $lt: new Date(to) }) } };

/** Who saw whom: the access log across every service, and the unusual-access report (a leak signal). Auditors and admins; each read recorded. */
export function accessRoutes(deps: AccessRouteDeps) {
  const facts = () => activeCollection<AccessFactDocument>(deps.readModel.db, accessFactProjection.name, 'accessFacts');
  const purpose = purposeQuery(deps.purposes, 'why the access log is read; recorded with the read');
  /** Each read of the log is on the record (AccessLogRead) before it is answered: an answer whose read was not recorded is never given. */
  const recordLogRead = (request: Parameters<typeof recordAccessLogRead>[1], read: Parameters<typeof recordAccessLogRead>[2]) => recordAccessLogRead({ store: deps.events, clock: deps.clock }, request, read);
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: '/v1/audit/access', operationId: 'listPersonalDataAccess', tags: ['audit'], roles: ['auditor', 'admin'],
      summary: 'Who saw whose personal data, in every service, oldest first: each read (PersonalDataAccessed) and each read of this log (AccessLogRead), with the key, the person or system holding it, role, purpose and what was read. The read is itself recorded.',
      query: accessQuery(purpose),
      responses: { 200: { description: 'The reads, at most `limit`; `truncated` when there were more', schema: z.object({ accesses: z.array(accessEntry), truncated: z.boolean() }) } },
      handler: async ({ query, request }) => {
        await deps.readModel.readYourWrites(query.minPosition);
        const filter = {
          ...(query.customer === undefined ? {} : { $or: [{ customerId: query.customer }, { customersShown: query.customer }] }),
          ...(query.actor === undefined ? {} : { actorId: query.actor }),
          ...(query.holder === undefined ? {} : { holderName: query.holder }),
          ...inPeriod(query.from, query.to),
        };
        const found = await (await facts()).find(filter).sort({ at: 1, _id: 1 }).limit(query.limit + 1).toArray();
        const shown = found.slice(0, query.limit);
        const accesses = shown.map((fact) => ({
          eventId: fact._id, position: fact.position, at: fact.at.toISOString(), kind: fact.kind, customerId: fact.customerId ?? null, customersShown: fact.customersShown ? [...fact.customersShown] : null,
          actor: { id: fact.actorId, kind: fact.actorKind, role: fact.role, holder: fact.holderKind && fact.holderName ? { kind: fact.holderKind, name: fact.holderName } : null }, purpose: fact.purpose, view: fact.view, fieldsRevealed: fact.fieldsRevealed ? [...fact.fieldsRevealed] : null,
        }));
        const customersShown = [...new Set(shown.flatMap((fact) => (fact.customerId === undefined ? [] : [fact.customerId])))];
        await recordLogRead(request, { purpose: query.purpose, view: 'GET /v1/audit/access', query: { customer: query.customer, actor: query.actor, holder: query.holder, from: query.from, to: query.to }, entries: accesses.length, customersShown });
        return { accesses, truncated: found.length > query.limit };
      },
    });

    route(app, {
      method: 'GET', url: '/v1/audit/access/unusual', operationId: 'getUnusualAccess', tags: ['audit'], roles: ['auditor', 'admin'],
      summary: 'The leak signal: each key (with the person or system holding it)\'s distinct customers read in the period (default the last 30 days) against the median of the other keys of its role; unusual above `factor` times it and at least `minCustomers`. The read is itself recorded.',
      query: unusualQuery(purpose),
      responses: { 200: { description: 'One row per key that read personal data in the period, the unusual first', schema: z.object({ from: z.string(), to: z.string(), factor: z.number(), minCustomers: z.int(), actors: z.array(actorAccess) }) } },
      handler: async ({ query, request }) => {
        await deps.readModel.readYourWrites(query.minPosition);
        const to = query.to ?? deps.clock().toISOString();
        // Thirty days before `to`, never before 1970 (a `to` in year 1 would otherwise give a negative year).
        const from = query.from ?? new Date(Math.max(Date.parse(to) - 30 * dayMs, 0)).toISOString();
        const reads = await (await facts()).find({ kind: 'personal_data', ...inPeriod(from, to) }, { projection: { actorId: 1, role: 1, holderKind: 1, holderName: 1, customerId: 1 } }).sort({ at: 1, _id: 1 }).toArray();
        const actors = unusualAccess(reads.map(({ actorId, role, holderKind, holderName, customerId }) => ({ actorId, role, holder: holderKind && holderName ? { kind: holderKind, name: holderName } : null, customerId: customerId! })), query);
        await recordLogRead(request, { purpose: query.purpose, view: 'GET /v1/audit/access/unusual', query: { from, to }, entries: actors.length, customersShown: [] });
        return { from, to, factor: query.factor, minCustomers: query.minCustomers, actors };
      },
    });
  };
}
