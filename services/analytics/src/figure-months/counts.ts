import type { Month } from '../metrics/period.js';

/** Named tallies of a cell: a figure's numerators and denominators, a histogram's bins (`csat:5`). Zeros are left out. */
export type Counts = Readonly<Record<string, number>>;

/** The values of a cell's dimensions, in the order its family names them (null: none). */
export type CellKey = readonly (string | null)[];

export interface Cell {
  readonly key: CellKey;
  readonly counts: Counts;
}

/** What one fact adds to one month's figures of a family: counts in the cell of its dimension values. */
export interface Increment extends Cell {
  readonly family: string;
  readonly month: Month;
}

export function addCounts(sum: Counts, more: Counts, sign = 1): Counts {
  const next: Record<string, number> = { ...sum };
  for (const [name, count] of Object.entries(more)) {
    const total = (next[name] ?? 0) + sign * count;
    if (total === 0) delete next[name];
    else next[name] = total;
  }
  return next;
}

export const sumCounts = (all: readonly Counts[]): Counts => all.reduce<Counts>((sum, counts) => addCounts(sum, counts), {});

const sameKey = (a: CellKey, b: CellKey) => a.length === b.length && a.every((value, index) => value === b[index]);

/** The cells with `counts` added (sign 1) or taken away (-1) in the cell of `key`; a cell left without counts is dropped. */
export function addToCells(cells: readonly Cell[], key: CellKey, counts: Counts, sign = 1): Cell[] {
  const existing = cells.find((cell) => sameKey(cell.key, key));
  const added = addCounts(existing?.counts ?? {}, counts, sign);
  const others = cells.filter((cell) => cell !== existing);
  return Object.keys(added).length === 0 ? others : [...others, { key, counts: added }];
}

/** `counts` once for each of `names` (a histogram's bins). */
export const tally = (names: readonly string[]): Counts => names.reduce<Counts>((counts, name) => addCounts(counts, { [name]: 1 }), {});

/** The bins `prefix:<value>` of a histogram, as values and their counts. */
export function histogram(counts: Counts, prefix: string): { readonly value: string; readonly count: number }[] {
  return Object.entries(counts)
    .filter(([name]) => name.startsWith(`${prefix}:`))
    .map(([name, count]) => ({ value: name.slice(prefix.length + 1), count }));
}

/** The numbers of a histogram of numbers, each as often as it was counted. */
export function valuesOf(counts: Counts, prefix: string): number[] {
  return histogram(counts, prefix).flatMap(({ value, count }) => Array.from({ length: count }, () => Number(value)));
}
