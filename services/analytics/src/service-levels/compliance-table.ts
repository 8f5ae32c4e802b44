import type { SlaMetric } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { drillLink } from '../metrics/drill.js';
import { groupRows } from '../metrics/grouping.js';
import { periodOf, type Month } from '../metrics/period.js';
import { complianceOf, hoursOf } from './compliance.js';
import { caseDimensionOf, caseDimensions, openedMonthOf, type CaseDimension } from './dimensions.js';
import type { CaseFact, ClockFact } from './facts.js';
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

/** The compliance table's rows (the route's and the monthly report's): each group's cell and the links to its clocks and its breached clocks. */
export async function complianceRows(db: Db, timeZone: string, selection: ComplianceSelection) {
  const period = periodOf(selection.from, selection.to, timeZone);
  const facts = await serviceLevelFacts(db);
  const cases = await facts.cases(selection, { openedAt: { $gte: new Date(period.startMs), $lt: new Date(period.endMs) } });
  const caseById = new Map(cases.map((fact) => [fact._id, fact]));
  const joined = (await facts.clocksOf(cases, selection.metric)).flatMap((clock) => {
    const fact = caseById.get(clock.caseId);
    return fact ? [{ clock, fact }] : [];
  });
  const valueOf = ({ clock, fact }: { clock: ClockFact; fact: CaseFact }, dimension: string) =>
    dimension === 'metric' ? clock.metric : dimension === 'month' ? openedMonthOf(fact, timeZone) : caseDimensionOf(fact, dimension as CaseDimension);
  const groups = selection.groupBy.length === 0 ? [{ key: {}, rows: joined }] : groupRows(joined, selection.groupBy, valueOf);
  return groups.map(({ key, rows: members }) => {
    const cell = complianceOf(members.map(({ clock }) => clock));
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
