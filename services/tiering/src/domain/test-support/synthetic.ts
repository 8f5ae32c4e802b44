import { DAY_MS } from '@ctp/calendar';
import type { CustomerHistory, Purchase } from '../metrics.js';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Customers with 0..24 purchases and 0..12 interactions over the two years before `asOf`. */
export function syntheticHistories(count: number, asOf: number, seed = 7): CustomerHistory[] {
  const next = random(seed);
  const within = (days: number) => asOf - Math.floor(next() * days * DAY_MS);
  return Array.from({ length: count }, (_, i) => {
    const purchases: Purchase[] = Array.from({ length: Math.floor(next() ** 2 * 25) }, (_, j) => {
      const amountMinor = Math.floor(next() * 2_000_000) + 1_000;
      return { orderId: `SO-${i}-${j}`, at: within(730), amountMinor, marginMinor: Math.floor(amountMinor * (next() * 0.4 - 0.05)), currency: 'CNY' };
    });
    return {
      customerId: `C-${i}`,
      customerSince: new Date(within(3_650)).toISOString().slice(0, 10),
      registeredAt: null,
      purchases,
      refunds: purchases.slice(0, next() < 0.1 ? 1 : 0).map(({ orderId, at, amountMinor }) => ({
        refundId: `RF-${orderId}`,
        orderId,
        at: Math.min(at + DAY_MS, asOf),
        amountMinor: Math.ceil(amountMinor / 2),
        currency: 'CNY',
      })),
      interactions: Array.from({ length: Math.floor(next() * 13) }, (_, j) => ({ interactionId: `IX-${i}-${j}`, at: within(365) })),
      mergedInto: null,
      mergedFrom: [],
      erasedAt: null,
    };
  });
}
