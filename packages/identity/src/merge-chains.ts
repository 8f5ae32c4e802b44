/**
 * What resolution needs to know of one customer id, as folded from its own stream: CustomerMergedInto
 * sets `mergedInto` (this id was merged away), CustomersMerged adds to `mergedFrom` (ids merged into it).
 * A merged-away id may itself be a survivor of earlier merges, so merges form chains and trees.
 */
export interface MergeLinks {
  readonly mergedInto: string | null;
  readonly mergedFrom: readonly string[];
}

/** The customers known so far, by id; an id missing from it is one whose stream is not read (yet). */
export type Links = ReadonlyMap<string, MergeLinks>;

/**
 * Adds a merge to links being folded from facts in their order (CustomersMerged on the survivor, and
 * the CustomerMergedInto it implies on each merged-away id), for callers that keep no per-stream state.
 */
export function recordMerge(links: Map<string, MergeLinks>, survivorId: string, mergedAwayIds: readonly string[]): void {
  const survivor = links.get(survivorId);
  links.set(survivorId, { mergedInto: survivor?.mergedInto ?? null, mergedFrom: [...(survivor?.mergedFrom ?? []), ...mergedAwayIds] });
  for (const id of mergedAwayIds) links.set(id, { mergedInto: survivorId, mergedFrom: links.get(id)?.mergedFrom ?? [] });
}

/** The id, then each id it was merged into in turn, ending with its survivor (a cycle ends it). */
export function mergeChain(links: Links, customerId: string): string[] {
  const chain = [customerId];
  for (let next = links.get(customerId)?.mergedInto; next && !chain.includes(next); next = links.get(next)?.mergedInto) chain.push(next);
  return chain;
}

/** The customer an id's facts belong to now: itself, or the survivor at the end of its merges (a cycle ends it). */
export function survivorOf(links: Links, customerId: string): string {
  return mergeChain(links, customerId).at(-1)!;
}

/**
 * The survivor first, then every id merged into it, directly or through earlier merges, in the order
 * they were merged (breadth first); an id not in `links` is listed but not looked into.
 */
export function mergeGroup(links: Links, survivorId: string): string[] {
  const group = [survivorId];
  const seen = new Set(group);
  for (let index = 0; index < group.length; index += 1) {
    for (const away of links.get(group[index]!)?.mergedFrom ?? []) {
      if (seen.has(away)) continue;
      seen.add(away);
      group.push(away);
    }
  }
  return group;
}

/**
 * Ids to read before these ids' survivors and merge groups can be resolved: each id not read yet, and
 * every id a read one was merged into or absorbed. Read them and ask again until it answers none.
 */
export function missingIds(links: Links, customerIds: Iterable<string>): string[] {
  const missing = new Set<string>();
  const visit = (id: string) => {
    const known = links.get(id);
    if (!known) {
      missing.add(id);
      return;
    }
    for (const linked of [...(known.mergedInto === null ? [] : [known.mergedInto]), ...known.mergedFrom]) if (!links.has(linked)) missing.add(linked);
  };
  for (const id of customerIds) visit(id);
  for (const id of links.keys()) visit(id);
  return [...missing];
}

/**
 * Whose keys an erasure destroys: every erased customer and every `requested` one, each with every id
 * merged into it (one person, one erasure). Destroying a key twice must be harmless: an erased
 * customer is listed again so a key that outlived a crash is destroyed the next time.
 */
export function erasedIds(links: ReadonlyMap<string, MergeLinks & { readonly erased: boolean }>, requested: Iterable<string> = []): Set<string> {
  const erased = [...[...links].filter(([, customer]) => customer.erased).map(([id]) => id), ...requested];
  return new Set(erased.flatMap((id) => mergeGroup(links, id)));
}

export class MergeChainTooLongError extends Error {
  constructor(readonly customerId: string, readonly maxMerges: number) {
    super(`customer ${customerId} is merged more than ${maxMerges} times over`);
  }
}

/**
 * Follows an id to its survivor when each step is a read (a read model's document, a stream as of an
 * instant): `load` reads one id, `mergedIntoOf` says where that read says it went. A chain longer than
 * `maxMerges` (B into A, later A into Z, ...) is a data error, not a customer: MergeChainTooLongError.
 */
export async function followMerges<T>(
  customerId: string,
  load: (customerId: string) => Promise<T>,
  mergedIntoOf: (found: T) => string | null,
  maxMerges = 20,
): Promise<{ readonly customerId: string; readonly found: T; readonly mergedAway: boolean }> {
  let current = customerId;
  for (let merges = 0; merges <= maxMerges; merges += 1) {
    const found = await load(current);
    const next = mergedIntoOf(found);
    if (next === null) return { customerId: current, found, mergedAway: current !== customerId };
    current = next;
  }
  throw new MergeChainTooLongError(customerId, maxMerges);
}
