import type { RecordedEvent } from '@ctp/contracts';
import type { GuardedUpdate, ProjectionWrite } from '@ctp/projections';
import type { CaseFact, ClockFact } from './facts.js';
import { serviceLevelProjection, type ServiceLevelCollection } from './service-level-projection.js';

/** A case's fact and its clocks, as the service-level projection would hold them after `events`. */
export interface FoldedCase {
  readonly fact: CaseFact | null;
  readonly clocks: readonly ClockFact[];
}

type Fields = Record<string, unknown>;

/**
 * One case stream's events folded in memory through the projection's own rules (its writes applied as the server
 * applies `$set $inc $min $max $setOnInsert $push`): the month documents then hold what the fact documents hold, by
 * construction.
 */
export function foldCase(caseId: string, events: readonly RecordedEvent[]): FoldedCase {
  const documents = new Map<string, Fields>();
  for (const write of serviceLevelProjection.handle(events) as ProjectionWrite<ServiceLevelCollection>[]) {
    if (write.kind !== 'upsert') continue;
    const key = `${write.collection}/${write.id}`;
    const existing = documents.get(key);
    documents.set(key, applied(existing ?? { _id: write.id }, write.update, existing === undefined));
  }
  const clocks = [...documents.entries()]
    .filter(([key, clock]) => key.startsWith('clockFacts/') && clock.caseId === caseId && clock.startedAt instanceof Date)
    .map(([, clock]) => clock as unknown as ClockFact)
    .sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  const fact = documents.get(`caseFacts/${caseId}`);
  return { fact: fact && fact.openedAt instanceof Date ? (fact as unknown as CaseFact) : null, clocks };
}

function applied(document: Fields, update: GuardedUpdate, inserted: boolean): Fields {
  const next = { ...document };
  if (inserted) Object.assign(next, update.$setOnInsert);
  Object.assign(next, update.$set);
  for (const [field, by] of Object.entries(update.$inc ?? {})) next[field] = ((next[field] as number | undefined) ?? 0) + by;
  for (const [field, value] of Object.entries(update.$min ?? {})) if (!(next[field] !== undefined && (next[field] as number) <= value)) next[field] = value;
  for (const [field, value] of Object.entries(update.$max ?? {})) if (!(next[field] !== undefined && (next[field] as number) >= value)) next[field] = value;
  for (const [field, value] of Object.entries(update.$push ?? {})) next[field] = [...((next[field] as unknown[] | undefined) ?? []), value];
  return next;
}
