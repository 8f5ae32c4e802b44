import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { beforeAll, describe, it } from 'vitest';
import { monthIn, monthStartIn, type Month } from '../metrics/period.js';
import { clockIdOf, type CaseFact, type ClockFact } from './facts.js';
import { serviceLevelsArea } from './index.js';
import { caseEntriesOf, type OpenedCase, type ResolvedCase } from './month-entries.js';
import { serviceLevelMonthDocuments, serviceLevelMonthId, serviceLevelMonthsHeadId, storedEntries } from './service-level-month-store.js';
import { fileRows, rowEntry, type RowEntry } from './service-level-rows.js';
import { serviceLevelProjection } from './service-level-projection.js';
import { timeFactsAgainstKept } from '../test-support/route-timing.js';
import { insertFacts, timingReadModel } from '../test-support/timing-read-model.js';

/** Cases (two clocks each) and calls timed per URL (SL_LISTING_TIMING_SIZE, 2,000 unless set; SL_LISTING_TIMING_CALLS, 5). */
const size = Number(process.env['SL_LISTING_TIMING_SIZE'] ?? 2_000);
const calls = Number(process.env['SL_LISTING_TIMING_CALLS'] ?? 5);
const timeZone = 'Asia/Shanghai';
const months: Month[] = ['2026-01', '2026-02', '2026-03', '2026-04'];
const pick = <T>(values: readonly T[], n: number) => values[n % values.length]!;
const id = (prefix: string, n: number) => `${prefix}-${String(n).padStart(6, '0')}`;
const hour = 3_600_000;

function caseOf(n: number): { fact: CaseFact; clocks: ClockFact[] } {
  const openedAt = new Date(monthStartIn(pick(months, n), timeZone) + (n % 27) * 24 * hour + hour);
  const resolvedAt = n % 4 === 3 ? undefined : new Date(openedAt.getTime() + (n % 9) * 24 * hour);
  const trace = [{ position: String(n * 4 + 1), type: 'CaseOpened' }, { position: String(n * 4 + 2), type: 'CaseStatusChanged' }];
  const fact: CaseFact = {
    _id: id('K', n), customerId: id('C', n % Math.max(1, Math.floor(size / 3))), type: pick(['complaint', 'inquiry', 'request'] as const, n), channel: pick(['phone', 'email', 'online'] as const, n),
    priority: pick(['low', 'normal', 'high'] as const, n), tierAtStart: pick(['gold', 'silver', null], n), tier: pick(['gold', 'silver', null], n), team: pick(['T-1', 'T-2', null], n),
    status: resolvedAt ? 'resolved' : 'open', openedAt, firstReplyAt: new Date(openedAt.getTime() + hour), replies: 1 + (n % 3), customerMessages: n % 2, reopened: 0,
    ...(resolvedAt ? { resolvedAt } : {}), trace,
  };
  const clock = (metric: 'first_response' | 'resolution', outcome: ClockFact['outcome']): ClockFact => ({
    _id: clockIdOf(fact._id, metric, 1), caseId: fact._id, metric, cycle: 1, startedAt: openedAt, deadline: new Date(openedAt.getTime() + 2 * hour), targetMs: 2 * hour, paused: false,
    outcome, elapsedMs: outcome === 'running' ? null : hour, stoppedAt: outcome === 'running' ? null : new Date(openedAt.getTime() + hour), stopReason: null, trace,
  });
  return { fact, clocks: [clock('first_response', pick(['met', 'breached'] as const, n)), clock('resolution', resolvedAt ? pick(['met', 'breached'] as const, n + 1) : 'running')] };
}

/** The entries and rows the follower would have written for these cases, and its head, caught up. */
async function writeEntries(db: Db, cases: readonly ReturnType<typeof caseOf>[]) {
  const byMonth = new Map<Month, { opened: OpenedCase[]; resolved: ResolvedCase[] }>();
  const ofMonth = (month: Month) => byMonth.get(month) ?? byMonth.set(month, { opened: [], resolved: [] }).get(month)!;
  for (const each of cases) {
    const { opened, resolved } = caseEntriesOf(each, timeZone);
    if (opened) ofMonth(opened.month).opened.push(opened.entry);
    if (resolved) ofMonth(resolved.month).resolved.push(resolved.entry);
  }
  const documents = serviceLevelMonthDocuments(db);
  await documents.months.insertMany(await Promise.all([...byMonth].map(([month, entries]) => storedEntries(serviceLevelMonthId(timeZone, month), month, entries))));
  const rows = new Map<Month, RowEntry[]>();
  for (const each of cases) {
    const month = monthIn(each.fact.openedAt.getTime(), timeZone);
    (rows.get(month) ?? rows.set(month, []).get(month)!).push(rowEntry(each));
  }
  const [_id, position] = [serviceLevelMonthsHeadId(timeZone), String(size * 4)];
  const listings = await fileRows(documents.rows, { headId: _id, position, head: null }, rows);
  await documents.heads.insertOne({ _id, position, followedAt: new Date(), caughtUp: true, ...listings });
}

/** Times the service-level listings read from the fact documents (scans) and from the month entries (by `_id`); asserts only that both answer alike. */
describe(`the service-level listings at ${size} cases`, () => {
  const readModel = timingReadModel('sl_listing_timing');
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await readModel.open();
    const cases = Array.from({ length: size }, (_, n) => caseOf(n));
    await insertFacts<CaseFact>(db, serviceLevelProjection.name, 'caseFacts', cases.map(({ fact }) => fact));
    await insertFacts<ClockFact>(db, serviceLevelProjection.name, 'clockFacts', cases.flatMap(({ clocks }) => clocks));
    await writeEntries(db, cases);
    app = await readModel.serve([serviceLevelsArea], timeZone, new Date('2026-05-02T02:00:00Z'));
  }, 600_000);

  it('prints the time of a first page, from the facts and from the month entries', async () => {
    const { heads } = serviceLevelMonthDocuments(db);
    const head = (await heads.findOne({ _id: serviceLevelMonthsHeadId(timeZone) }))!;
    await timeFactsAgainstKept(app, [
      '/v1/analytics/service-levels/clocks?month=2026-02', '/v1/analytics/service-levels/cases?month=2026-02', '/v1/analytics/service-levels/cases?month=2026-02&fcr=yes',
      '/v1/analytics/service-levels/clocks?from=2026-01&to=2026-04&outcome=breached&tier=gold', '/v1/analytics/service-levels/cases?resolvedMonth=2026-03&limit=10',
    ], { calls, scale: `${size}`, kept: 'entries', head: { remove: () => heads.deleteOne({ _id: head._id }), restore: () => heads.insertOne(head) } });
  }, 600_000);
});
