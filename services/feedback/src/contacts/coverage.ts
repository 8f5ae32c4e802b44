import type { CoverageTally } from '../domain/contacts/coverage-tally.js';

type CoverageCount = Omit<CoverageTally, 'dueOn'>;

export interface CoverageRow {
  readonly due: number;
  readonly fulfilled: number;
  readonly late: number;
  readonly overdue: number;
  /** fulfilled / due in %, one decimal; null when nothing fell due. */
  readonly coveragePercent: number | null;
}

const empty = { due: 0, fulfilled: 0, late: 0, overdue: 0 };
const percent = (fulfilled: number, due: number) => (due === 0 ? null : Math.round((fulfilled / due) * 1000) / 10);
const row = (sum: typeof empty): CoverageRow => ({ ...sum, coveragePercent: percent(sum.fulfilled, sum.due) });

function add(into: Map<string, typeof empty>, key: string, count: CoverageCount) {
  const sum = into.get(key) ?? { ...empty };
  into.set(key, { due: sum.due + count.due, fulfilled: sum.fulfilled + count.fulfilled, late: sum.late + count.late, overdue: sum.overdue + count.overdue });
}

/** Coverage = fulfilled / due over the counts, in total and per tier, team and account manager ("none" when unset). */
export function coverageOf(counts: readonly CoverageCount[]) {
  const total = new Map<string, typeof empty>();
  const by = { tier: new Map<string, typeof empty>(), team: new Map<string, typeof empty>(), accountManager: new Map<string, typeof empty>() };
  for (const count of counts) {
    add(total, 'all', count);
    for (const dimension of ['tier', 'team', 'accountManager'] as const) add(by[dimension], count[dimension] ?? 'none', count);
  }
  const rows = (sums: Map<string, typeof empty>, name: string) => [...sums].toSorted(([a], [b]) => a.localeCompare(b)).map(([key, sum]) => ({ [name]: key, ...row(sum) }));
  return { total: row(total.get('all') ?? empty), byTier: rows(by.tier, 'tier'), byTeam: rows(by.team, 'team'), byAccountManager: rows(by.accountManager, 'accountManager') };
}
