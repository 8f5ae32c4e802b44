import type { World } from '../options.js';
import { createRng } from '../random/prng.js';

export interface Arrival {
  readonly index: number;
  readonly at: number;
  /** A customer from before the history starts, loaded in its first two weeks. */
  readonly existing: boolean;
}

const initialLoadSeconds = 14 * 86_400;

export function planArrival(world: World, index: number): Arrival {
  const rng = createRng(world.seed, 'arrival', index);
  const { clock } = world;
  const existing = rng.float() < world.existingShare;
  const span = existing ? clock.position(clock.start + initialLoadSeconds) : clock.totalPosition;
  return { index, at: clock.instant(rng.float() * span), existing };
}

/** Every customer's registration, in time order (ties by index); only numbers are kept. */
export function* arrivalsInOrder(world: World): Generator<Arrival> {
  const at = new Float64Array(world.customers);
  const existing = new Uint8Array(world.customers);
  for (let index = 0; index < world.customers; index++) {
    const arrival = planArrival(world, index);
    at[index] = arrival.at;
    existing[index] = arrival.existing ? 1 : 0;
  }
  const order = new Uint32Array(world.customers).map((_, index) => index);
  order.sort((a, b) => at[a]! - at[b]! || a - b);
  for (const index of order) yield { index, at: at[index]!, existing: existing[index] === 1 };
}
