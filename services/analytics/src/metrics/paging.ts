/** A page of facts ordered by id: those after `after`, at most `limit`; `next` is the `after` of the following page, or null. */
export function page<T extends { readonly id: string }>(facts: readonly T[], { limit, after }: { limit: number; after?: string | undefined }): { rows: T[]; next: string | null } {
  const ordered = [...facts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).filter(({ id }) => after === undefined || id > after);
  const rows = ordered.slice(0, limit);
  return { rows, next: ordered.length > limit ? rows.at(-1)!.id : null };
}
