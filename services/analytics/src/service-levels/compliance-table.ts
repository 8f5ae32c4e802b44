import type { GlobalPosition, SlaMetric } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { drillLink } from '../metrics/drill.js';
import { groupRows } from '../metrics/grouping.js';
import { periodOf, type Month, type Period } from '../metrics/period.js';
import { complianceOfTallies, hoursOf, outcomeOf, tallyOfClock } from './compliance.js';
import { caseDimensionOf, caseDimensions, openedMonthOf, type CaseDimension } from './dimensions.js';
import type { CaseDimensions } from './month-entries.js';
import { complianceMembersFromMonths, type ComplianceMember } from './service-level-month-reads.js';
import type { CaseFilters } from './service-level-query.js';
import { serviceLevelFacts } from './service-level-reads.js';
import { serviceLevelsPath } from './tables.js';

export type ComplianceDimension = 'metric' | CaseDimension | 'month';

/** Which clocks a compliance table counts: those of the cases opened in the months, filtered and grouped. */
export interface ComplianceSelection extends CaseFilters {
  readonly from: Month;
  readonly to: Month;
  readonly groupBy: readonly ComplianceDimension[];
  readonly metric?: SlaMetric | undefined;
}

const clocksPath = `${serviceLevelsPath}/clocks`;

/**
 * The compliance table's rows (the route's and the monthly report's), from the month documents once their follower
 * has caught up (`countedUpTo` its position), else counted from the facts (`countedUpTo` null).
 */
export async function complianceAnswer(db: Db, timeZone: string, selection: ComplianceSelection, minPosition?: GlobalPosition) {
  const period = periodOf(selection.from, selection.to, timeZone);
  const fromMonths = await complianceMembersFromMonths(db, timeZone, period, selection, minPosition);
  const members = fromMonths?.members ?? (await complianceMembersFromFacts(db, timeZone, period, selection));
  return { rows: complianceTable(selection, members), countedUpTo: fromMonths?.countedUpTo ?? null };
}

export async function complianceRows(db: Db, timeZone: string, selection: ComplianceSelection) {
  return (await complianceAnswer(db, timeZone, selection)).rows;
}

/** The clock cycles of the cases opened in the period, counted from the fact documents (a scan of the period's cases and clocks). */
export async function complianceMembersFromFacts(db: Db, timeZone: string, period: Period, selection: CaseFilters & { readonly metric?: SlaMetric | undefined }): Promise<ComplianceMember[]> {
  const facts = await serviceLevelFacts(db);
  const cases = await facts.cases(selection, { openedAt: { $gte: new Date(period.startMs), $lt: new Date(period.endMs) } });
  const caseById = new Map(cases.map((fact) => [fact._id, fact]));
  return (await facts.clocksOf(cases, selection.metric)).flatMap((clock) => {
    const fact = caseById.get(clock.caseId);
    if (!fact) return [];
    const dimensions = Object.fromEntries(caseDimensions.map((dimension) => [dimension, caseDimensionOf(fact, dimension)])) as CaseDimensions;
    return [{ month: openedMonthOf(fact, timeZone), dimensions, metric: clock.metric, ...tallyOfClock(outcomeOf(clock), clock.elapsedMs) }];
  });
}

/** Each group's cell and the links to its clocks and its breached clocks. */
export function complianceTable(selection: ComplianceSelection, members: readonly ComplianceMember[]) {
  const valueOf = (member: ComplianceMember, dimension: string) => (dimension === 'metric' ? member.metric : dimension === 'month' ? member.month : member.dimensions[dimension as CaseDimension]);
  const groups = selection.groupBy.length === 0 ? [{ key: {}, rows: members }] : groupRows(members, selection.groupBy, valueOf);
  return groups.map(({ key, rows: grouped }) => {
    const cell = complianceOfTallies(grouped);
    const filters = {
      ...Object.fromEntries(caseDimensions.map((dimension) => [dimension, selection[dimension]])),
      metric: selection.metric,
      ...key,
      ...('month' in key ? {} : { from: selection.from, to: selection.to }),
    };
    return {
      ...key,
      met: cell.met, breached: cell.breached, running: cell.running, stopped: cell.stopped,
      compliance: cell.compliance.value, decided: cell.compliance.denominator,
      timed: cell.timed, elapsedP50Ms: cell.elapsedP50Ms, elapsedP90Ms: cell.elapsedP90Ms, elapsedP50Hours: hoursOf(cell.elapsedP50Ms), elapsedP90Hours: hoursOf(cell.elapsedP90Ms),
      drill: drillLink(clocksPath, filters),
      drillBreached: drillLink(clocksPath, { ...filters, outcome: 'breached' }),
    };
  });
}
