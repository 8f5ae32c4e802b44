import { EventIdConflictError } from '@ctp/event-store';
import { problems, ProblemError, route, type ReadSideGate } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { dataIssuesOfRawBatch, factBatchSchema, validateFacts } from './fact-batch.js';
import { mergeBindingIssues, roleIssues, sourceBindingIssues } from './fact-permissions.js';
import { ConcurrentChangeError, publishFacts, RuleViolationsError, type FactPublisher } from './publish-facts.js';

const publishedSchema = z.object({
  events: z.array(
    z.object({
      id: z.uuid(),
      status: z.enum(['accepted', 'duplicate']),
      streamId: z.string(),
      revision: z.int(),
      globalPosition: z.string().describe('pass as minPosition to queries to read your writes'),
    }),
  ),
  position: z.string().describe('the highest global position of the batch'),
});

/** `readSide` holds a valid batch while the read models stand too far behind the head (back-pressure). */
export function factsRoutes(publisher: FactPublisher, readSide: Pick<ReadSideGate, 'paced'>) {
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST',
      url: '/v1/events',
      operationId: 'publishCustomerFacts',
      summary: 'Publish a batch of 1 to 500 customer facts; all or nothing on validation, idempotent per event id',
      tags: ['facts'],
      // Which role may send which fact is checked per fact (fact-permissions.ts): erasures only privacy, merges integrators bound to the customers' source system or admin, registrations integrators bound to their source.system.
      roles: ['integrator', 'privacy', 'admin'],
      body: factBatchSchema,
      moreBodyProblems: dataIssuesOfRawBatch,
      responses: {
        202: { description: 'Accepted or already known, per event', schema: publishedSchema },
        409: { description: 'An event id was sent before with different content, or the customers kept changing while the batch was written' },
        403: { description: 'The key may not send a fact: erasures need the privacy role, merges admin or an integrator bound to every named customer\'s source system, a registration an integrator bound to its source.system; errors[] names each. Nothing was written' },
        422: { description: 'A fact breaks a business rule; errors[].rule names it (docs/errors.md). Nothing was written' },
        429: { description: 'A read model stayed more than READ_SIDE_MAX_LAG_MS behind the head for READ_SIDE_MAX_WAIT_MS while the batch waited; retry-after says when to send it again. Nothing was written' },
      },
      handler: async ({ body, request, reply }) => {
        const { valid, issues } = validateFacts(body.events);
        if (issues.length > 0) {
          throw new ProblemError(problems.CTP_VALIDATION_FAILED, `${issues.length} problem(s) in the batch; nothing was written`, issues);
        }
        const principal = request.principal!;
        const refused = [...roleIssues(principal, body.events), ...sourceBindingIssues(principal, body.events)];
        if (refused.length > 0) throw new ProblemError(problems.CTP_FORBIDDEN, `${refused.length} fact(s) this key may not send; nothing was written`, refused);
        try {
          const events = await readSide.paced(() => publishFacts(publisher, valid, {
            actor: { kind: 'api-key', id: principal.keyId, role: principal.role },
            correlationId: request.id,
            traceparent: request.traceparent,
          }, (states) => {
            const foreign = mergeBindingIssues(principal, body.events, states);
            if (foreign.length > 0) throw new ProblemError(problems.CTP_FORBIDDEN, 'a merge names customers of a source system this key is not bound to; nothing was written', foreign);
          }));
          const position = events.map((event) => BigInt(event.globalPosition)).reduce((a, b) => (a > b ? a : b));
          return reply.code(202).send({ events, position: position.toString() });
        } catch (error) {
          if (error instanceof RuleViolationsError) {
            throw new ProblemError(problems.CTP_UNPROCESSABLE, `${error.violations.length} fact(s) break business rules; nothing was written`, error.violations);
          }
          if (error instanceof ConcurrentChangeError) throw new ProblemError(problems.CTP_CONFLICT, error.message);
          if (error instanceof EventIdConflictError) {
            const index = body.events.findIndex((fact) => fact.id === error.eventId);
            throw new ProblemError(problems.CTP_CONFLICT, `event ${error.eventId} was sent before with different content`, [
              { index, path: `body.events[${index}].id`, message: 'reused with different content' },
            ]);
          }
          throw error;
        }
      },
    });
  };
}
