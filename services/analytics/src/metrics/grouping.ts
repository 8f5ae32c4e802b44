/** The value a row has for each dimension of a grouping; null groups rows without one. */
export type GroupKey = Readonly<Record<string, string | null>>;

export interface Group<T> {
  readonly key: GroupKey;
  readonly rows: readonly T[];
}

/** Rows grouped by the named dimensions (none: one group of all), in key order. */
export function groupRows<T>(rows: readonly T[], dimensions: readonly string[], valueOf: (row: T, dimension: string) => string | null): Group<T>[] {
  const groups = new Map<string, { key: Record<string, string | null>; rows: T[] }>();
  for (const row of rows) {
    const key = Object.fromEntries(dimensions.map((dimension) => [dimension, valueOf(row, dimension)]));
    const id = JSON.stringify(dimensions.map((dimension) => key[dimension]));
    const group = groups.get(id) ?? { key, rows: [] };
    group.rows.push(row);
    groups.set(id, group);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
}
