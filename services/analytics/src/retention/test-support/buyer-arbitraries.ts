import fc from 'fast-check';
import { monthStartIn } from '../../metrics/period.js';
import type { Buyer } from '../buyers.js';

const hourMs = 3_600_000;
export const [historyStart, historyEnd] = [Date.parse('2023-01-01T00:00:00Z'), Date.parse('2026-12-31T00:00:00Z')];

/** Purchase instants: anywhere, and often within an hour of a midnight, where a change of offset moves the window's edge. */
const instant = (timeZone: string) => fc.oneof(
  fc.integer({ min: historyStart, max: historyEnd }),
  fc.tuple(fc.integer({ min: 0, max: 1_460 }), fc.integer({ min: -2 * hourMs, max: 2 * hourMs })).map(([day, offset]) => monthStartIn('2023-01', timeZone) + day * 86_400_000 + offset),
);

/** 1 to 30 buyers of 0 to 8 purchases each over 2023 to 2026. */
export const buyers = (timeZone: string) => fc.array(fc.array(instant(timeZone), { maxLength: 8 }), { minLength: 1, maxLength: 30 }).map((histories) =>
  histories.map((instants, index): Buyer => ({
    id: `C-${index}`,
    purchases: [...instants].sort((a, b) => a - b).map((at, order) => ({ orderId: `O-${index}-${order}`, at, amount: '1.00', recordedFor: `C-${index}`, refunded: false, trace: { position: '1', type: 'PurchaseRecorded' } })),
    mergedFrom: [],
    erased: false,
  })));

export const months = fc.tuple(fc.integer({ min: 2023, max: 2026 }), fc.integer({ min: 1, max: 12 })).map(([year, month]) => `${year}-${String(month).padStart(2, '0')}`);
