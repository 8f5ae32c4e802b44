import { entityIdSchema } from '@ctp/contracts';
import { isoDateIn } from '@ctp/calendar';
import { problems, ProblemError, readYourWritesQuery, route } from '@ctp/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { analyticsReaders } from '../area.js';
import { complaintFactProjection } from '../complaints/complaint-fact-projection.js';
import { customerProjection } from '../retention/customer-projection.js';
import { invitationProjection } from '../satisfaction/invitation-projection.js';
import { serviceLevelProjection } from '../service-levels/service-level-projection.js';
import { tierProjection } from '../tiers/tier-projection.js';
import { caseSection } from './case-section.js';
import { complaintSection } from './complaint-section.js';
import { riskOf } from '../churn/index.js';
import { customer360Definitions, notActive } from './customer-360-definitions.js';
import { customerFacts, unknownCustomer, type Customer360Context } from './customer-360-reads.js';
import { eventsLinks } from './events-links.js';
import { profileLinkOf, profileSection, purchaseTrace } from './profile-section.js';
import { purchaseSummary } from './purchase-summary.js';
import { surveySection } from './survey-section.js';
import { tierSection } from './tier-section.js';

export const customer360Path = '/v1/analytics/customers/:customerId';

const sources = [customerProjection, tierProjection, serviceLevelProjection, invitationProjection, complaintFactProjection].map(({ name }) => name);
const section = z.record(z.string(), z.unknown());
const customer360Schema = z.object({
  customerId: z.string(),
  meta: section.describe('asOf, timeZone, definitions, the read models read'),
  profile: section.describe('kind, customerSince, registeredAt, merged, mergedInto, mergedFrom, erased, events'),
  profileLink: z.string().describe("intake's GET /v1/customers/{id} (add the purpose of the read, ?purpose=, required there): the profile masked as the caller's role requires, the read recorded"),
  tier: section.describe('current, since, history (each movement with its events), drill'),
  purchases: section.describe('count, firstPurchaseAt, lastPurchaseAt, last365Days, refunds, amounts per currency (exact decimal strings), events'),
  cases: section.describe('count, clocks, met, breached, running, items: each case with its clocks and events'),
  surveys: section.describe('count, answered, invited, expired, skipped, items with status, scores and events'),
  complaints: section.describe('count, open, repeats, items with causes, repeat flags, state, cycleDays and events'),
  risk: z.record(z.string(), z.unknown()).nullable(),
  riskReason: z.string().nullable(),
});

/** GET /v1/analytics/customers/:customerId: one customer's 360 view composed from the read side's read models; no personal field. */
export function customer360Routes(context: Customer360Context) {
  const { readModels, timeZone, clock } = context;
  return async (app: FastifyInstance) => {
    route(app, {
      method: 'GET', url: customer360Path, operationId: 'getCustomer360', tags: ['analytics'], roles: analyticsReaders,
      summary: "One customer's 360 view: profile flags, tier and its history, purchases, cases and their SLA outcomes, surveys, complaints, risk; each section links to its events",
      params: z.strictObject({ customerId: entityIdSchema }),
      query: z.strictObject({ ...readYourWritesQuery }),
      responses: {
        200: { description: "The customer's view; personal fields only through profileLink", schema: customer360Schema },
        404: { description: 'No read model knows the customer' },
      },
      handler: async ({ params, query }) => {
        await Promise.all(Object.values(readModels).map((readModel) => readModel.readYourWrites(query.minPosition)));
        const { customerId } = params;
        const now = clock();
        // The risk is read beside the facts: a customer no read model knows is refused after both.
        const [facts, risk] = await Promise.all([customerFacts(context, customerId), riskOf(readModels.retention.db, customerId, isoDateIn(now.getTime(), timeZone), timeZone)]);
        if (unknownCustomer(facts)) throw new ProblemError(problems.CTP_NOT_FOUND, `no read model knows customer ${customerId}`);
        return {
          customerId,
          meta: { asOf: now.toISOString(), timeZone, definitions: customer360Definitions, sources, cycleCalendar: facts.cycleCalendar },
          profile: profileSection(facts.retention),
          profileLink: profileLinkOf(customerId),
          tier: tierSection(customerId, facts.movements),
          purchases: { ...purchaseSummary(facts.retention?.purchases ?? [], facts.retention?.refunds ?? [], now.getTime()), events: eventsLinks(purchaseTrace(facts.retention)) },
          cases: caseSection(facts.cases, facts.clocks),
          surveys: surveySection(facts.invitations),
          complaints: complaintSection(facts.complaints, facts.cycleDaysOf),
          risk,
          riskReason: risk === null ? notActive : null,
        };
      },
    });
  };
}
