import { createRng, type Rng, type Seed } from '@ctp/synthetic-data';

/** One unit of work the generator sends; each names the customer (and case) it concerns. */
export type Operation =
  | { readonly kind: 'register'; readonly customerId: string }
  | { readonly kind: 'purchase'; readonly customerId: string; readonly orderId: string; readonly amount: string }
  | { readonly kind: 'interaction'; readonly customerId: string; readonly channel: string }
  | { readonly kind: 'open_case'; readonly customerId: string; readonly caseId: string; readonly type: 'inquiry' | 'complaint'; readonly channel: string }
  | { readonly kind: 'reply'; readonly customerId: string; readonly caseId: string }
  | { readonly kind: 'resolve'; readonly customerId: string; readonly caseId: string }
  | { readonly kind: 'analyst_query'; readonly customerId: string };

export type OperationKind = Operation['kind'];

/** How often each kind comes, once every customer is registered (registrations come first). */
export const mix: Readonly<Record<Exclude<OperationKind, 'register'>, number>> = {
  purchase: 35,
  interaction: 15,
  open_case: 15,
  reply: 12,
  resolve: 8,
  analyst_query: 15,
};

export interface PlanOptions {
  readonly seed: Seed;
  /** Operations in all, registrations included. */
  readonly count: number;
  /** Customers registered first (at most `count`). */
  readonly customers: number;
  /** Tells this run's ids from another's (customers, orders, cases). */
  readonly runId: string;
}

const channels = ['phone', 'online', 'email', 'app'] as const;
const pick = <T>(rng: Rng, values: readonly T[]): T => values[Math.floor(rng.float() * values.length)]!;

function weightedKind(rng: Rng): Exclude<OperationKind, 'register'> {
  const entries = Object.entries(mix) as [Exclude<OperationKind, 'register'>, number][];
  let draw = rng.float() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [kind, weight] of entries) if ((draw -= weight) < 0) return kind;
  return entries.at(-1)![0];
}

/**
 * The whole run's operations in the order they are sent, the same for the same options: registrations first,
 * then the mix. A reply or resolution goes to a case this plan opened and has not resolved (a purchase instead
 * while none is open), so every operation is one the services accept.
 */
export function planOperations({ seed, count, customers, runId }: PlanOptions): Operation[] {
  const rng = createRng(seed, 'load-plan');
  const ids = Array.from({ length: Math.min(customers, count) }, (_, index) => `LOAD-${runId}-${index + 1}`);
  const operations: Operation[] = ids.map((customerId) => ({ kind: 'register', customerId }));
  const open: { customerId: string; caseId: string; replied: boolean }[] = [];
  let serial = 0;
  while (operations.length < count && ids.length > 0) {
    const kind = weightedKind(rng);
    const customerId = pick(rng, ids);
    serial += 1;
    if ((kind === 'reply' || kind === 'resolve') && open.length > 0) {
      const index = Math.floor(rng.float() * open.length);
      const target = open[index]!;
      if (kind === 'reply' || !target.replied) {
        target.replied = true;
        operations.push({ kind: 'reply', customerId: target.customerId, caseId: target.caseId });
      } else {
        open.splice(index, 1);
        operations.push({ kind: 'resolve', customerId: target.customerId, caseId: target.caseId });
      }
    } else if (kind === 'open_case') {
      const caseId = `LOAD-${runId}-K${serial}`;
      open.push({ customerId, caseId, replied: false });
      operations.push({ kind, customerId, caseId, type: rng.float() < 0.3 ? 'complaint' : 'inquiry', channel: pick(rng, channels) });
    } else if (kind === 'interaction') {
      operations.push({ kind, customerId, channel: pick(rng, channels) });
    } else if (kind === 'analyst_query') {
      operations.push({ kind, customerId });
    } else {
      operations.push({ kind: 'purchase', customerId, orderId: `LOAD-${runId}-O${serial}`, amount: (20 + Math.floor(rng.float() * 980)).toFixed(2) });
    }
  }
  return operations;
}
