import type { GlobalPosition } from '@ctp/contracts';
import type { AreaReads } from '../area.js';
import { drillLink } from '../metrics/drill.js';
import { groupRows } from '../metrics/grouping.js';
import { monthIn, type Period } from '../metrics/period.js';
import { minutesOf } from './compliance.js';
import { caseDimensionOf, caseDimensions, type CaseDimension } from './dimensions.js';
import { assessResolved } from './first-contact-facts.js';
import { firstContactOfTallies, tallyOfSolved } from './first-contact.js';
import type { CaseDimensions } from './month-entries.js';
import { solvedMembersFromMonths, type SolvedMember } from './service-level-month-reads.js';
import type { CaseFilters } from './service-level-query.js';
import { serviceLevelFacts } from './service-level-reads.js';
import { serviceLevelsPath } from './tables.js';

export interface FirstContactSelection extends CaseFilters {
  readonly from: string;
  readonly to: string;
  readonly groupBy: readonly ('month' | CaseDimension)[];
}

/** The solved cases from the month documents once their follower has caught up (`countedUpTo` its position), else counted from the facts. */
export async function firstContactAnswer(reads: AreaReads, period: Period, selection: FirstContactSelection, minPosition?: GlobalPosition) {
  const now = reads.clock();
  const fromMonths = await solvedMembersFromMonths(reads.db, reads.timeZone, period, selection, minPosition);
  const solved = fromMonths?.members ?? (await solvedMembersFromFacts(reads, period, selection, now));
  const all = firstContactOfTallies(solved, now);
  return { rows: firstContactTable(selection, solved, now), windowOpen: all.windowOpen, solved: all.solved, countedUpTo: fromMonths?.countedUpTo ?? null };
}

/** The cases first resolved in the period, assessed, counted from the fact documents (a scan of the period's cases, openings and clocks). */
export async function solvedMembersFromFacts(reads: AreaReads, period: Period, filters: CaseFilters, now: Date): Promise<SolvedMember[]> {
  const facts = await serviceLevelFacts(reads.db);
  const solved = await assessResolved(facts, await facts.cases(filters, { resolvedAt: { $gte: new Date(period.startMs), $lt: new Date(period.endMs) } }), now);
  const waits = new Map<string, number[]>();
  for (const { caseId, elapsedMs } of await facts.clocksOf(solved.map(({ fact }) => fact), 'first_response')) if (elapsedMs !== null) waits.set(caseId, [...(waits.get(caseId) ?? []), elapsedMs]);
  return solved.map(({ fact, assessment }) => ({
    month: monthIn(fact.resolvedAt.getTime(), reads.timeZone),
    dimensions: Object.fromEntries(caseDimensions.map((dimension) => [dimension, caseDimensionOf(fact, dimension)])) as CaseDimensions,
    ...tallyOfSolved(assessment, fact.resolvedAt.getTime(), waits.get(fact._id) ?? []),
  }));
}

export function firstContactTable(selection: FirstContactSelection, solved: readonly SolvedMember[], now: Date) {
  const valueOf = (member: SolvedMember, dimension: string) => (dimension === 'month' ? member.month : member.dimensions[dimension as CaseDimension]);
  const groups = selection.groupBy.length === 0 ? [{ key: {}, rows: solved }] : groupRows(solved, selection.groupBy, valueOf);
  return groups.map(({ key, rows: members }) => {
    const cell = firstContactOfTallies(members, now);
    const filters = { ...Object.fromEntries(caseDimensions.map((dimension) => [dimension, selection[dimension]])), ...key, month: undefined, ...('month' in key ? { resolvedMonth: key.month } : { resolvedFrom: selection.from, resolvedTo: selection.to }) };
    return {
      ...key,
      solved: cell.solved, atFirstContact: cell.atFirstContact, repeated: cell.repeated,
      fcr: cell.fcr.value, fcrCases: cell.fcr.numerator, windowOpen: cell.windowOpen,
      waited: cell.waited, averageWaitMs: cell.averageWaitMs, averageWaitMinutes: minutesOf(cell.averageWaitMs), p90WaitMs: cell.p90WaitMs, p90WaitMinutes: minutesOf(cell.p90WaitMs),
      drill: drillLink(`${serviceLevelsPath}/cases`, filters),
      drillFcr: drillLink(`${serviceLevelsPath}/cases`, { ...filters, fcr: 'yes' }),
    };
  });
}
