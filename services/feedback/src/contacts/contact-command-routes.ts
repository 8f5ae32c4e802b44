import { contactChannels, contactOutcomes, entityIdSchema, freeTextSchema, isoDateTimeSchema } from '@ctp/contracts';
import { commandRequest, positionOf, ProblemError, problems, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ContactDeps } from './contact-deps.js';
import { asContactProblem } from './contact-problems.js';
import { contactStreamOf, withContactStream } from './contact-stream.js';

const outcomeBody = z.strictObject({
  outcome: z.enum(contactOutcomes).describe('reached, declined and visit_report fulfil the obligation; not_reached does not'),
  channel: z.enum(contactChannels).describe('phone, email or sms for a callback; on_site for a visit'),
  note: freeTextSchema.optional().describe('personal: encrypted; required for visit_report (the visit report)'),
  at: isoDateTimeSchema.optional().describe('when the contact happened (default now; never in the future)'),
});
const ownerBody = z.strictObject({ team: z.string().min(1).max(100).nullable(), accountManager: z.string().min(1).max(100).nullable() });
const answer = (id: string) => z.object({ [id]: z.string(), position: z.string().nullable() });

/** `<customerId>:<n>`: the obligation's id names the customer whose stream has it. */
function customerOf(obligationId: string): string {
  const cut = obligationId.lastIndexOf(':');
  if (cut <= 0) throw new ProblemError(problems.CTP_NOT_FOUND, `no contact obligation ${obligationId}`);
  return obligationId.slice(0, cut);
}

function instantOf(given: string | undefined, now: Date): string {
  if (given === undefined) return now.toISOString();
  if (Date.parse(given) > now.getTime()) throw new ProblemError(problems.CTP_VALIDATION_FAILED, 'body.at is in the future', [{ path: 'body.at', message: `must not be after now (${now.toISOString()})` }]);
  return new Date(given).toISOString();
}

export function contactCommandRoutes(deps: ContactDeps) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/contacts/:obligationId/outcomes', operationId: 'recordContactOutcome', tags: ['contacts'],
      summary: 'Record a callback or visit attempt on an obligation: reached, not_reached, declined or visit_report (its text personal, encrypted)',
      roles: ['agent'],
      params: z.object({ obligationId: entityIdSchema }),
      body: outcomeBody,
      responses: {
        200: { description: 'The global position of the event appended', schema: answer('obligationId') },
        404: { description: 'No such obligation' },
        422: { description: 'Refused: errors[].rule is obligation_cancelled, obligation_fulfilled, outcome_not_for_kind, channel_not_for_kind or visit_report_needs_text' },
      },
      handler: async ({ params: { obligationId }, body, request }) => {
        const asking = commandRequest(deps, request);
        const at = instantOf(body.at, asking.now);
        const customerId = customerOf(obligationId);
        const command = { kind: 'record_outcome', obligationId, outcome: body.outcome, channel: body.channel, note: body.note ?? null, at, by: asking.by } as const;
        const handled = await asContactProblem(() => withContactStream(deps, customerId, asking.context, () => command));
        return { obligationId, position: await positionOf(deps.history, contactStreamOf(customerId), handled, asking.context.causationId) };
      },
    });
    route(app, {
      method: 'PUT', url: '/v1/contacts/customers/:customerId/owner', operationId: 'assignContactOwner', tags: ['contacts'],
      summary: "Set the customer's account manager and team: overdue contacts escalate to them; coverage is counted by them",
      roles: ['admin'],
      params: z.object({ customerId: entityIdSchema }),
      body: ownerBody,
      responses: { 200: { description: 'The global position (the stream’s latest when nothing changed)', schema: answer('customerId') }, 422: { description: 'Refused: errors[].rule is plan_ended (erased)' } },
      handler: async ({ params: { customerId }, body, request }) => {
        const asking = commandRequest(deps, request);
        const command = { kind: 'assign_owner', customerId, team: body.team, accountManager: body.accountManager, at: asking.now.toISOString(), by: asking.by } as const;
        const handled = await asContactProblem(() => withContactStream(deps, customerId, asking.context, () => command));
        return { customerId, position: await positionOf(deps.history, contactStreamOf(customerId), handled, asking.context.causationId) };
      },
    });
  };
}
