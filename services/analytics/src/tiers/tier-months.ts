import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import type { Month } from '../metrics/period.js';
import { sumNets, type TierChange, type TierNets } from './tier-month-changes.js';
import type { TierDirection } from './tier-projection.js';

/** How many movements of a month went from one tier to another in one direction (null: no tier). */
export interface MoveCount {
  readonly from: string | null;
  readonly to: string | null;
  readonly direction: TierDirection;
  readonly movements: number;
}

/**
 * How far the feed was followed, every month's nets and every month's movement counts: the customers per tier at a
 * month's end are the sum of the nets of the months up to it, so the distribution and the movement counts of any
 * months are read from this one document.
 */
export interface TierMonthsHead {
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  readonly nets: Readonly<Record<Month, TierNets>>;
  readonly counts: Readonly<Record<Month, readonly MoveCount[]>>;
}

const after = (position: GlobalPosition, stored: { readonly position: GlobalPosition } | null) => stored === null || compareGlobalPositions(position, stored.position) > 0;

function countMovement(counts: readonly MoveCount[], { from, to, direction }: TierChange['movement']): MoveCount[] {
  const same = counts.find((count) => count.from === from && count.to === to && count.direction === direction);
  return same ? counts.map((count) => (count === same ? { ...count, movements: count.movements + 1 } : count)) : [...counts, { from, to, direction, movements: 1 }];
}

/**
 * The head after a batch: its nets and counts with the changes after its position added, at the batch's last
 * position, so a batch read again after a crash, or cut otherwise, adds nothing twice.
 */
export function addToHead(stored: TierMonthsHead | null, changes: readonly TierChange[], position: GlobalPosition, followedAt: Date): TierMonthsHead {
  const nets: Record<Month, TierNets> = { ...stored?.nets };
  const counts: Record<Month, readonly MoveCount[]> = { ...stored?.counts };
  for (const change of changes.filter((each) => after(each.position, stored))) {
    for (const [month, net] of Object.entries(change.nets)) nets[month] = sumNets([nets[month] ?? {}, net]);
    counts[change.movement.month] = countMovement(counts[change.movement.month] ?? [], change.movement);
  }
  return { position, followedAt, nets: Object.fromEntries(Object.entries(nets).filter(([, net]) => Object.keys(net).length > 0)), counts };
}

/** The customers per tier at the end of each of `months` (in order): the nets of every month up to it, summed. */
export function tiersAtMonthEnds(nets: Readonly<Record<Month, TierNets>>, months: readonly Month[]): Map<Month, TierNets> {
  const ordered = Object.keys(nets).sort();
  return new Map(months.map((month) => [month, sumNets(ordered.filter((each) => each <= month).map((each) => nets[each]!))]));
}
