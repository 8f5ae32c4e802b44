import { slaMetrics } from '@ctp/contracts';
import type { Collection, Filter } from 'mongodb';
import type { CaseDocument } from './case-projection.js';
import { allOf } from './queue-query.js';

const dueField = (metric: string) => `clocks.${metric}.due`;

/** The earliest deadline of a running clock, null if none runs. */
export function nextDeadlineOf(document: Pick<CaseDocument, 'clocks'>): Date | null {
  const dues = slaMetrics.map((metric) => document.clocks?.[metric]?.due ?? null).filter((due): due is Date => due !== null);
  return dues.length === 0 ? null : new Date(Math.min(...dues.map((due) => due.getTime())));
}

/** The queue's order: by next deadline (none last), then opening, then id. */
export function byQueueOrder(a: CaseDocument, b: CaseDocument): number {
  const [first, second] = [nextDeadlineOf(a), nextDeadlineOf(b)];
  if ((first === null) !== (second === null)) return first === null ? 1 : -1;
  return (first?.getTime() ?? 0) - (second?.getTime() ?? 0) || a.openedAt.getTime() - b.openedAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
}

/**
 * A page of `filter`'s cases by next deadline (nulls last), then opening, then id. The next deadline
 * is the earliest of the metrics' `due`, which no single event can keep in the document, so the page
 * is merged from one indexed query per metric: a case among the first `offset + limit` by its earliest
 * deadline is among the first `offset + limit` of the metric that gives it. Cases with no clock
 * running follow, by opening.
 */
export async function queuePage(cases: Collection<CaseDocument>, filter: Filter<CaseDocument>, offset: number, limit: number) {
  const window = offset + limit;
  const noneRunning = allOf(filter, Object.fromEntries(slaMetrics.map((metric) => [dueField(metric), null])));
  const [total, idle, ...perMetric] = await Promise.all([
    cases.countDocuments(filter),
    cases.countDocuments(noneRunning),
    ...slaMetrics.map((metric) =>
      cases
        .find(allOf(filter, { [dueField(metric)]: { $ne: null } }))
        .sort({ [dueField(metric)]: 1, openedAt: 1, _id: 1 })
        .limit(window)
        .toArray(),
    ),
  ]);
  const running = [...new Map(perMetric.flat().map((document) => [document._id, document])).values()].toSorted(byQueueOrder).slice(offset, window);
  const runningTotal = total - idle;
  const idleWanted = limit - running.length;
  const idlePage =
    idleWanted > 0 ? await cases.find(noneRunning).sort({ openedAt: 1, _id: 1 }).skip(Math.max(0, offset - runningTotal)).limit(idleWanted).toArray() : [];
  return { total, documents: [...running, ...idlePage] };
}
