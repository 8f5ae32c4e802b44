import { isoDateSchema } from '@ctp/contracts';
import { concurrencyLimit, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { endOfDayIn } from '@ctp/calendar';
import { tierPolicyDocumentSchema } from '../domain/policy.js';
import { checkSemantics } from '../policy/check-semantics.js';
import { asProblem } from '../problems.js';
import type { TieringDeps } from '../tiering-deps.js';
import { runDryRun } from './dry-run.js';

export function dryRunRoutes(deps: TieringDeps, options: { readonly concurrency?: number } = {}) {
  // A dry run reads every customer's history: only this many at once, the next one is a 429 (review finding, OWASP API4).
  const limited = concurrencyLimit(options.concurrency ?? 1, 'dry runs');
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'POST', url: '/v1/tier-policy/dry-run', operationId: 'dryRunTierPolicy', tags: ['tier policy'],
      summary: 'Apply a proposed policy to every customer as of a date, from history; writes nothing',
      roles: ['analyst', 'admin'],
      body: z.object({ policy: tierPolicyDocumentSchema, asOf: isoDateSchema.describe('the customers as they stood at the end of this day in the business time zone') }),
      responses: {
        200: { description: 'Distribution before and after, movers with their reasons', schema: z.record(z.string(), z.unknown()) },
        429: { description: 'As many dry runs as allowed (DRY_RUN_CONCURRENCY) are running; retry after retry-after seconds' },
      },
      handler: async ({ body }) => {
        checkSemantics(body.policy, deps.rates, 'body.policy');
        return limited(() => asProblem(() => runDryRun(deps, body.policy, endOfDayIn(body.asOf, deps.timeZone)), 'body.policy'));
      },
    });
  };
}
