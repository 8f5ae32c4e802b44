import { z } from 'zod';
import { monthSchema } from './period.js';

/** `?from=YYYY-MM&to=YYYY-MM`: whole months in the business time zone, at most 36. */
export const periodQuery = {
  from: monthSchema.describe('first month, YYYY-MM in the business time zone'),
  to: monthSchema.describe('last month (inclusive), YYYY-MM'),
};

export function periodChecks(query: { from: string; to: string }, context: z.RefinementCtx): void {
  if (query.to < query.from) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  const [fromYear, fromMonth] = query.from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = query.to.split('-').map(Number) as [number, number];
  if ((toYear - fromYear) * 12 + toMonth - fromMonth >= 36) context.addIssue({ code: 'custom', path: ['to'], message: 'at most 36 months from from' });
}

export const formatQuery = {
  format: z.enum(['json', 'csv']).default('json').describe('csv: the same table as text/csv (RFC 4180), one row per line'),
};

/** A comma-separated list of the given values, e.g. `groupBy=tier,month`; empty is none. */
export function listOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .max(500)
    .default('')
    .transform((text, context) => {
      const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
      const unknown = items.filter((item) => !values.includes(item));
      if (unknown.length > 0) context.addIssue({ code: 'custom', message: `unknown ${unknown.join(', ')}: expected some of ${values.join(', ')}` });
      return [...new Set(items)] as T[number][];
    });
}

/** A dimension filter: a value, or `none` for facts without one. */
export const dimensionFilter = z.string().min(1).max(100).optional();

/** Paging of a fact listing: `after` is the last id of the page before. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  after: z.string().min(1).max(200).optional(),
};
