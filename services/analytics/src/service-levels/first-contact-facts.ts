import type { CaseFact } from './facts.js';
import { assessFirstContact, repeatWindowMs, type FirstContactAssessment } from './first-contact.js';
import type { ServiceLevelFacts } from './service-level-reads.js';

export type ResolvedFact = CaseFact & { readonly resolvedAt: Date };

const isResolved = (fact: CaseFact): fact is ResolvedFact => fact.resolvedAt !== undefined && fact.resolvedAt !== null;

/** The resolved cases among `cases`, each assessed against the customer's later openings. */
export async function assessResolved(facts: ServiceLevelFacts, cases: readonly CaseFact[], now: Date): Promise<{ fact: ResolvedFact; assessment: FirstContactAssessment }[]> {
  const resolved = cases.filter(isResolved);
  if (resolved.length === 0) return [];
  const times = resolved.map(({ resolvedAt }) => resolvedAt.getTime());
  const earliest = times.reduce((a, b) => Math.min(a, b));
  const latest = times.reduce((a, b) => Math.max(a, b));
  const byCustomer = new Map<string, Pick<CaseFact, '_id' | 'customerId' | 'openedAt'>[]>();
  for (const opening of await facts.openings(earliest, latest + repeatWindowMs)) byCustomer.set(opening.customerId, [...(byCustomer.get(opening.customerId) ?? []), opening]);
  return resolved.map((fact) => ({ fact, assessment: assessFirstContact(fact, byCustomer.get(fact.customerId) ?? [], now) }));
}
