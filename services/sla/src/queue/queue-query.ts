import { caseChannels, caseStatuses, caseTypes, entityIdSchema, slaMetrics } from '@ctp/contracts';
import { readYourWritesQuery } from '@ctp/service-kit';
import type { Filter } from 'mongodb';
import { z } from 'zod';
import type { CaseDocument } from './case-projection.js';

export const maxLimit = 200;
export const maxOffset = 10_000;

/** `status=open,waiting_on_customer` or `status=open&status=waiting_on_customer`. */
const statusList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')).filter((item) => item !== ''))
  .pipe(z.array(z.enum(caseStatuses)).min(1))
  .describe(`one or more of ${caseStatuses.join(', ')}, comma-separated or repeated`);

export const queueViews = ['open', 'at_risk', 'breached'] as const;

export const queueQuerySchema = z.strictObject({
  status: statusList.optional(),
  tier: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/).optional(),
  channel: z.enum(caseChannels).optional(),
  type: z.enum(caseTypes).optional(),
  team: entityIdSchema.optional().describe('cases assigned to this team'),
  agent: entityIdSchema.optional().describe('cases assigned to this agent'),
  customerId: entityIdSchema.optional(),
  view: z.enum(queueViews).optional().describe('open: not resolved, closed or merged; at_risk: a warned clock running, not breached; breached: a breach standing on a clock not stopped'),
  limit: z.coerce.number().int().min(1).max(maxLimit).default(50),
  offset: z.coerce.number().int().min(0).max(maxOffset).default(0),
  ...readYourWritesQuery,
});

export type QueueQuery = z.output<typeof queueQuerySchema>;

const anyClock = (condition: (metric: string) => Filter<CaseDocument>): Filter<CaseDocument> => ({ $or: slaMetrics.map(condition) });

const viewFilters: Record<(typeof queueViews)[number], Filter<CaseDocument>> = {
  open: { status: { $nin: ['resolved', 'closed'] }, mergedInto: null },
  at_risk: anyClock((metric) => ({ [`clocks.${metric}.phase`]: 'running', [`clocks.${metric}.warned`]: true, [`clocks.${metric}.breached`]: false })),
  breached: anyClock((metric) => ({ [`clocks.${metric}.breached`]: true, [`clocks.${metric}.phase`]: { $in: ['running', 'paused'] } })),
};

/**
 * Both filters. Disjoint ones are merged into one object rather than `$and`: FerretDB 1.24 hands a top-level
 * equality (`customerId`) to PostgreSQL but filters every document itself under `$and` (docs/projections.md).
 */
export function allOf(a: Filter<CaseDocument>, b: Filter<CaseDocument>): Filter<CaseDocument> {
  return Object.keys(b).some((key) => key in a) ? { $and: [a, b] } : { ...a, ...b };
}

/** The query's filters as one find filter on `cases`. */
export function queueFilter(query: QueueQuery): Filter<CaseDocument> {
  if (query.team && query.agent) return { _id: { $in: [] } };
  const assignee = query.team ? { 'assignee.kind': 'team', 'assignee.id': query.team } : query.agent ? { 'assignee.kind': 'agent', 'assignee.id': query.agent } : {};
  const filter: Filter<CaseDocument> = {
    ...(query.status ? { status: { $in: query.status } } : {}),
    ...(query.tier ? { tier: query.tier } : {}),
    ...(query.channel ? { channel: query.channel } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(query.customerId ? { customerId: query.customerId } : {}),
    ...assignee,
  };
  return query.view ? allOf(filter, viewFilters[query.view]) : filter;
}
