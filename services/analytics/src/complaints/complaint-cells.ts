import type { GlobalPosition } from '@ctp/contracts';
import type { AreaContext } from '../area.js';
import { followedFigureMonthsHead } from '../figure-months/month-store.js';
import { monthsOf, periodOf, type Month } from '../metrics/period.js';
import { activeCustomersPerMonth } from './active-customers.js';
import type { ComplaintFilters } from './complaint-facts.js';
import { openedCells, resolvedCells, type MonthCells } from './complaint-figures.js';
import { activeCustomersOfMonths, complaintCells, openedFamily, resolvedFamily } from './complaint-months.js';
import { complaintReads, openedWithin } from './complaint-reads.js';

/** The months and owners a complaint figure counts. */
export interface ComplaintSelection extends ComplaintFilters {
  readonly from: Month;
  readonly to: Month;
}

/**
 * The cells the complaint figures count (the routes' and the targets'): from the month documents once the follower
 * has written them (and passed `minPosition`), else counted from the complaint documents.
 */
export function complaintCellReads(context: Pick<AreaContext, 'readModel' | 'timeZone'>) {
  const { readModel, timeZone } = context;
  const reads = complaintReads(context);
  const owners = ({ tier, channel, team }: ComplaintSelection): ComplaintFilters => ({ tier, channel, team });
  const monthly = async (minPosition: GlobalPosition | undefined) => (await followedFigureMonthsHead(readModel.db, timeZone, minPosition)) !== null;
  const cellsOf = (family: string, months: readonly Month[], selection: ComplaintSelection) => complaintCells(readModel.db, family, months, timeZone, owners(selection));
  return {
    /** The complaints opened in the months. */
    async opened(selection: ComplaintSelection, minPosition?: GlobalPosition): Promise<MonthCells> {
      if (await monthly(minPosition)) return cellsOf(openedFamily, monthsOf(selection), selection);
      return openedCells(await reads.facts(openedWithin(selection.from, selection.to, timeZone), { ...selection }));
    },
    /** The customers with a purchase in each month. */
    async activeCustomers(selection: ComplaintSelection, minPosition?: GlobalPosition): Promise<ReadonlyMap<Month, number>> {
      const period = periodOf(selection.from, selection.to, timeZone);
      const months = monthsOf(period);
      if (await monthly(minPosition)) return activeCustomersOfMonths(readModel.db, months, timeZone);
      return activeCustomersPerMonth(await reads.purchaseSpans(period.startMs, period.endMs), months, timeZone);
    },
    /** The complaints first resolved in the months, and those opened before their end. */
    async resolvedAndOpened(selection: ComplaintSelection, minPosition?: GlobalPosition): Promise<[MonthCells, MonthCells]> {
      const period = periodOf(selection.from, selection.to, timeZone);
      const months = monthsOf(period);
      if (await monthly(minPosition)) return Promise.all([cellsOf(resolvedFamily, months, selection), cellsOf(openedFamily, months, selection)]);
      const facts = await reads.facts({ openedAt: { $lt: new Date(period.endMs) } }, owners(selection));
      return [resolvedCells(facts), openedCells(facts)];
    },
    cycleCalendar: () => reads.cycleCalendar(),
  };
}
