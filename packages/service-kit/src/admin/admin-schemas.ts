import { globalPositionSchema } from '@ctp/contracts';
import { z } from 'zod';
import { jobKinds, jobStates } from './job-store.js';
import { timerListStates } from './timer-summary.js';

const name = z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'a read model or reactor name: letters, digits, dot, dash, underscore');

export const consumerParams = z.object({ consumer: name });
export const projectionParams = z.object({ projection: name });
export const reactorParams = z.object({ reactor: name });
export const replayBody = z
  .object({ from: globalPositionSchema.describe('the first position to replay'), to: globalPositionSchema.optional().describe('the last position to replay (default: the head as the replay starts)') })
  .refine((range) => range.to === undefined || !isPosition(range.from) || !isPosition(range.to) || BigInt(range.to) >= BigInt(range.from), { path: ['to'], message: 'to must not be before from' });

function isPosition(value: unknown): value is string {
  return globalPositionSchema.safeParse(value).success;
}
// The characters timer ids are made of (kinds, entity ids, ISO instants): a longer or other id is a 400 naming it, never a 414.
export const timerParams = z.object({ id: z.string().regex(/^[A-Za-z0-9:._+@=~-]{1,500}$/, 'a timer id: letters, digits and : . _ + @ = ~ -') });
export const jobParams = z.object({ id: z.uuid() });
export const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100) });
export const timersQuery = limitQuery.extend({ state: z.enum(timerListStates).default('parked') });
export const jobsQuery = z.object({
  kind: z.enum(jobKinds).optional().describe('only jobs of this kind'),
  state: z.enum(jobStates).optional().describe('only jobs in this state'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

const problemsList = z.array(z.string());

export const statusSchema = z.object({
  service: z.string(),
  healthy: z.boolean(),
  consumers: z.array(
    z.object({
      kind: z.enum(['read-model', 'reactor']),
      name: z.string(),
      consumerGroup: z.string(),
      state: z.string(),
      position: z.string().nullable(),
      head: z.string().nullable(),
      lag: z.number().nullable(),
      eventsPerSecond: z.number().nullable(),
      members: z.number().nullable(),
      parked: z.number().nullable(),
      healthy: z.boolean(),
      problems: problemsList,
    }),
  ),
  timers: z.array(z.object({ table: z.string(), kind: z.string(), due: z.number(), failing: z.number(), parked: z.number(), pending: z.number(), oldestDueAt: z.string().nullable(), healthy: z.boolean(), problems: problemsList })),
  memory: z
    .object({
      rssBytes: z.number().describe('resident set size'),
      heapUsedBytes: z.number().describe('the V8 heap in use now, garbage not collected yet included'),
      liveHeapBytes: z.number().nullable().describe('the old generation as the last major collection left it: what a leak makes grow (null before the first one)'),
      majorCollections: z.number().describe('major collections seen since the service started'),
    })
    .describe('this process’s memory (each instance answers for itself)'),
});

export const deadLettersSchema = z.object({
  consumer: z.string(),
  parked: z.number(),
  letters: z.array(
    z.object({
      partition: z.number(),
      offset: z.string(),
      eventId: z.string().nullable(),
      eventType: z.string().nullable(),
      streamId: z.string().nullable(),
      globalPosition: z.string().nullable(),
      reason: z.string(),
      error: z.object({ name: z.string(), message: z.string() }).nullable(),
      attempts: z.number().nullable(),
      blockedBy: z.string().nullable(),
      parkedAt: z.string().nullable(),
    }),
  ),
});

export const redriveSchema = z.object({ consumer: z.string(), redriven: z.number(), applied: z.number(), reparked: z.number(), unblocked: z.array(z.string()), stillBlocked: z.array(z.string()) });

export const timersSchema = z.object({
  state: z.enum(timerListStates),
  timers: z.array(
    z.object({
      table: z.string(),
      id: z.string(),
      kind: z.string(),
      state: z.string(),
      dueAt: z.string(),
      attempts: z.number(),
      lastError: z.string().nullable(),
      lastAttemptAt: z.string().nullable(),
      parkedAt: z.string().nullable(),
    }),
  ),
});

export const jobSchema = z.object({
  id: z.string(),
  service: z.string(),
  kind: z.string(),
  target: z.string(),
  state: z.enum(jobStates),
  progress: z.record(z.string(), z.unknown()).nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const jobsSchema = z.object({ jobs: z.array(jobSchema) });
