import { calendarDocumentSchema } from '@ctp/calendar';
import { isoDateTimeSchema, slaMetrics, slaPolicySchema } from '@ctp/contracts';
import { problems, ProblemError, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { z } from 'zod';
import type { SlaDeps } from '../sla-deps.js';
import { defaultWhatIfLimits, runWhatIf, type WhatIfLimits } from './what-if-run.js';

const DEFAULT_WINDOW_MS = 30 * 86_400_000;

const body = z.strictObject({
  policy: slaPolicySchema.pick({ rules: true }).optional().describe('proposed rules in place of the SLA policy: as PUT /v1/sla-policies takes them'),
  calendar: calendarDocumentSchema.optional().describe('a proposed calendar document: counts in place of the calendar with its id, as if it had always been in force'),
  from: isoDateTimeSchema.optional().describe('cases opened at or after this instant (default 30 days before `to`)'),
  to: isoDateTimeSchema.optional().describe('cases opened before this instant (default now)'),
});

const outcome = z.enum(['met', 'breached', 'pending', 'stopped', 'none']);
const compliance = z.object({ met: z.int(), breached: z.int(), pending: z.int(), compliance: z.number().nullable().describe('met / (met + breached)') });

const resultSchema = z.object({
  from: z.string(),
  to: z.string(),
  cases: z.int().describe('cases replayed'),
  metrics: z.object(Object.fromEntries(slaMetrics.map((metric) => [metric, z.object({ before: compliance, after: compliance })]))),
  changes: z.array(z.object({ caseId: z.string(), metric: z.enum(slaMetrics), cycle: z.int(), before: outcome, after: outcome })).describe('every clock cycle whose outcome differs'),
  notReplayed: z.array(z.object({ caseId: z.string(), reason: z.string() })).describe('cases the proposal cannot count (no rule matches them)'),
});

/** The window: `to` defaults to now, `from` to 30 days before it; from must come first. */
function windowOf(given: z.output<typeof body>, now: Date): { from: number; to: number } {
  const to = given.to === undefined ? now.getTime() : Date.parse(given.to);
  const from = given.from === undefined ? to - DEFAULT_WINDOW_MS : Date.parse(given.from);
  const errors = [
    ...(given.policy === undefined && given.calendar === undefined ? [{ path: 'body.policy', message: 'propose a policy, a calendar or both' }] : []),
    ...(from >= to ? [{ path: 'body.from', message: `must be before to (${new Date(to).toISOString()})` }] : []),
  ];
  if (errors.length > 0) throw new ProblemError(problems.CTP_VALIDATION_FAILED, `${errors.length} problem(s) in the request`, errors);
  return { from, to };
}

export function whatIfRoutes(deps: SlaDeps, reads: { readonly db: Db }, limits: WhatIfLimits = defaultWhatIfLimits) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/sla-policies/what-if', operationId: 'whatIfSlaPolicy', tags: ['sla policies'],
      summary:
        'Replay the cases opened in a window on a proposed SLA policy and/or calendar: compliance per metric before and after, and each clock whose ' +
        `outcome changes (met, breached). Writes nothing. At most ${limits.maxCases} cases per request`,
      roles: ['analyst', 'admin'],
      body,
      responses: {
        200: { description: 'Compliance before and after, the outcomes that change', schema: resultSchema },
        400: { description: 'A bad proposal (every field named), from not before to, or more cases in the window than one request replays' },
        422: { description: 'A proposed target names a calendar neither published nor proposed (rule sla_calendar_unknown)' },
      },
      handler: async ({ body: given }) => {
        const { from, to } = windowOf(given, deps.clock());
        const result = await runWhatIf(deps, reads.db, { rules: given.policy?.rules, calendar: given.calendar, from, to }, limits);
        return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...result };
      },
    });
  };
}
