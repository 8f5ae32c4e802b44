import { randomUUID } from 'node:crypto';
import { caseChannels, casePriorities, caseTypes, entityIdSchema, freeTextSchema, isoDateTimeSchema, nameUuid } from '@ctp/contracts';
import { commandRequest, problems, ProblemError, route, type CommandRequest } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { OpenedCase } from '../domain/case-state.js';
import { clockView } from '../domain/clock-view.js';
import { decideCase, type CaseRules } from '../domain/decide-case.js';
import { routeCase } from '../domain/route-case.js';
import { asProblem } from '../problems.js';
import { routingFacts } from '../routing/routing-facts.js';
import type { SlaDeps } from '../sla-deps.js';
import { instantOf, positionOf } from './case-request.js';
import { rulesFor, withCaseStream } from './case-stream.js';

const sourceSchema = z.strictObject({
  system: z.string().min(1).max(50).describe('the helpdesk or call-centre system, e.g. callcentre'),
  externalId: z.string().min(1).max(200).describe("the case's id there: posting the same external case again answers the same case and appends nothing"),
});

const openCaseBody = z.strictObject({
  caseId: entityIdSchema.optional().describe('the id to give the case; by default derived from source (or the Idempotency-Key), else made by the server'),
  customerId: entityIdSchema,
  channel: z.enum(caseChannels),
  type: z.enum(caseTypes),
  priority: z.enum(casePriorities),
  subject: freeTextSchema.describe('personal: encrypted with the customer’s key'),
  openedAt: isoDateTimeSchema.optional().describe('when the customer reached us (integrator only; default now, never in the future)'),
  source: sourceSchema.optional().describe('integrator only: the case in the helpdesk that sent it'),
});
type OpenCaseBody = z.output<typeof openCaseBody>;

const openedSchema = z.object({
  caseId: z.string(),
  position: z.string().nullable(),
  tier: z.string().nullable(),
  routing: z.object({ rule: z.string(), to: z.object({ kind: z.string(), id: z.string() }), lane: z.string() }).nullable().describe('where the case went and by which rule (CaseRouted)'),
  slaPolicy: z.object({ policyId: z.string(), policyVersion: z.int(), rule: z.string() }),
  clocks: z.array(z.object({ metric: z.string(), cycle: z.int(), state: z.string(), target: z.record(z.string(), z.unknown()), deadline: z.string().nullable() })),
});

/** openedAt and source are an integrator's (the schema alone cannot tell). */
function refuseIntegratorFields(body: OpenCaseBody, asking: CommandRequest): void {
  if (asking.role === 'integrator') return;
  const given = (['openedAt', 'source'] as const).filter((field) => body[field] !== undefined);
  if (given.length > 0) throw new ProblemError(problems.CTP_VALIDATION_FAILED, `${given.length} problem(s) in the request`, given.map((field) => ({ path: `body.${field}`, message: 'only an integrator may give this' })));
}

/** The id given; else derived from source or the Idempotency-Key, so the same case posted again lands on its stream; else a new one. */
function caseIdOf(body: OpenCaseBody, asking: CommandRequest): string {
  if (body.caseId) return body.caseId;
  if (body.source) return nameUuid(['case', body.source.system, body.source.externalId]);
  return asking.idempotencyKey ? nameUuid(['case', asking.idempotencyKey]) : randomUUID();
}

const summaryOf = (state: OpenedCase, rules: CaseRules, now: Date) => ({
  tier: state.tier,
  routing: state.routing,
  slaPolicy: state.slaPolicy,
  clocks: clockView(state, rules.calendars, now.getTime()).map(({ metric, cycle, state: clockState, target, deadline }) => ({ metric, cycle, state: clockState, target, deadline })),
});

export function openCaseRoute(deps: SlaDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/cases', operationId: 'openCase', tags: ['cases'],
      summary:
        'Open a case: the tier at openedAt is asked of tiering, the first matching rule of the SLA policy gives the targets and the clocks start. ' +
        'A helpdesk (integrator) may give openedAt and source; the same source again answers the same case (200) and appends nothing',
      roles: ['agent', 'integrator'],
      body: openCaseBody,
      responses: {
        201: { description: 'The case opened, with the global position and each clock’s target and deadline', schema: openedSchema },
        200: { description: 'The case was opened before (same source or Idempotency-Key): nothing appended', schema: openedSchema },
        422: { description: 'Refused: errors[].rule is customer_unknown, case_already_opened, no_matching_sla_rule, …' },
        503: { description: 'Tiering did not answer: retry after Retry-After' },
      },
      handler: async ({ body, request, reply }) => {
        const asking = commandRequest(deps, request);
        refuseIntegratorFields(body, asking);
        const openedAt = instantOf(body.openedAt, asking.now, 'body.openedAt');
        const caseId = caseIdOf(body, asking);
        const customerKnown = await deps.customers.isKnown(body.customerId);
        const tierAtStart = customerKnown ? await deps.tiers.tierAt(body.customerId, openedAt) : null;
        const routing = routeCase(await routingFacts(deps.history, deps.teams, { customerId: body.customerId, type: body.type, openedAt, tierAtStart }));
        let rulesUsed: CaseRules | undefined;
        const { customerId, channel, type, priority, subject } = body;
        const handled = await asProblem(
          () =>
            withCaseStream(deps, caseId, asking.context, (state, rules) => {
              rulesUsed = rules;
              const { policy, calendars } = rules;
              const command = { kind: 'open_case', caseId, customerId, customerKnown, channel, type, priority, subject, openedAt, openedBy: asking.by, source: body.source ?? null, tierAtStart, policy, calendars, routing } as const;
              return decideCase(command, state, rules);
            }),
          { customer_unknown: 'body.customerId', case_already_opened: 'body.caseId' },
        );
        const state = handled.state!;
        const position = await positionOf(deps, caseId, handled, asking.context.causationId);
        const summary = summaryOf(state, rulesUsed ?? (await rulesFor(deps, state)), asking.now);
        return reply.code(handled.appended ? 201 : 200).send({ caseId, position, ...summary });
      },
    });
  };
}
