import { addDays, type IsoDate } from '@ctp/calendar';
import { eventRegistry, overrideReasonCodes, type TierEvent } from '@ctp/contracts';
import fc from 'fast-check';
import type { TierCommand } from '../domain/commands.js';
import { decide } from '../domain/decide.js';
import { TieringError } from '../domain/errors.js';
import { evolve, initialTierState, type TierState } from '../domain/state.js';
import { testPolicy, valuesInBands } from '../domain/test-support/policies.js';

export const customerId = 'C-1';
const startDate: IsoDate = '2026-01-01';
const band = fc.integer({ min: 0, max: 4 });
const values = fc.tuple(band, band, band).map(([m, f, r]) => valuesInBands(m, f, r));
const overrideId = fc.constantFrom('OV-1', 'OV-2', 'OV-3');
/** Noon of the business date, so that expiries in days land on whole days. */
const noonOf = (date: IsoDate) => new Date(`${date}T12:00:00Z`);

/** One step of a customer's life: days after the previous one, and what happens then. */
const step = fc.tuple(
  fc.integer({ min: 0, max: 45 }),
  fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('reassess' as const), values }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('review' as const), values }), weight: 5 },
    {
      arbitrary: fc.record({
        kind: fc.constant('override' as const),
        overrideId,
        tier: fc.constantFrom(...testPolicy.tiers.map(({ tier }) => tier), 'platinum'),
        reasonCode: fc.constantFrom(...overrideReasonCodes),
        expiresInDays: fc.integer({ min: -3, max: 120 }),
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ kind: fc.constant('expire_override' as const), overrideId }), weight: 2 },
    { arbitrary: fc.constantFrom({ kind: 'withdraw' as const, reason: 'erased' as const }, { kind: 'withdraw' as const, reason: 'merged' as const }), weight: 1 },
  ),
);

type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

function commandOf([, what]: Step, date: IsoDate): TierCommand {
  const policy = testPolicy;
  switch (what.kind) {
    case 'reassess':
      return { kind: 'reassess', reason: 'facts_changed', customerId, snapshotDate: date, policy, values: what.values };
    case 'review':
      return { kind: 'review', customerId, reviewDate: date, policy, values: what.values };
    case 'override': {
      const now = noonOf(date);
      const expiresAt = new Date(now.getTime() + what.expiresInDays * 86_400_000).toISOString().replace('Z', '+00:00');
      const actor = { kind: 'api-key' as const, id: 'key-agent-1', role: 'agent' as const };
      return { kind: 'override', customerId, overrideId: what.overrideId, tier: what.tier, reasonCode: what.reasonCode, reason: 'contract', actor, expiresAt, now, policy };
    }
    case 'expire_override':
      return { kind: 'expire_override', customerId, overrideId: what.overrideId, now: noonOf(date) };
    case 'withdraw':
      return what.reason === 'merged' ? { kind: 'withdraw', customerId, reason: 'merged', mergedInto: 'C-2' } : { kind: 'withdraw', customerId, reason: 'erased', mergedInto: null };
  }
}

/** Commands on one customer in time order, from the first business day of 2026. */
export const tierCommands = fc.array(step, { minLength: 1, maxLength: 30 }).map((steps) => {
  let date = startDate;
  return steps.map((s) => {
    date = addDays(date, s[0]);
    return commandOf(s, date);
  });
});

/** The decider's outcome: events, or the domain's refusal; anything else is rethrown as the bug it is. */
export type Outcome = { readonly events: TierEvent[] } | { readonly refused: TieringError };

export function outcomeOf(command: TierCommand, state: TierState): Outcome {
  try {
    return { events: decide(command, state) };
  } catch (error) {
    if (error instanceof TieringError) return { refused: error };
    throw error;
  }
}

/** Every state reached on the way, with the command decided on it and what came of it. */
export function run(commands: readonly TierCommand[]) {
  let state: TierState = initialTierState;
  return commands.map((command) => {
    const before = state;
    const outcome = outcomeOf(command, before);
    if ('events' in outcome) state = outcome.events.reduce(evolve, before);
    return { before, command, outcome, after: state };
  });
}

export function expectContractValid(events: readonly TierEvent[]): void {
  for (const { type, data } of events) eventRegistry.parseData(type, eventRegistry.latest(type).version, data);
}
