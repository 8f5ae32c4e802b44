import { targetMetrics, type TargetMetric } from '@ctp/contracts';
import { activeCollection } from '@ctp/projections';
import type { ReadModel } from '@ctp/service-kit';
import { activeCustomersPerMonth } from '../complaints/active-customers.js';
import { causeMix, complaintRates, repeatComplaints } from '../complaints/complaint-figures.js';
import { complaintReads, complaintsPath, openedWithin } from '../complaints/complaint-reads.js';
import { cycleTimes } from '../complaints/cycle-time.js';
import { drillLink } from '../metrics/drill.js';
import { monthsOf, monthStartIn, nextMonth, periodOf, previousMonth, type Month } from '../metrics/period.js';
import type { Buyer } from '../retention/buyers.js';
import { cohortTable } from '../retention/cohorts.js';
import { repeatPurchaseTable } from '../retention/repeat-purchase.js';
import { retentionTable } from '../retention/retention-table.js';
import { spansOf, windowOf } from '../retention/retention-windows.js';
import { answersPath, satisfactionTrendRows } from '../satisfaction/trend-table.js';
import { complianceRows } from '../service-levels/compliance-table.js';
import { measure, sharingBuyers, type FigureReadModels } from '../targets/target-figures.js';
import { targetProgress } from '../targets/target-progress.js';
import { targetProjection, type TargetReadDocument } from '../targets/target-projection.js';
import { tierDistribution } from '../tiers/tier-distribution.js';
import { movementFacts, tierMovementCounts } from '../tiers/tier-movement-counts.js';
import { loadMovements } from '../tiers/tier-reads.js';
import { improvementProjection, type ImprovementActionFact } from './improvement-projection.js';

type ReadModelView = Pick<ReadModel, 'db' | 'readYourWrites'>;

/** The read models a report is computed over: the areas' and the targets'. */
export interface ReportReadModels extends FigureReadModels {
  readonly tiers: ReadModelView;
  readonly targets: ReadModelView;
  readonly improvements: ReadModelView;
}

/** A number and the link to the facts behind it. */
export interface Figure {
  readonly value: number | null;
  readonly drill: string | null;
}

export type Row = Record<string, unknown>;

/** Everything a monthly report shows: each number with its drill link, all of it plain JSON. */
export interface ReportFigures {
  readonly month: Month;
  readonly timeZone: string;
  /** The instant the figures are counted as of: the end of the month (the start of the next, business time zone). */
  readonly asOf: string;
  /** The month and the five before it: the trends' months. */
  readonly trendMonths: readonly Month[];
  /** Every target metric over the month, as the targets measure it. */
  readonly headline: Readonly<Record<TargetMetric, Figure>>;
  readonly targets: readonly Row[];
  readonly tiers: { readonly distribution: readonly Row[]; readonly movements: readonly Row[] };
  readonly serviceLevels: { readonly byTier: readonly Row[]; readonly byChannel: readonly Row[] };
  readonly satisfaction: { readonly trend: readonly Row[] };
  readonly complaints: { readonly rate: readonly Row[]; readonly causes: readonly Row[]; readonly repeats: readonly Row[]; readonly cycle: readonly Row[] };
  /**
   * Each root cause this month against the month before: the effect the improvement actions aim at; the
   * actions open at some time in the month, each with its status at the month's end and the link to its
   * measured effect (feedback); `actions`: feedback's listing.
   */
  readonly improvements: { readonly causes: readonly Row[]; readonly actionList: readonly Row[]; readonly actions: string };
  readonly retention: { readonly trend: readonly Row[]; readonly repeatPurchase: readonly Row[]; readonly cohorts: readonly Row[] };
}

const trendLength = 6;
/** Feedback's list of the improvement actions; each has its measured effect at /v1/improvement-actions/{id}/effect. */
export const improvementActionsPath = '/v1/improvement-actions';

/**
 * The month's figures, each computed by the area's own figure functions over its read model (the same
 * the routes answer), counted as of the end of the month so that a later build gives the same numbers.
 */
export async function reportFigures(models: ReportReadModels, month: Month, timeZone: string): Promise<ReportFigures> {
  const readModels = sharingBuyers(models);
  const endMs = monthStartIn(nextMonth(month), timeZone);
  const asOf = new Date(endMs);
  const first = Array.from({ length: trendLength - 1 }).reduce<Month>((at) => previousMonth(at), month);
  const trendMonths = monthsOf({ from: first, to: month });
  const period = periodOf(month, month, timeZone);
  const figures = {
    month, timeZone, asOf: asOf.toISOString(), trendMonths,
    headline: Object.fromEntries(await Promise.all(targetMetrics.map(async (metric) => [metric, await measure(readModels, { metric, scope: {} }, period, asOf)] as const))) as Record<TargetMetric, Figure>,
    targets: await targetRows(readModels, timeZone, asOf),
    tiers: await tierRows(readModels.tiers, month, trendMonths, timeZone, asOf),
    serviceLevels: await serviceLevelRows(readModels.serviceLevels, month, timeZone),
    satisfaction: { trend: await satisfactionRows(readModels.satisfaction, first, month, timeZone) },
    ...(await complaintRows(readModels.complaints, first, month, timeZone)),
    retention: await retentionRows(await readModels.buyers(), first, month, timeZone, endMs),
  };
  const { causeChange, ...rest } = figures;
  const improvements = { causes: causeChange, actionList: await improvementRows(readModels.improvements, month, timeZone), actions: improvementActionsPath };
  // As stored and as served: plain JSON, so a build compares equal with one read back.
  return JSON.parse(JSON.stringify({ ...rest, improvements })) as ReportFigures;
}

async function targetRows(readModels: ReportReadModels, timeZone: string, asOf: Date): Promise<Row[]> {
  const documents = await (await activeCollection<TargetReadDocument>(readModels.targets.db, targetProjection.name, 'targetDocuments')).find({}).sort({ _id: 1 }).toArray();
  return Promise.all(documents.map(async ({ _id, version, target }) => {
    const progress = await targetProgress(readModels, target, timeZone, asOf);
    return {
      targetId: _id, version, metric: target.metric, scope: target.scope, description: target.description ?? null, direction: target.direction, deadline: target.deadline,
      baseline: progress.baseline.value, baselineDrill: progress.baseline.drill, targetValue: progress.targetValue, window: progress.window,
      current: progress.current, drill: progress.drill, progress: progress.progress, elapsed: progress.elapsed, onTrack: progress.onTrack,
    };
  }));
}

async function tierRows(readModel: ReadModelView, month: Month, trendMonths: readonly Month[], timeZone: string, asOf: Date) {
  const movements = await loadMovements({ db: readModel.db, readYourWrites: readModel.readYourWrites, timeZone, clock: () => asOf });
  const period = periodOf(month, month, timeZone);
  return {
    distribution: [...tierDistribution(movements, { months: trendMonths, timeZone, groupBy: ['month', 'tier'] }).rows],
    movements: [...tierMovementCounts(movementFacts(movements, period, timeZone, {}), period, ['direction'], {}).rows],
  };
}

/** Compliance of the clocks of the cases opened in the month, by tier at the start and by channel: the compliance route's rows. */
async function serviceLevelRows(readModel: ReadModelView, month: Month, timeZone: string) {
  const by = async (dimension: 'tier' | 'channel') =>
    (await complianceRows(readModel.db, timeZone, { from: month, to: month, groupBy: [dimension] })).map((row) => pick(row, [dimension, 'met', 'breached', 'compliance', 'decided', 'drill', 'drillBreached']));
  return { byTier: await by('tier'), byChannel: await by('channel') };
}

/** The satisfaction trend route's rows by month, a month without invitations shown as none. */
async function satisfactionRows(readModel: ReadModelView, first: Month, month: Month, timeZone: string): Promise<Row[]> {
  const byMonth = new Map((await satisfactionTrendRows(readModel.db, timeZone, { from: first, to: month, groupBy: ['month'] })).map((row) => [row['month'], row]));
  return monthsOf({ from: first, to: month }).map((at) => {
    const row = byMonth.get(at);
    const { invited = 0, answered = 0, responseRate = null, csat = null, csatAnswers = 0, nps = null, npsAnswers = 0, ces = null, drill = drillLink(answersPath, { month: at }) } = row ?? {};
    return { month: at, invited, answered, responseRate, csat, csatAnswers, nps, npsAnswers, ces, drill };
  });
}

const pick = (row: Row, columns: readonly string[]): Row => Object.fromEntries(columns.map((column) => [column, row[column]]));

async function complaintRows(readModel: ReadModelView, first: Month, month: Month, timeZone: string) {
  const reads = complaintReads({ readModel, timeZone });
  const period = periodOf(first, month, timeZone);
  const months = monthsOf(period);
  const facts = await reads.facts(openedWithin(first, month, timeZone), {});
  const drill = (filters: Record<string, string | null>) => drillLink(complaintsPath, filters);
  const rate = complaintRates(facts, months, [], activeCustomersPerMonth(await reads.purchaseSpans(period.startMs, period.endMs), months, timeZone))
    .map(({ key, rate: { value, numerator, denominator } }) => ({ month: key['month'], complaintRate: value, complaints: numerator, activeCustomers: denominator, drill: drill({ month: key['month']! }) }));
  const previous = previousMonth(month);
  const mix = causeMix(facts, [previous, month], []).map(({ key, cause, count, share, complaints }) => ({ month: key['month'], cause, count, share: share?.value ?? null, withCause: share?.denominator ?? null, complaints, drill: drill({ month: key['month']!, cause }) }));
  const causes = mix.filter((row) => row.month === month);
  const repeats = repeatComplaints(facts, [month], []).map(({ repeats: { value, numerator, denominator } }) => ({ month, repeatShare: value, repeats: numerator, complaints: denominator, drill: drill({ month, repeat: 'yes' }) }));
  const [resolvedBefore, { cycleDaysOf }] = await Promise.all([reads.facts({ openedAt: { $lt: new Date(monthStartIn(nextMonth(month), timeZone)) } }, {}), reads.cycleCalendar()]);
  const cycle = cycleTimes(resolvedBefore, [month], [], cycleDaysOf).map(({ resolved, mean, p50, p90, stillOpen }) => ({ month, resolved, meanDays: mean, p50Days: p50, p90Days: p90, stillOpen, drill: drill({ resolvedMonth: month }) }));
  const causeChange = [...new Set(mix.map(({ cause }) => cause))].map((cause) => {
    const [before, now] = [previous, month].map((at) => mix.find((row) => row.month === at && row.cause === cause));
    return { cause, previous: before?.count ?? 0, current: now?.count ?? 0, change: (now?.count ?? 0) - (before?.count ?? 0), drill: drill({ month, cause }), previousDrill: drill({ month: previous, cause }) };
  });
  return { complaints: { rate, causes, repeats, cycle }, causeChange };
}

async function retentionRows(buyers: readonly Buyer[], first: Month, month: Month, timeZone: string, endMs: number) {
  return {
    trend: [...retentionTable(buyers, spansOf(periodOf(first, month, timeZone), true), 365).rows],
    repeatPurchase: [...repeatPurchaseTable(buyers, spansOf(periodOf(month, month, timeZone), true), 'year', (span) => windowOf(span.month ?? month, 'year', timeZone)).rows],
    cohorts: [...cohortTable(buyers, monthsOf({ from: first, to: month }), timeZone, endMs).rows],
  };
}

/** The improvement actions created by the month's end and not done or cancelled before it began, with their status at its end. */
async function improvementRows(readModel: ReadModelView, month: Month, timeZone: string): Promise<Row[]> {
  const [startMs, endMs] = [monthStartIn(month, timeZone), monthStartIn(nextMonth(month), timeZone)];
  const actions = await (await activeCollection<ImprovementActionFact>(readModel.db, improvementProjection.name, 'improvementActionFacts')).find({ createdAt: { $lt: new Date(endMs) } }).sort({ _id: 1 }).toArray();
  const statusAt = (action: ImprovementActionFact, ms: number) => (action.statuses ?? []).filter(({ at }) => at.getTime() < ms).at(-1)?.to ?? 'planned';
  return actions
    .filter((action) => !['done', 'cancelled'].includes(statusAt(action, startMs)))
    .map((action) => ({
      actionId: action._id, title: action.title ?? null, owner: action.owner ?? null, scope: action.scope ?? null, startsOn: action.startsOn ?? null, dueDate: action.dueDate ?? null,
      status: statusAt(action, endMs), action: `${improvementActionsPath}/${action._id}`, effect: `${improvementActionsPath}/${action._id}/effect`,
    }));
}
