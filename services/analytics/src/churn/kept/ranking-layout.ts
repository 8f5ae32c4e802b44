/**
 * How a churn ranking is laid out for paging, without any storage: the rows of every active customer in rank
 * order, once for all customers and once per tier (a selection), cut into pages of `pageRows`; and every customer's
 * rank in both, cut into groups of ids in id order, so `after` (a customer id) finds its rank with one read.
 */
export const pageRows = 100;
export const idGroupSize = 2_000;
export const allCustomers = 'all';

/** The selection a tier filter names: `tier:<tier>` (`tier:none`: no tier in force), or every customer. */
export const selectionOf = (tier: string | undefined) => (tier === undefined ? allCustomers : `tier:${tier}`);

export interface RankedRow {
  readonly customerId: string;
  readonly tier: string | null;
  readonly score: number;
}

export interface SelectionSummary {
  readonly count: number;
  /** The lowest score on each page, in page order (scores fall from page to page). */
  readonly lowestScores: readonly number[];
}

/** Where a customer stands: its rank among all and within its tier's selection. */
export type IdEntry = readonly [customerId: string, rankInAll: number, selection: string, rankInSelection: number];

export interface RankingLayout<Row extends RankedRow> {
  readonly selections: Record<string, SelectionSummary>;
  readonly pages: ReadonlyMap<string, readonly (readonly Row[])[]>;
  /** The first and last id of each group, in id order. */
  readonly idGroups: readonly { readonly first: string; readonly last: string }[];
  readonly idGroupEntries: readonly (readonly IdEntry[])[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** The layout of rows already in rank order (highest score first). */
export function layRanking<Row extends RankedRow>(ranked: readonly Row[]): RankingLayout<Row> {
  const members = new Map<string, Row[]>([[allCustomers, [...ranked]]]);
  for (const row of ranked) {
    const selection = selectionOf(row.tier ?? 'none');
    if (!members.has(selection)) members.set(selection, []);
    members.get(selection)!.push(row);
  }
  const pages = new Map([...members].map(([selection, rows]) => [selection, chunks(rows, pageRows)]));
  const selections = Object.fromEntries([...pages].map(([selection, ofSelection]) => [selection, { count: members.get(selection)!.length, lowestScores: ofSelection.map((page) => page.at(-1)!.score) }]));
  const rankInSelection = new Map<string, number>();
  for (const [selection, rows] of members) if (selection !== allCustomers) rows.forEach((row, rank) => rankInSelection.set(row.customerId, rank));
  const entries = ranked
    .map((row, rank): IdEntry => [row.customerId, rank, selectionOf(row.tier ?? 'none'), rankInSelection.get(row.customerId)!])
    .sort((a, b) => byId(a[0], b[0]));
  const idGroupEntries = chunks(entries, idGroupSize);
  return { selections, pages, idGroups: idGroupEntries.map((group) => ({ first: group[0]![0], last: group.at(-1)![0] })), idGroupEntries };
}

/** The group that would hold `customerId`, if any. */
export function idGroupOf(idGroups: RankingLayout<RankedRow>['idGroups'], customerId: string): number | null {
  const index = idGroups.findIndex(({ first, last }) => customerId >= first && customerId <= last);
  return index === -1 ? null : index;
}

/** The rank `after` names in `selection`: its own rank, or null when it is not in the selection. */
export function rankOf(entry: IdEntry | undefined, selection: string): number | null {
  if (entry === undefined) return null;
  if (selection === allCustomers) return entry[1];
  return entry[2] === selection ? entry[3] : null;
}

/**
 * How many rows of a selection score at least `minScore`: the pages before the first whose lowest score is below it,
 * plus that page's rows at or above it (read by `pageAt`, only when needed).
 */
export async function countAtLeast<Row extends RankedRow>(summary: SelectionSummary, minScore: number, pageAt: (page: number) => Promise<readonly Row[]>): Promise<number> {
  const first = summary.lowestScores.findIndex((lowest) => lowest < minScore);
  if (first === -1) return summary.count;
  return first * pageRows + (await pageAt(first)).filter(({ score }) => score >= minScore).length;
}

/** The pages holding ranks `[start, end)`. */
export function pagesHolding(start: number, end: number): number[] {
  if (end <= start) return [];
  const pages: number[] = [];
  for (let page = Math.floor(start / pageRows); page <= Math.floor((end - 1) / pageRows); page += 1) pages.push(page);
  return pages;
}
