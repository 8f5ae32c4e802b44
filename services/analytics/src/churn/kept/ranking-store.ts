import { randomUUID } from 'node:crypto';
import { findByIds, isDuplicateKey } from '@ctp/projections';
import type { Exclusive } from '@ctp/service-kit';
import type { Collection, Db } from 'mongodb';
import type { KeptCount } from './kept-counts.js';
import { layRanking, type IdEntry, type RankedRow, type RankingLayout, type SelectionSummary } from './ranking-layout.js';

/**
 * Collection `churnRankings`: a head per model, zone and asOf day (`churn-ranking-v1:churn-weighted-sum@2@Asia/Shanghai:2026-12-05`)
 * naming the set of pages in force. Collection `churnRankingPages`: the pages of every set (`<set>/<selection>/<page>`,
 * rows as one JSON string each: FerretDB 1.24 decodes a document element by element) and the id groups
 * (`<set>/ids/<group>`). A set is written whole before the head names it; the sets a head has begun are listed in it
 * first, so the pages of a set never named (a count that crashed or lost the race) are deleted by the next count.
 * Writes and prunes run one at a time across processes (`exclusive`): FerretDB 1.24 applies the head's filtered
 * updates as a read and a write, so two counts at once could both name their set (one's pages deleted by the other).
 */
export const churnRankingsCollection = 'churnRankings';
export const churnRankingPagesCollection = 'churnRankingPages';
/** The exclusive section the rankings kept in a database are written under, in every process. */
export const rankingWritesSection = (db: Db) => `ctp-churn-rankings:${db.databaseName}`;

export interface RankingKey {
  readonly modelId: string;
  readonly modelVersion: number;
  readonly timeZone: string;
  readonly asOf: string;
}

export interface RankingHead extends KeptCount {
  readonly _id: string;
  readonly asOf: string;
  /** The pages in force: `<head id>|<generation>`. */
  readonly set: string;
  readonly selections: Record<string, SelectionSummary>;
  readonly idGroups: RankingLayout<RankedRow>['idGroups'];
  /** Sets begun and not yet deleted, the one in force among them. */
  readonly begun: readonly string[];
}

interface PageDocument {
  readonly _id: string;
  readonly set: string;
  readonly content: string;
}

/** The key as the ids of what is kept for it name it: `churn-weighted-sum@2@Asia/Shanghai:2026-12-05`. */
export const rankingKeyText = ({ modelId, modelVersion, timeZone, asOf }: RankingKey) => `${modelId}@${modelVersion}@${timeZone}:${asOf}`;
export const rankingHeadId = (key: RankingKey) => `churn-ranking-v1:${rankingKeyText(key)}`;
const pageId = (set: string, selection: string, page: number) => `${set}/${selection}/${page}`;
const idGroupId = (set: string, group: number) => `${set}/ids/${group}`;
const writeBatch = 20;

export interface RankingStore {
  head(key: RankingKey): Promise<RankingHead | null>;
  /** Writes the ranking as a new set and names it in the head unless a set begun later is in force already; returns the head in force. */
  write<Row extends RankedRow>(key: RankingKey, ranked: readonly Row[], count: { readonly readSide: string; readonly startedAt: Date; readonly countedAt: Date }): Promise<RankingHead>;
  /** The rows of these pages of a selection, page by page; null when the set is gone (a newer count replaced it). */
  pages<Row extends RankedRow>(head: RankingHead, selection: string, pages: readonly number[]): Promise<Row[][] | null>;
  idEntries(head: RankingHead, group: number): Promise<IdEntry[] | null>;
  /**
   * Deletes, with their pages, the heads beyond the `keep` most recently counted, and the heads that never named a set
   * whose count began before `abandonedBefore` (a first count of a day that died).
   */
  prune(keep: number, abandonedBefore: Date): Promise<number>;
}

export function rankingStore(db: Db, exclusive: Exclusive): RankingStore {
  const heads = db.collection<RankingHead>(churnRankingsCollection);
  const pages = db.collection<PageDocument>(churnRankingPagesCollection);
  // Pages are deleted by an equality on `set` (FerretDB serves it from the GIN index infra/ferretdb/field-indexes.sql
  // adds); made before the first write, not as the routes register.
  let indexed: Promise<unknown> | null = null;
  const index = () => (indexed ??= pages.createIndex({ set: 1 }).catch((error: unknown) => {
    indexed = null;
    throw error;
  }));
  const readContent = async <T>(ids: readonly string[]): Promise<T[] | null> => {
    const found = await findByIds(pages, ids);
    return found.length === ids.length ? ids.map((id) => JSON.parse(found.find(({ _id }) => _id === id)!.content) as T) : null;
  };
  return {
    head: (key) => heads.findOne({ _id: rankingHeadId(key) }),
    write: (key, ranked, count) => exclusive(async () => {
      const id = rankingHeadId(key);
      const set = `${id}|${randomUUID()}`;
      await index();
      await begin(heads, id, key.asOf, set, count.startedAt);
      const layout = layRanking(ranked);
      await insertPages(pages, set, layout);
      const head: RankingHead = { _id: id, asOf: key.asOf, set, selections: layout.selections, idGroups: layout.idGroups, readSide: count.readSide, countStartedAt: count.startedAt, countedAt: count.countedAt, begun: [] };
      const { inForce, named } = await nameSet(heads, head);
      // The winner deletes the sets begun before its own; a loser deletes its own.
      if (named) await deleteSets(heads, pages, inForce, inForce.begun.slice(0, inForce.begun.indexOf(set)));
      else await deleteSets(heads, pages, (await heads.findOne({ _id: id })) ?? inForce, [set]);
      return inForce;
    }),
    async pages<Row extends RankedRow>(head: RankingHead, selection: string, numbers: readonly number[]) {
      return readContent<Row[]>(numbers.map((page) => pageId(head.set, selection, page)));
    },
    async idEntries(head, group) {
      return (await readContent<IdEntry[]>([idGroupId(head.set, group)]))?.[0] ?? null;
    },
    prune: (keep, abandonedBefore) => exclusive(async () => {
      const all = await heads.find({}, { projection: { _id: 1, set: 1, countStartedAt: 1, countedAt: 1 } }).sort({ countedAt: -1 }).toArray();
      const named = all.filter(({ set }) => set !== '');
      const abandoned = all.filter(({ set, countStartedAt }) => set === '' && countStartedAt < abandonedBefore);
      const old = [...named.slice(keep), ...abandoned];
      for (const { _id } of old) {
        const head = await heads.findOne({ _id });
        if (head === null) continue;
        await pages.deleteMany({ set: { $in: [...new Set([...head.begun, head.set])] } });
        await heads.deleteOne({ _id, set: head.set, begun: head.begun as string[] });
      }
      return old.length;
    }),
  };
}

/** Lists `set` last among the head's begun sets (creating a placeholder head, naming no set, when none exists yet). */
async function begin(heads: Collection<RankingHead>, id: string, asOf: string, set: string, startedAt: Date): Promise<void> {
  for (;;) {
    const current = await heads.findOne({ _id: id });
    if (current === null) {
      const placeholder = { _id: id, asOf, set: '', selections: {}, idGroups: [], readSide: '', countStartedAt: startedAt, countedAt: new Date(0), begun: [set] };
      try {
        await heads.insertOne(placeholder);
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        continue;
      }
    }
    const { matchedCount } = await heads.updateOne({ _id: id, set: current.set, begun: current.begun as string[] }, { $set: { begun: [...current.begun, set] } });
    if (matchedCount === 1) return;
  }
}

async function insertPages(pages: Collection<PageDocument>, set: string, layout: RankingLayout<RankedRow>): Promise<void> {
  const documents: PageDocument[] = [
    ...[...layout.pages].flatMap(([selection, ofSelection]) => ofSelection.map((rows, page) => ({ _id: pageId(set, selection, page), set, content: JSON.stringify(rows) }))),
    ...layout.idGroupEntries.map((entries, group) => ({ _id: idGroupId(set, group), set, content: JSON.stringify(entries) })),
  ];
  for (let start = 0; start < documents.length; start += writeBatch) await pages.insertMany(documents.slice(start, start + writeBatch), { ordered: false });
}

/**
 * The head names `head.set` unless a set begun after it is in force already (a count that began writing later is
 * as fresh or fresher); the head in force after, and whether it is this one.
 */
async function nameSet(heads: Collection<RankingHead>, head: RankingHead): Promise<{ inForce: RankingHead; named: boolean }> {
  for (;;) {
    const current = await heads.findOne({ _id: head._id });
    if (current === null) throw new Error(`churn ranking head ${head._id} vanished while counting`);
    const mine = current.begun.indexOf(head.set);
    if (mine === -1 || current.begun.indexOf(current.set) > mine) return { inForce: current, named: false };
    const next = { ...head, begun: current.begun };
    const { matchedCount } = await heads.replaceOne({ _id: head._id, set: current.set, begun: current.begun as string[] }, next);
    if (matchedCount === 1) return { inForce: next, named: true };
  }
}

/** Deletes the pages of `sets`, then drops them from the head's list (when the list has not moved meanwhile: else the next count does). */
async function deleteSets(heads: Collection<RankingHead>, pages: Collection<PageDocument>, head: RankingHead, sets: readonly string[]): Promise<void> {
  if (sets.length === 0) return;
  for (const set of sets) await pages.deleteMany({ set });
  await heads.updateOne({ _id: head._id, set: head.set, begun: head.begun as string[] }, { $set: { begun: head.begun.filter((set) => !sets.includes(set)) } });
}
