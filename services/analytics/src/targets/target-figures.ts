import type { TargetMetric } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import type { ReadModel } from '@ctp/service-kit';
import { activeCustomersPerMonth } from '../complaints/active-customers.js';
import { complaintRates, repeatComplaints } from '../complaints/complaint-figures.js';
import { complaintReads, complaintsPath, openedWithin } from '../complaints/complaint-reads.js';
import { cycleTimes } from '../complaints/cycle-time.js';
import { drillLink } from '../metrics/drill.js';
import { monthsOf, periodOf, type Period } from '../metrics/period.js';
import { buyersOf, type Buyer } from '../retention/buyers.js';
import { customerProjection, type CustomerDocument } from '../retention/customer-projection.js';
import { repeatCountsOf, repeatPurchaseTableOf } from '../retention/repeat-purchase.js';
import { retentionMonths } from '../retention/retention-month-reads.js';
import { retentionCountsOf, retentionTableOf } from '../retention/retention-table.js';
import { spansOf, windowOf } from '../retention/retention-windows.js';
import { invitationProjection, type InvitationDocument } from '../satisfaction/invitation-projection.js';
import { satisfactionTrend } from '../satisfaction/satisfaction-trend.js';
import { matchesSurvey, surveyFactOf } from '../satisfaction/survey-facts.js';
import { complianceOf, minutesOf } from '../service-levels/compliance.js';
import { assessResolved } from '../service-levels/first-contact-facts.js';
import { firstContactOf } from '../service-levels/first-contact.js';
import { serviceLevelFacts } from '../service-levels/service-level-reads.js';
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
}

/** Retention's customer facts, read whole: the retention, churn and repeat-purchase figures count every buyer. */
async function loadBuyers(retention: ReadModelView): Promise<Buyer[]> {
  return buyersOf(await (await activeCollection<CustomerDocument>(retention.db, customerProjection.name, 'customerFacts')).find({}, { projection: { trace: 0 } }).toArray());
}

/**
 * The read models with retention's buyers read once for every figure measured through them (one answer, one
 * report): on FerretDB each read of the whole customerFacts collection takes seconds, and a list of targets
 * measures each retention metric twice (baseline and current).
 */
export function sharingBuyers<T extends FigureReadModels>(readModels: T): T & Required<Pick<FigureReadModels, 'buyers'>> {
  let loaded: Promise<Buyer[]> | undefined;
  return { ...readModels, buyers: () => (loaded ??= loadBuyers(readModels.retention)) };
}

/** The metric's figure over `period`, computed by the area's own figure functions over its read model. */
export async function measure(readModels: FigureReadModels, target: Pick<TargetDocument, 'metric' | 'scope'>, period: Period, now: Date): Promise<Measured> {
  const { from, to, timeZone } = period;
  const { tier, channel } = target.scope;
  const range = { $gte: new Date(period.startMs), $lt: new Date(period.endMs) };
  const months = monthsOf(period);
  const complaints = () => complaintReads({ readModel: readModels.complaints, timeZone });
  switch (target.metric) {
    case 'csat':
    case 'nps': {
      const documents = await (await activeCollection<InvitationDocument>(readModels.satisfaction.db, invitationProjection.name, 'invitationFacts')).find({ invitedAt: range }).toArray();
      const facts = documents.flatMap((document) => {
        const fact = surveyFactOf(document, timeZone);
        return fact !== null && matchesSurvey(fact, { from, to, tier, channel }) ? [fact] : [];
      });
      const [row] = satisfactionTrend(facts, []);
      return { value: row?.figures[target.metric] ?? null, drill: drillLink('/v1/analytics/satisfaction/answers', { from, to, tier, channel }) };
    }
    case 'complaint_rate':
    case 'repeat_share': {
      const reads = complaints();
      const facts = await reads.facts(openedWithin(from, to, timeZone), { from, to, tier, channel });
      const ratios = target.metric === 'repeat_share'
        ? repeatComplaints(facts, months, []).map(({ repeats }) => repeats)
        : complaintRates(facts, months, [], activeCustomersPerMonth(await reads.purchaseSpans(period.startMs, period.endMs), months, timeZone)).map(({ rate }) => rate);
      return { value: pooledRatio(ratios).value, drill: drillLink(complaintsPath, { from, to, tier, channel }) };
    }
    case 'complaint_cycle_days': {
      const reads = complaints();
      const [facts, { cycleDaysOf }] = await Promise.all([reads.facts({ openedAt: { $lt: new Date(period.endMs) } }, { tier, channel }), reads.cycleCalendar()]);
      const rows = cycleTimes(facts, months, [], cycleDaysOf);
      return { value: pooledMean(rows.map(({ mean, resolved }) => ({ mean, count: resolved }))), drill: drillLink('/v1/analytics/complaints/cycle', { from, to, tier, channel }) };
    }
    case 'sla_compliance': {
      const facts = await serviceLevelFacts(readModels.serviceLevels.db);
      const cell = complianceOf(await facts.clocksOf(await facts.cases({ tier, channel }, { openedAt: range })));
      return { value: cell.compliance.value, drill: drillLink(`${serviceLevelsPath}/clocks`, { from, to, tier, channel }) };
    }
    case 'average_wait_minutes':
    case 'fcr': {
      const facts = await serviceLevelFacts(readModels.serviceLevels.db);
      const solved = await assessResolved(facts, await facts.cases({ tier, channel }, { resolvedAt: range }), now);
      const cell = firstContactOf(solved.map(({ assessment }) => assessment), await facts.clocksOf(solved.map(({ fact }) => fact), 'first_response'));
      return { value: target.metric === 'fcr' ? cell.fcr.value : minutesOf(cell.averageWaitMs), drill: drillLink(`${serviceLevelsPath}/cases`, { resolvedFrom: from, resolvedTo: to, tier, channel }) };
    }
    case 'retention':
    case 'churn':
    case 'repeat_purchase': {
      // From the retention months once caught up; a span they cannot count, from every buyer's purchases.
      const months = await retentionMonths(readModels.retention.db, timeZone, undefined);
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
