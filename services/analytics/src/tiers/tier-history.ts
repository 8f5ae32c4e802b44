import { evolveTierStanding, noTierStanding, tierInForce } from '@ctp/contracts';
import type { TraceEvent } from '../metrics/drill.js';
import type { TierDirection, TierMovementDocument } from './tier-projection.js';

/** A tier event that changed the tier in force: `from` before it, `to` after it (null: none in force). */
export interface TierMovement {
  readonly id: string;
  readonly customerId: string;
  readonly at: Date;
  readonly from: string | null;
  readonly to: string | null;
  readonly direction: TierDirection;
  readonly rule: string | null;
  readonly trace: readonly TraceEvent[];
}

/**
 * Folds each customer's documents in position order through `evolveTierStanding`, keeping the
 * events after which `tierInForce` names another tier; the result is ordered by customer, then position.
 */
export function movementsInForce(documents: readonly TierMovementDocument[]): TierMovement[] {
  const ordered = [...documents].sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : compareBig(a.position, b.position)));
  const movements: TierMovement[] = [];
  let customerId: string | null = null;
  let standing = noTierStanding;
  for (const document of ordered) {
    if (document.customerId !== customerId) [customerId, standing] = [document.customerId, noTierStanding];
    const from = tierInForce(standing)?.tier ?? null;
    standing = evolveTierStanding(standing, document.event);
    const to = tierInForce(standing)?.tier ?? null;
    if (from === to) continue;
    const { _id: id, at, direction, rule, trace } = document;
    movements.push({ id, customerId: document.customerId, at, from, to, direction, rule, trace });
  }
  return movements;
}

/** Each customer's last movement before `endMs`: its `to` is the tier in force then (null: withdrawn). */
export function standingsAt(movements: readonly TierMovement[], endMs: number): Map<string, TierMovement> {
  const latest = new Map<string, TierMovement>();
  for (const movement of movements) if (movement.at.getTime() < endMs) latest.set(movement.customerId, movement);
  return latest;
}

/** Each customer's tier in force just before `endMs`, with the movement that put it there; customers without one are left out. */
export function tiersAt(movements: readonly TierMovement[], endMs: number): Map<string, TierMovement> {
  const latest = standingsAt(movements, endMs);
  for (const [customerId, movement] of latest) if (movement.to === null) latest.delete(customerId);
  return latest;
}

function compareBig(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
