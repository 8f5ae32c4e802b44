import { beforeAll, describe, expect, it } from 'vitest';
import { factorNames } from '../churn-model.js';
import { rankingPage, type RiskRow } from './churn-ranker.js';
import { allCustomers, selectionOf } from './ranking-layout.js';
import { rankingStore, type RankingHead, type RankingStore } from './ranking-store.js';
import { timingReadModel } from '../../test-support/timing-read-model.js';
import { rankingWritesForTests } from '../test-support/ranking-writes.js';

/** Customers in the ranking (RANKING_TIMING_SIZE, 2,000 unless set) and calls timed per query (RANKING_TIMING_CALLS, 20). */
const rankingWrites = rankingWritesForTests();
const size = Number(process.env['RANKING_TIMING_SIZE'] ?? 2_000);
const calls = Number(process.env['RANKING_TIMING_CALLS'] ?? 20);
const tiers = ['gold', 'silver', 'bronze', null] as const;
const links = (n: number) => [`/v1/analytics/events?positions=${Array.from({ length: 1 + (n % 6) }, (_, i) => n * 10 + i).join('%2C')}`];

/** A row shaped as riskRow makes it: eight factors with their measured inputs and links, the drill links. */
function row(n: number): RiskRow {
  const customerId = `C-${String((n * 7_919) % (size * 10)).padStart(7, '0')}-${n}`;
  const factors = factorNames.map((name, index) => ({ name, measured: { count: n % 5, days: 30 + index }, value: ((n + index) % 100) / 100, weight: 0.1, contribution: ((n + index) % 100) / 1_000, share: 0.1, events: links(n + index) }));
  const drill = { risk: `/v1/analytics/churn/risks/${customerId}?asOf=2026-12-05`, purchases: links(n), cases: [], complaints: links(n + 1), surveys: [], contacts: links(n + 2) };
  return { customerId, tier: tiers[n % 4]!, score: 1 - n / size, atRisk: n < size / 3, ...Object.fromEntries(factors.map(({ name, contribution }) => [`${name}Contribution`, contribution])), factors, drill };
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Times the risk list's pages read from a kept ranking; asserts only that each page has rows. */
describe(`a kept churn ranking of ${size} customers`, () => {
  const readModel = timingReadModel('ranking_timing');
  let store: RankingStore;
  let head: RankingHead;
  let ranked: RiskRow[];
  beforeAll(async () => {
    store = rankingStore(await readModel.open(), rankingWrites);
    ranked = Array.from({ length: size }, (_, n) => row(n));
    const started = performance.now();
    head = await store.write({ modelId: 'timing', modelVersion: 1, timeZone: 'UTC', asOf: '2026-12-05' }, ranked, { readSide: 'v', startedAt: new Date(0), countedAt: new Date(0) });
    process.stdout.write(`ranking of ${size}: written in ${Math.round(performance.now() - started)} ms (${(JSON.stringify(ranked).length / 1e6).toFixed(1)} MB of rows)\n`);
  }, 600_000);

  it('pages the list: first page, after a customer, a tier, a minimum score', async () => {
    const pick = () => ranked[Math.floor(Math.random() * ranked.length)]!.customerId;
    const queries = {
      'first page': () => ({ selection: allCustomers, minScore: 0, limit: 100 }),
      'after a customer': () => ({ selection: allCustomers, minScore: 0, after: pick(), limit: 100 }),
      'tier=gold, first page': () => ({ selection: selectionOf('gold'), minScore: 0, limit: 100 }),
      'minScore=0.5, first page': () => ({ selection: allCustomers, minScore: 0.5, limit: 100 }),
    };
    for (const [name, query] of Object.entries(queries)) {
      const times: number[] = [];
      for (let call = 0; call < calls; call += 1) {
        const started = performance.now();
        const page = await rankingPage(store, head, query());
        times.push(performance.now() - started);
        expect(page!.customers).toBeGreaterThan(0);
      }
      const sorted = times.sort((a, b) => a - b);
      process.stdout.write(`${name}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms over ${calls} calls\n`);
    }
  });
});
