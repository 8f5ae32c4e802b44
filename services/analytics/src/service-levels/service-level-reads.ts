import type { SlaMetric } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import type { Db, Filter } from 'mongodb';
import { matchesCaseFilters } from './dimensions.js';
import type { CaseFact, ClockFact } from './facts.js';
import { serviceLevelProjection } from './service-level-projection.js';
import type { CaseFilters } from './service-level-query.js';


export async function serviceLevelFacts(db: Db) {
  const [cases, clocks] = await Promise.all([
    activeCollection<CaseFact>(db, serviceLevelProjection.name, 'caseFacts'),
    activeCollection<ClockFact>(db, serviceLevelProjection.name, 'clockFacts'),
  ]);
  return {
    /** Cases matching the filters (equality in the store where it can, `none` here) and `more` (e.g. a date range). */
    async cases(filters: CaseFilters, more: Filter<CaseFact> = {}): Promise<CaseFact[]> {
      const equal = { ...pick('channel', filters.channel), ...pick('type', filters.type), ...pick('priority', filters.priority), ...pick('tierAtStart', filters.tier), ...pick('team', filters.team) };
      const found = await cases.find({ ...equal, ...more } as Filter<CaseFact>).sort({ _id: 1 }).toArray();
      return found.filter((fact) => matchesCaseFilters(fact, filters));
    },
    /** Case openings in (afterMs, untilMs]: the repeats a resolution may have had. */
    async openings(afterMs: number, untilMs: number): Promise<Pick<CaseFact, '_id' | 'customerId' | 'openedAt'>[]> {
      return cases.find({ openedAt: { $gt: new Date(afterMs), $lte: new Date(untilMs) } }, { projection: { _id: 1, customerId: 1, openedAt: 1 } }).toArray();
    },
    /** The clocks of these cases: read from the earliest opening on (a clock starts at its case's opening or later), joined here (FerretDB reads `$in` as a scan). */
    async clocksOf(ofCases: readonly CaseFact[], metric?: SlaMetric): Promise<ClockFact[]> {
      if (ofCases.length === 0) return [];
      const caseIds = new Set(ofCases.map(({ _id }) => _id));
      const earliest = ofCases.reduce((first, { openedAt }) => (openedAt < first ? openedAt : first), ofCases[0]!.openedAt);
      const found = await clocks.find({ startedAt: { $gte: earliest }, ...(metric ? { metric } : {}) }).sort({ _id: 1 }).toArray();
      return found.filter(({ caseId }) => caseIds.has(caseId));
    },
  };
}

export type ServiceLevelFacts = Awaited<ReturnType<typeof serviceLevelFacts>>;

/** Equality reaches PostgreSQL on FerretDB; `none` (null) is left to `matchesCaseFilters`. */
function pick(field: string, value: string | undefined) {
  return value === undefined || value === 'none' ? {} : { [field]: value };
}
