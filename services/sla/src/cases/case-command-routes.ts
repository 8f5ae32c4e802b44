import { assigneeSchema, casePriorities, caseStatuses, entityIdSchema, escalationTargetSchema, freeTextSchema, isoDateTimeSchema, streamIdFor } from '@ctp/contracts';
import { commandRequest, problems, ProblemError, route, type Role } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CaseCommand } from '../domain/commands.js';
import { decideCase } from '../domain/decide-case.js';
import type { SlaErrorCode } from '../domain/errors.js';
import { asProblem } from '../problems.js';
import type { SlaDeps } from '../sla-deps.js';
import { caseIdParamsSchema, instantOf, positionOf } from './case-request.js';
import { withCaseStream } from './case-stream.js';

const at = isoDateTimeSchema.optional().describe('when it happened (default now; never in the future, never before the case opened)');
const reason = z.string().min(1).max(500);

interface CaseCommandSpec<S extends z.ZodType> {
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly roles: readonly Role[];
  readonly body: S;
  readonly command: (body: z.output<S>, at: string, by: string) => CaseCommand;
  /** The field a refusal names, by rule code. */
  readonly fields?: Partial<Record<SlaErrorCode, string>>;
  /** A check before deciding, e.g. that the case merged into exists. */
  readonly check?: (deps: SlaDeps, body: z.output<S>) => Promise<void>;
}

const defineCommand = <S extends z.ZodType>(spec: CaseCommandSpec<S>) => spec;

const helpdesk: readonly Role[] = ['agent', 'integrator'];

async function mergeTargetExists(deps: SlaDeps, { into }: { into: string }) {
  if ((await deps.history.readStream(streamIdFor('case', into), { toRevision: 0 })).length === 0) {
    throw new ProblemError(problems.CTP_UNPROCESSABLE, `case ${into} was never opened`, [{ path: 'body.into', message: `case ${into} was never opened`, rule: 'case_not_found' }]);
  }
}

const commands = [
  defineCommand({
    path: 'replies', operationId: 'replyToCase', roles: helpdesk,
    summary: 'A reply the customer sees: stops a counting first or next response clock',
    body: z.strictObject({ body: freeTextSchema.describe('personal: encrypted'), at }),
    command: (body, when, by) => ({ kind: 'reply', at: when, by, body: body.body }),
  }),
  defineCommand({
    path: 'notes', operationId: 'addCaseNote', roles: helpdesk,
    summary: 'An internal note: stops no clock',
    body: z.strictObject({ body: freeTextSchema.describe('personal: encrypted'), at }),
    command: (body, when, by) => ({ kind: 'add_note', at: when, by, body: body.body }),
  }),
  defineCommand({
    path: 'customer-messages', operationId: 'recordCustomerMessage', roles: helpdesk,
    summary: 'The customer wrote: starts a next response cycle once the first response is over and none is counting',
    body: z.strictObject({ body: freeTextSchema.describe('personal: encrypted'), at }),
    command: (body, when) => ({ kind: 'customer_wrote', at: when, body: body.body }),
  }),
  defineCommand({
    path: 'status', operationId: 'changeCaseStatus', roles: helpdesk,
    summary: 'Move the case to another status (docs/sla.md "Statuses"); pausing statuses pause the metrics the rule says',
    body: z.strictObject({ to: z.enum(caseStatuses), reason, at }),
    command: (body, when, by) => ({ kind: 'change_status', to: body.to, reason: body.reason, at: when, by }),
    fields: { transition_not_allowed: 'body.to' },
  }),
  defineCommand({
    path: 'priority', operationId: 'changeCasePriority', roles: helpdesk,
    summary: 'Change the priority: the rule matching it gives the targets, deadlines move with a rescheduled event (the same priority appends nothing)',
    body: z.strictObject({ to: z.enum(casePriorities), reason, at }),
    command: (body, when, by) => ({ kind: 'change_priority', to: body.to, reason: body.reason, at: when, by }),
  }),
  defineCommand({
    path: 'assignment', operationId: 'reassignCase', roles: helpdesk,
    summary: 'Assign the case to an agent or a team',
    body: z.strictObject({ to: assigneeSchema, at }),
    command: (body, when, by) => ({ kind: 'reassign', to: body.to, at: when, by }),
  }),
  defineCommand({
    path: 'escalations', operationId: 'escalateCase', roles: ['agent'],
    summary: 'Escalate by hand to a level of the ladder and to whom',
    body: z.strictObject({ level: z.int().min(1).max(20), to: escalationTargetSchema, at }),
    command: (body, when, by) => ({ kind: 'escalate', level: body.level, to: body.to, at: when, by }),
  }),
  defineCommand({
    path: 'merge', operationId: 'mergeCase', roles: ['agent'],
    summary: 'Merge this duplicate into another case: its clocks stop and it takes no further command',
    body: z.strictObject({ into: entityIdSchema.describe('the case that stays'), at }),
    command: (body, when, by) => ({ kind: 'merge', into: body.into, at: when, by }),
    fields: { merge_into_itself: 'body.into' },
    check: mergeTargetExists,
  }),
];

const answerSchema = z.object({ caseId: z.string(), position: z.string().nullable() });

/** The commands on an opened case; each answers the case id and the global position. */
export function caseCommandRoutes(deps: SlaDeps) {
  return async (app: FastifyInstance) => {
    for (const spec of commands as readonly CaseCommandSpec<z.ZodType>[]) {
      route(app, {
        method: 'POST', url: `/v1/cases/:caseId/${spec.path}`, operationId: spec.operationId, tags: ['cases'],
        summary: spec.summary,
        roles: spec.roles,
        params: caseIdParamsSchema,
        body: spec.body,
        responses: {
          200: { description: 'The global position of the last event appended (the stream’s latest when nothing was)', schema: answerSchema },
          404: { description: 'The case was never opened' },
          422: { description: 'Refused: errors[].rule is transition_not_allowed, time_before_case_opened, case_closed, case_merged, …' },
        },
        handler: async ({ params: { caseId }, body, request }) => {
          const asking = commandRequest(deps, request);
          const when = instantOf((body as { at?: string }).at, asking.now, 'body.at');
          await spec.check?.(deps, body);
          const command = spec.command(body, when, asking.by);
          const handled = await asProblem(() => withCaseStream(deps, caseId, asking.context, (state, rules) => decideCase(command, state, rules)), {
            time_before_case_opened: 'body.at',
            case_closed: 'params.caseId',
            case_merged: 'params.caseId',
            ...spec.fields,
          });
          return { caseId, position: await positionOf(deps, caseId, handled, asking.context.causationId) };
        },
      });
    }
  };
}
