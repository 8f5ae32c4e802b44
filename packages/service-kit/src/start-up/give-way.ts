import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * For background work that computes for long between its reads and writes (a follower catching up on a batch of the
 * feed): awaited between units of the work, the function answered lets the event loop turn once the work has run for
 * `sliceMs` since it last did, so requests arriving meanwhile wait for a slice, not for the whole batch (analytics'
 * followers catching up on 10,000 customers held its routes for 40 to 250 ms at a time).
 */
export function timeSlices(sliceMs = 10, now: () => number = () => performance.now()): () => Promise<void> {
  let since = now();
  return async () => {
    if (now() - since < sliceMs) return;
    await nextTurn();
    since = now();
  };
}
