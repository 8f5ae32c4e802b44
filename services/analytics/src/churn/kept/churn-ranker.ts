import { startOfDayIn, type IsoDate } from '@ctp/calendar';
import type { Exclusive } from '@ctp/service-kit';
import type { Db } from 'mongodb';
import { readSideVersion } from '../../metrics/answer-cache.js';
import { backtest, risksAt, type CustomerRisk } from '../churn-backtest.js';
import { churnModel } from '../churn-model.js';
import { allSignals, churnSourceProjections, tiersBefore } from '../churn-reads.js';
import { riskRow } from '../churn-rows.js';
import { countAtLeast, idGroupOf, pageRows, pagesHolding, rankOf, type RankedRow } from './ranking-layout.js';
import { backtestId, backtestStore, churnBacktestsCollection, type BacktestKey } from './backtest-store.js';
import { keptCounts, type KeptAsk } from './kept-counts.js';
import { churnRankingsCollection, rankingStore, type RankingHead, type RankingKey, type RankingStore } from './ranking-store.js';

export type RiskRow = RankedRow & Readonly<Record<string, unknown>>;

export interface RankingCount {
  readonly head: RankingHead;
  readonly risks: readonly CustomerRisk[];
  readonly tiers: ReadonlyMap<string, string>;
}

export interface RankingPageQuery {
  readonly selection: string;
  readonly minScore: number;
  readonly after?: string | undefined;
  readonly limit: number;
}

/** How many asOf days keep their ranking (the most recently counted). */
const keptRankings = 4;
/** A day's first count that has not named its ranking in this long died: its pages go. */
const abandonedAfterMs = 86_400_000;

const rankingKey = (timeZone: string, asOf: IsoDate): RankingKey => ({ modelId: churnModel.id, modelVersion: churnModel.version, timeZone, asOf });

/** Scores every customer active at the start of `asOf` from the read side as it is, and stores the ranking. */
export async function countRanking(store: RankingStore, db: Db, timeZone: string, asOf: IsoDate, clock: () => Date): Promise<RankingCount> {
  const startedAt = clock();
  const readSide = await readSideVersion(db, churnSourceProjections)();
  const ms = startOfDayIn(asOf, timeZone);
  const [signals, tiers] = await Promise.all([allSignals(db), tiersBefore(db, ms)]);
  const byId = new Map(signals.map((customer) => [customer.customerId, customer]));
  const risks = risksAt(signals, ms, churnModel);
  const rows = risks.map((risk) => riskRow(risk, byId.get(risk.customerId)!, tiers.get(risk.customerId) ?? null, asOf));
  const head = await store.write(rankingKey(timeZone, asOf), rows, { readSide, startedAt, countedAt: clock() });
  await store.prune(keptRankings, new Date(startedAt.getTime() - abandonedAfterMs));
  return { head, risks, tiers };
}

/** A page of the ranking: the rows after `after` in the selection, scoring at least `minScore`; null when the set was replaced meanwhile. */
export async function rankingPage(store: RankingStore, head: RankingHead, { selection, minScore, after, limit }: RankingPageQuery) {
  const summary = head.selections[selection];
  if (summary === undefined) return { rows: [], customers: 0, next: null };
  const pageAt = async (number: number) => (await store.pages<RiskRow>(head, selection, [number]))?.[0] ?? [];
  const customers = await countAtLeast(summary, minScore, pageAt);
  const start = after === undefined ? 0 : ((await rankAfter(store, head, selection, after)) ?? customers);
  const end = Math.min(start + limit, customers);
  const numbers = pagesHolding(start, end);
  const read = await store.pages<RiskRow>(head, selection, numbers);
  if (read === null) return null;
  const offset = (numbers[0] ?? 0) * pageRows;
  const rows = read.flat().slice(start - offset, end - offset);
  return { rows, customers, next: end < customers ? rows.at(-1)!.customerId : null };
}

/** The rank after `after`'s own; null when it is not in the selection (that ends the listing). */
async function rankAfter(store: RankingStore, head: RankingHead, selection: string, after: string): Promise<number | null> {
  const group = idGroupOf(head.idGroups, after);
  if (group === null) return null;
  const entry = (await store.idEntries(head, group))?.find(([customerId]) => customerId === after);
  const rank = rankOf(entry, selection);
  return rank === null ? null : rank + 1;
}

export interface ChurnRankerOptions {
  readonly db: Db;
  readonly timeZone: string;
  readonly clock: () => Date;
  /** Where the rankings' writes run one at a time across processes (ranking-store.ts). */
  readonly rankingWrites: Exclusive;
  /** At most this share of the time counting again in the background (kept-counts.ts). */
  readonly busyShare?: number;
}

/**
 * What the risk listing and the backtest read: counts over every customer, kept in documents (kept-counts.ts). A day's
 * ranking is counted by the daily win-back scan or by the first request for that day, then read page by page; a
 * backtest by the first request for its asOf and horizon.
 */
export function churnRanker({ db, timeZone, clock, rankingWrites, busyShare = 0.1 }: ChurnRankerOptions) {
  const store = rankingStore(db, rankingWrites);
  const backtests = backtestStore(db);
  const version = readSideVersion(db, churnSourceProjections);
  const rankings = keptCounts({
    id: (asOf: IsoDate) => asOf,
    read: async (asOf) => {
      const head = await store.head(rankingKey(timeZone, asOf));
      return head === null || head.set === '' ? null : head;
    },
    count: async (asOf) => (await countRanking(store, db, timeZone, asOf, clock)).head,
    version, clock, busyShare,
  });
  const backtestsKept = keptCounts({
    id: backtestId,
    read: backtests.read,
    count: async (key: BacktestKey) => {
      const [countStartedAt, readSide] = [clock(), await version()];
      const metrics = backtest(await allSignals(db), startOfDayIn(key.asOf as IsoDate, timeZone), key.horizonDays, churnModel);
      return backtests.write({ _id: backtestId(key), readSide, countStartedAt, countedAt: clock(), metrics });
    },
    version, clock, busyShare,
  });

  return {
    /** A page of `asOf`'s ranking, read again from a new head if a count replaced the set while it was read. */
    async risks(asOf: IsoDate, query: RankingPageQuery, ask: KeptAsk) {
      for (let attempt = 0; ; attempt += 1) {
        const { count: head, moved } = await rankings(asOf, attempt === 0 ? ask : { ...ask, fresh: false });
        const found = await rankingPage(store, head, query);
        if (found !== null) return { ...found, head, moved };
        if (attempt === 2) throw new Error(`the churn ranking of ${asOf} was replaced three times while a page was read`);
      }
    },
    async backtest(asOf: IsoDate, horizonDays: number, ask: KeptAsk) {
      return backtestsKept({ modelId: churnModel.id, modelVersion: churnModel.version, timeZone, asOf, horizonDays }, ask);
    },
  };
}

export type ChurnRanker = ReturnType<typeof churnRanker>;

/** The rankings and backtests kept, as one string for the answer cache's version: a count named in the background changes it. */
export function churnKeptVersion(db: Db): () => Promise<string> {
  return async () => {
    const [heads, backtests] = await Promise.all([
      db.collection<{ _id: string; set: string }>(churnRankingsCollection).find({}, { projection: { set: 1 } }).toArray(),
      db.collection<{ _id: string; countedAt: Date }>(churnBacktestsCollection).find({}, { projection: { countedAt: 1 } }).toArray(),
    ]);
    return [...heads.map(({ _id, set }) => `${_id}@${set}`), ...backtests.map(({ _id, countedAt }) => `${_id}@${countedAt.getTime()}`)].sort().join(',');
  };
}

