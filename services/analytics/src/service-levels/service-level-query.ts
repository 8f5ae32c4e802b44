import { caseChannels, casePriorities, caseTypes, slaMetrics } from '@ctp/contracts';
import { readYourWritesQuery } from '@ctp/service-kit';
import { z } from 'zod';
import { listingMonthsChecks, listingMonthsQuery } from '../metrics/listing-period.js';
import { monthSchema } from '../metrics/period.js';
import { dimensionFilter, formatQuery, listOf, pageQuery, periodChecks, periodQuery } from '../metrics/query.js';
import { clockOutcomes } from './compliance.js';

const caseFilters = {
  tier: dimensionFilter.describe('tier at the case start, or none'),
  channel: z.enum(caseChannels).optional(),
  type: z.enum(caseTypes).optional(),
  priority: z.enum(casePriorities).optional().describe('the latest priority'),
  team: dimensionFilter.describe('the last team the case was given to, or none'),
};

/** The months of the first resolution, as `listingMonthsQuery` gives the months opened: one, or a period. */
const resolvedMonthsQuery = {
  resolvedMonth: monthSchema.optional().describe('one month of the first resolution'),
  resolvedFrom: monthSchema.optional().describe('instead of resolvedMonth, with resolvedTo: the first month of a period of resolutions'),
  resolvedTo: monthSchema.optional().describe('with resolvedFrom: the last month (inclusive)'),
};
const resolvedMonthsChecked = z.object(listingMonthsQuery).superRefine(listingMonthsChecks);
const resolvedName = { month: 'resolvedMonth', from: 'resolvedFrom', to: 'resolvedTo' } as const;

export const resolvedMonthsOf = (query: { resolvedMonth?: string | undefined; resolvedFrom?: string | undefined; resolvedTo?: string | undefined }) => ({ month: query.resolvedMonth, from: query.resolvedFrom, to: query.resolvedTo });

function resolvedMonthsChecks(query: Parameters<typeof resolvedMonthsOf>[0], context: z.RefinementCtx): void {
  for (const issue of resolvedMonthsChecked.safeParse(resolvedMonthsOf(query)).error?.issues ?? []) {
    const name = resolvedName[issue.path[0] as keyof typeof resolvedName];
    context.addIssue({ code: 'custom', path: [name], message: issue.message.replace(/\b(month|from|to)\b/g, (word) => resolvedName[word as keyof typeof resolvedName]) });
  }
}

const answered = { ...formatQuery, ...readYourWritesQuery };

export const complianceQuery = z
  .strictObject({ ...periodQuery, groupBy: listOf(['metric', 'tier', 'channel', 'type', 'priority', 'team', 'month']), metric: z.enum(slaMetrics).optional(), ...caseFilters, ...answered })
  .superRefine(periodChecks);

export const firstContactQuery = z
  .strictObject({ ...periodQuery, groupBy: listOf(['tier', 'channel', 'type', 'team', 'month']), ...caseFilters, ...answered })
  .superRefine(periodChecks);

export const clockListingQuery = z.strictObject({
  ...listingMonthsQuery,
  metric: z.enum(slaMetrics).optional(),
  outcome: z.enum(clockOutcomes).optional().describe('stopped: closed or merged before any verdict'),
  ...caseFilters,
  ...pageQuery,
  ...answered,
}).superRefine(listingMonthsChecks);

export const caseListingQuery = z.strictObject({
  ...listingMonthsQuery,
  ...resolvedMonthsQuery,
  fcr: z.enum(['yes', 'no']).optional().describe('resolved cases solved at first contact with no repeat within 7 days (yes) or not (no)'),
  ...caseFilters,
  ...pageQuery,
  ...answered,
}).superRefine((query, context) => {
  listingMonthsChecks(query, context);
  resolvedMonthsChecks(query, context);
});

export type CaseFilters = { readonly [K in keyof typeof caseFilters]?: string | undefined };
