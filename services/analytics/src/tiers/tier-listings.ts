import { compareGlobalPositions, type GlobalPosition } from '@ctp/contracts';
import type { Month } from '../metrics/period.js';
import { matches } from './dimension-match.js';
import type { Chunk } from '../metrics/sorted-chunks.js';
import type { TierDirection } from './tier-projection.js';

/** What a row needs of a movement beyond its tiers: its instant (ms), direction, rule, and the event it came from. */
type Detail = readonly [at: number, direction: TierDirection, rule: string | null, position: GlobalPosition, type: string];
/** A movement as its month's listing keeps it: all its row needs, so a page reads no fact document. */
export type MovementEntry = readonly [id: string, customerId: string, from: string | null, to: string | null, ...Detail];
/** A customer's movement as the customers' listing keeps it, in stream order. */
export type Step = readonly [month: Month, from: string | null, to: string | null, movementId: string, ...Detail];
/** A customer and all their movements: their tier at any month's end is the `to` of their last step in or before it. */
export type CustomerEntry = readonly [customerId: string, steps: readonly Step[]];

/**
 * The directory of the listings: per month, the chunks of its movements (by id); the chunks of every month's movements
 * in one list (by id), for a span of many months; the chunks of every customer's steps (by id).
 */
export interface TierListings {
  readonly movements: Readonly<Record<Month, readonly Chunk[]>>;
  readonly allMovements: readonly Chunk[];
  readonly customers: readonly Chunk[];
}
export const noListings: TierListings = { movements: {}, allMovements: [], customers: [] };

/** Entries per chunk (a chunk is cut once it holds twice as many): about 60 to 120 KB of JSON each. */
export const chunkSizes: ChunkSizes = { movements: 1_000, customers: 500 };
export interface ChunkSizes {
  readonly movements: number;
  readonly customers: number;
}

/** A movement of a customer's stream, as the follower folds it. */
export interface ListedMovement {
  readonly id: string;
  readonly position: GlobalPosition;
  readonly type: string;
  readonly at: number;
  readonly month: Month;
  readonly from: string | null;
  readonly to: string | null;
  readonly direction: TierDirection;
  readonly rule: string | null;
}

/** What a batch puts into the listings. */
export interface ListingPuts {
  readonly movements: ReadonlyMap<Month, readonly MovementEntry[]>;
  readonly customers: readonly CustomerEntry[];
}

/**
 * The puts of a batch, from the movements (up to the batch's end) of the customers it touched: each movement after
 * `after` (the head's position) in its month's listing, each customer's steps whole. Puts replace entries of the same
 * key with the same value, so a batch read again adds nothing twice.
 */
export function listingPutsOf(customers: readonly { readonly customerId: string; readonly movements: readonly ListedMovement[] }[], after: GlobalPosition | null): ListingPuts {
  const movements = new Map<Month, MovementEntry[]>();
  for (const { customerId, movements: ofCustomer } of customers) {
    for (const movement of ofCustomer) {
      if (after !== null && compareGlobalPositions(movement.position, after) <= 0) continue;
      const { id, month, from, to } = movement;
      (movements.get(month) ?? movements.set(month, []).get(month)!).push([id, customerId, from, to, ...detailOf(movement)]);
    }
  }
  const steps = customers.filter(({ movements: ofCustomer }) => ofCustomer.length > 0);
  return { movements, customers: steps.map(({ customerId, movements: ofCustomer }) => [customerId, ofCustomer.map((movement) => [movement.month, movement.from, movement.to, movement.id, ...detailOf(movement)] as const)]) };
}

const detailOf = ({ at, direction, rule, position, type }: ListedMovement): Detail => [at, direction, rule, position, type];

/** The step in force at the end of `month`: the last in or before it (null: no tier yet). */
export const stepAt = (steps: readonly Step[], month: Month): Step | null => steps.findLast(([stepMonth]) => stepMonth <= month) ?? null;

/** Whether a customer is listed at `month`'s end under `tier` (none given: any tier in force; `none`: withdrawn). */
export function inTierAt(entry: CustomerEntry, month: Month, tier: string | undefined): boolean {
  const step = stepAt(entry[1], month);
  return step !== null && (tier === undefined ? step[2] !== null : matches(step[2], tier));
}

/** Whether a movement passes the listing's filters. */
export const movementPasses = ([, , from, to, , direction]: MovementEntry, filters: { fromTier?: string | undefined; toTier?: string | undefined; direction?: string | undefined }) =>
  matches(from, filters.fromTier) && matches(to, filters.toTier) && matches(direction, filters.direction);
