import type { EventData } from '@ctp/contracts';

export type RootCauseTaxonomy = EventData<'RootCauseTaxonomyPublished'>;
export type RootCause = RootCauseTaxonomy['causes'][number];

export const defaultTaxonomyId = 'default';

/** The taxonomy published at start when none is (issue 14; domain.md section 4: 25 % process, 30 % attitude). */
export const defaultRootCauses: readonly RootCause[] = [
  { code: 'process', label: 'Cumbersome process' },
  { code: 'attitude', label: 'Staff attitude' },
  { code: 'efficiency', label: 'Slow or inefficient handling' },
  { code: 'response_speed', label: 'Slow response' },
  { code: 'personalisation', label: 'Not personalised' },
  { code: 'product', label: 'Product' },
  { code: 'delivery', label: 'Delivery' },
  { code: 'billing', label: 'Billing' },
  { code: 'other', label: 'Other' },
];

/** The next version of the taxonomy: the latest's version + 1 (version 1 when none is published). */
export function nextTaxonomy(latest: RootCauseTaxonomy | null, causes: readonly RootCause[]): RootCauseTaxonomy {
  return { taxonomyId: latest?.taxonomyId ?? defaultTaxonomyId, version: (latest?.version ?? 0) + 1, causes: [...causes] };
}
