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

/** One month (business time zone) as of `position`: its movements counted, each movement up to that position once. */
export interface TierMonth {
  readonly month: Month;
  readonly position: GlobalPosition;
  readonly counts: readonly MoveCount[];
}

/**
 * How far the feed was followed, and every month's nets: the customers per tier at a month's end are the sum of
 * the nets of the months up to it, so the distribution of any months is read from this one document.
 */
export interface TierMonthsHead {
  readonly position: GlobalPosition;
  readonly followedAt: Date;
  readonly nets: Readonly<Record<Month, TierNets>>;
}

const after = (position: GlobalPosition, stored: { readonly position: GlobalPosition } | null) => stored === null || compareGlobalPositions(position, stored.position) > 0;

/**
 * A month's movements of a batch (feed order) added to the month as stored, skipping those at or before its
 * position, so a batch read again after a crash, or cut otherwise, adds nothing twice. Null: nothing new.
 */
export function addToMonth(stored: TierMonth | null, month: Month, changes: readonly TierChange[], position: GlobalPosition): TierMonth | null {
  const fresh = changes.filter((change) => change.movement.month === month && after(change.position, stored));
  if (fresh.length === 0) return null;
  const counts = (stored?.counts ?? []).map((count) => ({ ...count }));
  for (const { movement: { from, to, direction } } of fresh) {
    const same = counts.find((count) => count.from === from && count.to === to && count.direction === direction);
    if (same) same.movements += 1;
    else counts.push({ from, to, direction, movements: 1 });
  }
  return { month, position, counts };
}

/** The head after a batch: its nets with the changes after its position added, at the batch's last position. */
export function addToHead(stored: TierMonthsHead | null, changes: readonly TierChange[], position: GlobalPosition, followedAt: Date): TierMonthsHead {
  const nets: Record<Month, TierNets> = { ...stored?.nets };
  for (const change of changes.filter((each) => after(each.position, stored))) {
    for (const [month, net] of Object.entries(change.nets)) nets[month] = sumNets([nets[month] ?? {}, net]);
  }
  return { position, followedAt, nets: Object.fromEntries(Object.entries(nets).filter(([, net]) => Object.keys(net).length > 0)) };
}

/** The customers per tier at the end of each of `months` (in order): the nets of every month up to it, summed. */
export function tiersAtMonthEnds(nets: Readonly<Record<Month, TierNets>>, months: readonly Month[]): Map<Month, TierNets> {
  const ordered = Object.keys(nets).sort();
  return new Map(months.map((month) => [month, sumNets(ordered.filter((each) => each <= month).map((each) => nets[each]!))]));
}
