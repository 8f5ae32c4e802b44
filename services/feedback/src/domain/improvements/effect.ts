/** Counts of one period, before or after an action's start. */
export interface PeriodCounts {
  readonly from: string;
  readonly to: string;
  readonly complaints: number;
  readonly activeCustomers: number;
  /** CSAT answers in scope and how many were 4 or 5; null when no survey read model is there. */
  readonly csat: { readonly responses: number; readonly satisfied: number } | null;
}

export interface ProportionTest {
  readonly before: number | null;
  readonly after: number | null;
  readonly change: number | null;
  readonly z: number | null;
  /** "not enough data", "significant at 5 %" or "not significant at 5 %". */
  readonly note: string;
}

/** Minimum per period for the normal approximation: n >= 30, and at least 5 successes and 5 failures pooled. */
export const minimumSample = 30;
const minimumCount = 5;
const zAt5Percent = 1.96;

const ratio = (count: number, n: number) => (n === 0 ? null : count / n);

/**
 * Two-proportion z-test with a pooled proportion (NIST/SEMATECH e-Handbook of Statistical Methods, 7.3.3):
 * z = (p2 - p1) / sqrt(p (1 - p) (1/n1 + 1/n2)), p = (x1 + x2) / (n1 + n2); |z| >= 1.96 is significant at 5 %.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): ProportionTest {
  const before = ratio(x1, n1);
  const after = ratio(x2, n2);
  const change = before === null || after === null ? null : Math.round((after - before) * 1e6) / 1e6;
  const pooled = (x1 + x2) / (n1 + n2 || 1);
  const enough = n1 >= minimumSample && n2 >= minimumSample && x1 <= n1 && x2 <= n2 && x1 + x2 >= minimumCount && n1 + n2 - x1 - x2 >= minimumCount;
  if (!enough) return { before, after, change, z: null, note: `not enough data (each period needs n >= ${minimumSample}, and ${minimumCount} or more of each outcome pooled)` };
  const z = (after! - before!) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { before, after, change, z: Math.round(z * 1000) / 1000, note: Math.abs(z) >= zAt5Percent ? 'significant at 5 % (|z| >= 1.96)' : 'not significant at 5 % (|z| < 1.96)' };
}

/** The action's effect: complaint rate (complaints in scope / active customers) and CSAT (share of 4-5) before and after. */
export function measuredEffect(before: PeriodCounts, after: PeriodCounts) {
  const csat = before.csat && after.csat ? twoProportionTest(before.csat.satisfied, before.csat.responses, after.csat.satisfied, after.csat.responses) : null;
  return {
    before,
    after,
    complaintRate: twoProportionTest(before.complaints, before.activeCustomers, after.complaints, after.activeCustomers),
    csat: csat ?? { note: 'CSAT not measured: no survey responses are kept in this read model yet; complaint rate only' },
  };
}

/**
 * Equal periods meeting at the start day: after = [start, start + days), cut at today when it has not
 * ended; before = the same number of days just before the start. Days are business days (YYYY-MM-DD).
 */
export function equalPeriods(startsOn: string, days: number, today: string): { readonly days: number; readonly before: readonly [string, string]; readonly after: readonly [string, string] } {
  const dayMs = 86_400_000;
  const start = Date.parse(`${startsOn}T00:00:00Z`);
  const elapsed = Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - start) / dayMs));
  const length = Math.min(days, elapsed);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { days: length, before: [day(start - length * dayMs), startsOn], after: [startsOn, day(start + length * dayMs)] };
}
