import { evolveTierStanding, noTierStanding, tierInForce, type GlobalPosition, type TierEvent } from '@ctp/contracts';
import { monthIn, type Month } from '../metrics/period.js';
import type { TierDirection } from './tier-projection.js';

/** One event of a customer's tier stream as the fold takes it; `fact` null: an event that moves no tier (a warning). */
export interface StreamTierEvent {
  readonly position: GlobalPosition;
  readonly at: Date;
  readonly fact: { readonly direction: TierDirection; readonly event: TierEvent } | null;
}

/** Customers gained (positive) or lost per tier. */
export type TierNets = Readonly<Record<string, number>>;

export interface MonthMove {
  readonly month: Month;
  readonly from: string | null;
  readonly to: string | null;
  readonly direction: TierDirection;
}

/**
 * What one movement adds to the monthly figures: itself, counted in its month, and the change it makes to the
 * customers per tier at each month's end, as nets per month (the count at a month's end is the sum of the nets
 * of every month up to it).
 */
export interface TierChange {
  readonly position: GlobalPosition;
  readonly movement: MonthMove;
  readonly nets: Readonly<Record<Month, TierNets>>;
}

interface Step {
  readonly month: Month;
  readonly to: string | null;
}

/**
 * The changes of the events at `indexes` of one customer's tier stream (in stream order), folded from the whole
 * stream as `movementsInForce` folds it: an event after which `tierInForce` differs is a movement. A customer's
 * tier at a month's end is the `to` of their last movement (in stream order) in or before that month, so a
 * movement's nets are the difference of that step function before and after it; for events in time order that is
 * -1 for `from` and +1 for `to` in the movement's month.
 */
export function tierChangesOf(stream: readonly StreamTierEvent[], indexes: ReadonlySet<number>, timeZone: string): TierChange[] {
  const last = Math.max(-1, ...indexes);
  const steps: Step[] = [];
  const changes: TierChange[] = [];
  for (const { index, event, from, to, direction } of movementsOfStream(stream)) {
    if (index > last) break;
    const month = monthIn(event.at.getTime(), timeZone);
    const before = [...steps];
    steps.push({ month, to });
    if (indexes.has(index)) changes.push({ position: event.position, movement: { month, from, to, direction }, nets: netsBetween(before, steps) });
  }
  return changes;
}

/** A movement of a customer's tier stream: the event at `index`, and the tiers in force before and after it. */
export interface StreamMovement<E extends StreamTierEvent> {
  readonly index: number;
  readonly event: E;
  readonly from: string | null;
  readonly to: string | null;
  readonly direction: TierDirection;
}

/** The movements of one customer's tier stream, in stream order: the events after which `tierInForce` differs (as `movementsInForce` folds). */
export function* movementsOfStream<E extends StreamTierEvent>(stream: readonly E[]): Generator<StreamMovement<E>> {
  let standing = noTierStanding;
  for (const [index, event] of stream.entries()) {
    if (event.fact === null) continue;
    const from = tierInForce(standing)?.tier ?? null;
    standing = evolveTierStanding(standing, event.fact.event);
    const to = tierInForce(standing)?.tier ?? null;
    if (from !== to) yield { index, event, from, to, direction: event.fact.direction };
  }
}

const tierAt = (steps: readonly Step[], month: Month): string | null => steps.findLast((step) => step.month <= month)?.to ?? null;

function netsBetween(before: readonly Step[], after: readonly Step[]): Record<Month, TierNets> {
  const nets: Record<Month, TierNets> = {};
  let previous: TierNets = {};
  for (const month of [...new Set(after.map((step) => step.month))].sort()) {
    const difference = addNets(addNets({}, tierAt(after, month), 1), tierAt(before, month), -1);
    const net = subtractNets(difference, previous);
    if (Object.keys(net).length > 0) nets[month] = net;
    previous = difference;
  }
  return nets;
}

/** `nets` with `count` more customers in `tier` (none: unchanged); tiers at 0 are left out. */
export function addNets(nets: TierNets, tier: string | null, count: number): TierNets {
  if (tier === null || count === 0) return nets;
  const { [tier]: was = 0, ...rest } = nets;
  return was + count === 0 ? rest : { ...rest, [tier]: was + count };
}

function subtractNets(nets: TierNets, minus: TierNets): TierNets {
  return Object.entries(minus).reduce((result, [tier, count]) => addNets(result, tier, -count), nets);
}

/** The sum of several months' nets. */
export function sumNets(all: readonly TierNets[]): TierNets {
  return all.reduce((sum, nets) => Object.entries(nets).reduce((result, [tier, count]) => addNets(result, tier, count), sum), {});
}
