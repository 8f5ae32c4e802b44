import type { TargetMetric } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import type { ReadModel } from '@ctp/service-kit';
import { complaintCellReads } from '../complaints/complaint-cells.js';
import { ratesOf, repeatsOf } from '../complaints/complaint-figures.js';
import { complaintsPath } from '../complaints/complaint-reads.js';
import { cycleTimesOf } from '../complaints/cycle-time.js';
import { satisfactionTrendRows } from '../satisfaction/trend-table.js';
import { complianceAnswer } from '../service-levels/compliance-table.js';
import { firstContactAnswer } from '../service-levels/first-contact-table.js';
import { drillLink } from '../metrics/drill.js';
import { monthsOf, periodOf, type Period } from '../metrics/period.js';
import { buyersOf, type Buyer } from '../retention/buyers.js';
import { customerProjection, type CustomerDocument } from '../retention/customer-projection.js';
import { repeatCountsOf, repeatPurchaseTableOf } from '../retention/repeat-purchase.js';
import { retentionMonths, type RetentionMonths } from '../retention/retention-month-reads.js';
import { retentionCountsOf, retentionTableOf } from '../retention/retention-table.js';
import { spansOf, windowOf } from '../retention/retention-windows.js';
import { serviceLevelsPath } from '../service-levels/tables.js';
import { pooledMean, pooledRatio } from './progress.js';
import type { TargetDocument } from './target-decider.js';

/**
 * A figure's value over a period and the drill link of the figure row it came from; for cycle time, whose
 * listing takes one month of resolution, the figure's table of the window's months, each row with its drill.
 */
export interface Measured {
  readonly value: number | null;
  readonly drill: string | null;
}

/** The figure each metric is: the area's route, and its column. */
export const metricFigures: Readonly<Record<TargetMetric, string>> = {
  csat: 'GET /v1/analytics/satisfaction/trend: csat',
  nps: 'GET /v1/analytics/satisfaction/trend: nps',
  complaint_rate: 'GET /v1/analytics/complaints/rate: complaintRate (the months pooled)',
  complaint_cycle_days: 'GET /v1/analytics/complaints/cycle: meanDays (the months pooled)',
  repeat_share: 'GET /v1/analytics/complaints/repeats: repeatShare (the months pooled)',
  sla_compliance: 'GET /v1/analytics/service-levels/compliance: compliance (all metrics)',
  average_wait_minutes: 'GET /v1/analytics/service-levels/first-contact: averageWaitMinutes',
  fcr: 'GET /v1/analytics/service-levels/first-contact: fcr',
  retention: 'GET /v1/analytics/retention/retention: retention (the window as one span, activeDays 365)',
  churn: 'GET /v1/analytics/retention/retention: churn (the window as one span, activeDays 365)',
  repeat_purchase: 'GET /v1/analytics/retention/repeat-purchase: repeatPurchase (window year ending with the last month)',
};

/** The metrics whose figures take a tier and a channel filter. */
export const scopedMetrics: readonly TargetMetric[] = ['csat', 'nps', 'complaint_rate', 'complaint_cycle_days', 'repeat_share', 'sla_compliance', 'average_wait_minutes', 'fcr'];

const numberOrNull = (value: unknown) => (typeof value === 'number' ? value : null);

type ReadModelView = Pick<ReadModel, 'db' | 'readYourWrites'>;

/** The areas' read models the figures are computed over. */
export interface FigureReadModels {
  readonly satisfaction: ReadModelView;
  readonly complaints: ReadModelView;
  readonly serviceLevels: ReadModelView;
  readonly retention: ReadModelView;
  /** Retention's buyers, when loaded once for many figures (`sharingBuyers`). */
  readonly buyers?: () => Promise<Buyer[]>;
  /** The retention months, when read once for many figures (`sharingBuyers`): their boundary counts unpacked once. */
  readonly retentionMonths?: (timeZone: string) => Promise<RetentionMonths | null>;
}

/** Retention's customer facts, read whole: the retention, churn and repeat-purchase figures count every buyer. */
async function loadBuyers(retention: ReadModelView): Promise<Buyer[]> {
  return buyersOf(await (await activeCollection<CustomerDocument>(retention.db, customerProjection.name, 'customerFacts')).find({}, { projection: { trace: 0 } }).toArray());
}

/**
 * The read models with retention's buyers and months read once for every figure measured through them (one answer,
 * one report): on FerretDB each read of the whole customerFacts collection takes seconds, a list of targets measures
 * each retention metric twice (baseline and current), and each reading of the months unpacks their boundary counts.
 */
export function sharingBuyers<T extends FigureReadModels>(readModels: T): T & Required<Pick<FigureReadModels, 'buyers' | 'retentionMonths'>> {
  let loaded: Promise<Buyer[]> | undefined;
  const months = new Map<string, Promise<RetentionMonths | null>>();
  const monthsIn = (timeZone: string) => months.get(timeZone) ?? months.set(timeZone, retentionMonths(readModels.retention.db, timeZone, undefined)).get(timeZone)!;
  return { ...readModels, buyers: () => (loaded ??= loadBuyers(readModels.retention)), retentionMonths: monthsIn };
}

/** The metric's figure over `period`, computed by the area's own figure functions over its read model. */
export async function measure(readModels: FigureReadModels, target: Pick<TargetDocument, 'metric' | 'scope'>, period: Period, now: Date): Promise<Measured> {
  const { from, to, timeZone } = period;
  const { tier, channel } = target.scope;
  const months = monthsOf(period);
  // Each figure as its route counts it: from the month documents once their followers have caught up.
  const complaints = () => complaintCellReads({ readModel: readModels.complaints, timeZone });
  const serviceLevelSelection = { from, to, groupBy: [], tier, channel };
  switch (target.metric) {
    case 'csat':
    case 'nps': {
      const [row] = await satisfactionTrendRows(readModels.satisfaction.db, timeZone, { from, to, groupBy: [], tier, channel });
      return { value: numberOrNull(row?.[target.metric]), drill: drillLink('/v1/analytics/satisfaction/answers', { from, to, tier, channel }) };
    }
    case 'complaint_rate':
    case 'repeat_share': {
      const reads = complaints();
      const selection = { from, to, tier, channel };
      const opened = await reads.opened(selection);
      const ratios = target.metric === 'repeat_share'
        ? repeatsOf(opened, months, []).map(({ repeats }) => repeats)
        : ratesOf(opened, months, [], await reads.activeCustomers(selection)).map(({ rate }) => rate);
      return { value: pooledRatio(ratios).value, drill: drillLink(complaintsPath, { from, to, tier, channel }) };
    }
    case 'complaint_cycle_days': {
      const reads = complaints();
      const [[resolved, opened], { cycleDaysOf }] = await Promise.all([reads.resolvedAndOpened({ from, to, tier, channel }), reads.cycleCalendar()]);
      const rows = cycleTimesOf(resolved, opened, months, [], cycleDaysOf);
      return { value: pooledMean(rows.map(({ mean, resolved: count }) => ({ mean, count }))), drill: drillLink('/v1/analytics/complaints/cycle', { from, to, tier, channel }) };
    }
    case 'sla_compliance': {
      const [row] = (await complianceAnswer(readModels.serviceLevels.db, timeZone, serviceLevelSelection)).rows;
      return { value: row?.compliance ?? null, drill: drillLink(`${serviceLevelsPath}/clocks`, { from, to, tier, channel }) };
    }
    case 'average_wait_minutes':
    case 'fcr': {
      const reads = { db: readModels.serviceLevels.db, readYourWrites: readModels.serviceLevels.readYourWrites, timeZone, clock: () => now };
      const [row] = (await firstContactAnswer(reads, period, serviceLevelSelection)).rows;
      return { value: numberOrNull(target.metric === 'fcr' ? row?.fcr : row?.averageWaitMinutes), drill: drillLink(`${serviceLevelsPath}/cases`, { resolvedFrom: from, resolvedTo: to, tier, channel }) };
    }
    case 'retention':
    case 'churn':
    case 'repeat_purchase': {
      // From the retention months once caught up; a span they cannot count, from every buyer's purchases.
      const months = await (readModels.retentionMonths?.(timeZone) ?? retentionMonths(readModels.retention.db, timeZone, undefined));
      const buyers = () => readModels.buyers?.() ?? loadBuyers(readModels.retention);
      if (target.metric === 'repeat_purchase') {
        const [spans, window] = [spansOf(periodOf(to, to, timeZone), true), windowOf(to, 'year', timeZone)];
        const counts = months === null ? [repeatCountsOf(await buyers(), window)] : await months.repeat([window]);
        const [row] = repeatPurchaseTableOf(spans, 'year', counts).rows;
        return { value: numberOrNull(row?.['repeatPurchase']), drill: String(row?.['drill'] ?? '') || null };
      }
      const spans = spansOf(period, false);
      const counts = (await months?.retention(spans, 365)) ?? spans.map(async (span) => retentionCountsOf(await buyers(), span, 365));
      const [row] = retentionTableOf(spans, 365, await Promise.all(counts)).rows;
      return { value: numberOrNull(row?.[target.metric]), drill: String(row?.[target.metric === 'churn' ? 'drillLost' : 'drill'] ?? '') || null };
    }
    default: {
      const unexpected: never = target.metric;
      throw new Error(`unknown target metric ${String(unexpected)}`);
    }
  }
}
