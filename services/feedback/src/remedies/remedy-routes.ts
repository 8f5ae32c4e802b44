import { currencySchema, entityIdSchema, fitsMinorUnits, positiveDecimalSchema, remedyKinds } from '@ctp/contracts';
import { commandRequest, positionOf, type Role, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { caseIdParamsSchema } from '../complaints/complaint-routes.js';
import type { ComplaintDeps } from '../complaints/complaint-deps.js';
import { complaintStreamId, withComplaintStream } from '../complaints/complaint-stream.js';
import { asProblem } from '../complaints/problems.js';
import { Refusal } from '../domain/complaints/refusal.js';
import { decideRemedy, type RemedyCommand } from '../domain/remedies/decide-remedy.js';
import { findOrder } from './customer-orders.js';

const requestSchema = z
  .strictObject({
    kind: z.enum(remedyKinds),
    amount: positiveDecimalSchema.describe('exact decimal, at most the currency’s minor-unit digits'),
    currency: currencySchema,
    orderId: entityIdSchema.describe('an order intake recorded for this customer (PurchaseRecorded): its amount is the order value'),
  })
  .refine(({ amount, currency }) => fitsMinorUnits(amount, currency), {
    path: ['amount'],
    message: 'more decimals than the currency has minor units',
    // Judged with other fields refused too (one answer names every field), once amount and currency passed.
    when: ({ issues }) => !issues.some(({ path }) => !path?.length || path[0] === 'amount' || path[0] === 'currency'),
  });

const remedyParamsSchema = caseIdParamsSchema.extend({ remedyId: entityIdSchema });
const answerSchema = z.object({ caseId: z.string(), remedyId: z.string(), status: z.string(), position: z.string().nullable() });

/** Remedies on a complaint: requested by an agent, settled at once within the discretion band, else approved or rejected by an admin. */
export function remedyRoutes(deps: ComplaintDeps) {
  const answer = async (caseId: string, remedyId: string, handled: Awaited<ReturnType<typeof withComplaintStream>>, causationId: string) => ({
    caseId,
    remedyId,
    status: handled.state?.remedies[remedyId]?.status ?? 'unknown',
    position: await positionOf(deps.history, complaintStreamId(caseId), handled, causationId),
  });
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/complaints/:caseId/remedies', operationId: 'requestRemedy', tags: ['complaints'],
      summary:
        'Offer a remedy (refund, voucher, replacement, goodwill) on a complaint against one of the customer’s orders: within the band ' +
        `(REMEDY_BAND_PERCENT of the order value, default 10, compared in the reporting currency) it is settled at once, above it waits for approval`,
      roles: ['agent'],
      params: caseIdParamsSchema,
      body: requestSchema,
      responses: {
        200: { description: 'settled or awaiting_approval, with the global position', schema: answerSchema },
        404: { description: 'No complaint case with this id' },
        422: { description: 'Refused: errors[].rule order_not_found, currency_not_accepted' },
      },
      handler: async ({ params: { caseId }, body, request }) => {
        const asking = commandRequest(deps, request);
        const remedyId = `R-${asking.context.causationId}`;
        const handled = await asProblem(
          () =>
            withComplaintStream(deps, caseId, asking.context, async (state) => {
              if (!state) throw new Refusal('complaint_not_found', `no complaint case ${caseId} was recorded`);
              const order = await findOrder(deps.history, state.customerId, body.orderId);
              const command: RemedyCommand = {
                kind: 'request', remedyId, remedy: body.kind, amount: body.amount, currency: body.currency, order, orderId: body.orderId,
                bandPercent: deps.complaintSettings.remedyBandPercent, rates: deps.rates, at: asking.now.toISOString(), by: asking.by,
              };
              return decideRemedy(command, state);
            }),
          { order_not_found: 'body.orderId', currency_not_accepted: 'body.currency' },
        );
        return answer(caseId, remedyId, handled, asking.context.causationId);
      },
    });
    const decisions: readonly { path: 'approve' | 'reject'; summary: string; body: z.ZodType<{ reason?: string }> }[] = [
      { path: 'approve', summary: 'Approve a remedy above the discretion band (manager: admin role): it is settled', body: z.strictObject({}) },
      { path: 'reject', summary: 'Reject a remedy above the discretion band (manager: admin role), with the reason', body: z.strictObject({ reason: z.string().min(1).max(500) }) },
    ];
    const managers: readonly Role[] = ['admin'];
    for (const decision of decisions) {
      route(app, {
        method: 'POST', url: `/v1/complaints/:caseId/remedies/:remedyId/${decision.path}`, operationId: `${decision.path}Remedy`, tags: ['complaints'],
        summary: decision.summary,
        roles: managers,
        params: remedyParamsSchema,
        body: decision.body,
        responses: {
          200: { description: 'The remedy’s status and the global position', schema: answerSchema },
          404: { description: 'No such complaint or remedy' },
          422: { description: 'Refused: errors[].rule remedy_not_pending' },
        },
        handler: async ({ params: { caseId, remedyId }, body, request }) => {
          const asking = commandRequest(deps, request);
          const at = asking.now.toISOString();
          const command: RemedyCommand = decision.path === 'approve' ? { kind: 'approve', remedyId, at, by: asking.by } : { kind: 'reject', remedyId, reason: body.reason!, at, by: asking.by };
          const handled = await asProblem(() => withComplaintStream(deps, caseId, asking.context, (state) => decideRemedy(command, state)), { remedy_not_pending: 'params.remedyId' });
          return answer(caseId, remedyId, handled, asking.context.causationId);
        },
      });
    }
  };
}
