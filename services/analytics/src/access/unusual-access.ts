import type { KeyHolder } from '@ctp/contracts';

/** One read of a customer's personal data, as far as the leak signal needs it. */
export interface AccessRead {
  readonly actorId: string;
  readonly role: string | null;
  /** Whom the key is issued to, when the read named it. */
  readonly holder?: KeyHolder | null;
  readonly customerId: string;
}

export interface UnusualAccessOptions {
  /** How many times the peers' median an actor must exceed to be unusual. */
  readonly factor: number;
  /** Fewer distinct customers than this are never unusual, whatever the peers read. */
  readonly minCustomers: number;
}

export interface ActorAccess {
  readonly actorId: string;
  readonly role: string | null;
  /** The person or system holding the key, as the last of its reads (in the order given) that named one did; null if none did. */
  readonly holder: KeyHolder | null;
  readonly customers: number;
  readonly reads: number;
  /** Other actors of the same role in the period. */
  readonly peers: number;
  /** The median of the peers' distinct customers; null without peers. */
  readonly peerMedian: number | null;
  /** customers / peerMedian; null without peers or when the peers read nobody. */
  readonly ratio: number | null;
  readonly unusual: boolean;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The leak signal: each actor's distinct customers read in the period against the median of the other actors of
 * the same role. Unusual when at least `minCustomers` and more than `factor` times that median; an actor with no
 * peers, or whose peers read nobody, is unusual on `minCustomers` alone. Most unusual first.
 */
export function unusualAccess(reads: readonly AccessRead[], { factor, minCustomers }: UnusualAccessOptions): ActorAccess[] {
  const actors = new Map<string, { role: string | null; holder: KeyHolder | null; customers: Set<string>; reads: number }>();
  for (const { actorId, role, holder, customerId } of reads) {
    const actor = actors.get(actorId) ?? { role, holder: null, customers: new Set<string>(), reads: 0 };
    actor.customers.add(customerId);
    actor.reads += 1;
    actor.holder = holder ?? actor.holder;
    actors.set(actorId, actor);
  }
  const rows = [...actors].map(([actorId, { role, holder, customers, reads: count }]) => {
    const peerCounts = [...actors].filter(([id, other]) => id !== actorId && other.role === role).map(([, other]) => other.customers.size);
    const peerMedian = median(peerCounts);
    const ratio = peerMedian === null || peerMedian === 0 ? null : Math.round((customers.size / peerMedian) * 100) / 100;
    const unusual = customers.size >= minCustomers && (ratio === null || ratio > factor);
    return { actorId, role, holder, customers: customers.size, reads: count, peers: peerCounts.length, peerMedian, ratio, unusual };
  });
  return rows.sort((a, b) => Number(b.unusual) - Number(a.unusual) || (b.ratio ?? Infinity) - (a.ratio ?? Infinity) || b.customers - a.customers || a.actorId.localeCompare(b.actorId));
}
